import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository } from './business.repository.js';
import type { Access } from '../access/access.service.js';
import type { DeviceInput, DevicePatch, SiteInput, SitePatch } from './registry.schemas.js';

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Sites of a business and the devices at each site. Never hard-deleted: archived / retired. */
export function createSiteDeviceService(deps: { db: Db; repo: BusinessRepository; access: Access; events: EventBus }) {
  const { db, repo, access, events } = deps;
  const ledger = (caller: Caller) => ({ actor: actorOf(caller.user), requestId: caller.requestId });

  /** The active business that owns the record, if the caller may edit it. */
  async function activeOwner(caller: Caller, kind: 'business' | 'site' | 'device', id: string) {
    const owner = await access.require(caller, 'business.write', { kind, id });
    const b = await repo.byId(owner.businessId!);
    if (!b || b.status !== 'active') throw new AppError('conflict', '');
    return b;
  }

  return {
    async createSite(caller: Caller, businessId: string, input: z.infer<typeof SiteInput>) {
      await activeOwner(caller, 'business', businessId);
      const row = await db.transaction().execute(async (trx) => {
        const site = await trx
          .insertInto('sites')
          .values({ business_id: businessId, name: input.name, address: input.address, opening_hours: input.openingHours })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { ...ledger(caller), action: 'site.created', entityType: 'site', entityId: site.id, state: site });
        return site;
      });
      events.emit('registry:changed', { entity: 'site', id: row.id });
      return row;
    },

    async updateSite(caller: Caller, id: string, patch: z.infer<typeof SitePatch>) {
      await activeOwner(caller, 'site', id);
      const row = await db.transaction().execute(async (trx) => {
        const site = await trx
          .updateTable('sites')
          .set((eb) => ({ ...defined({ name: patch.name, address: patch.address, opening_hours: patch.openingHours }), version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .where('version', '=', patch.version)
          .returningAll()
          .executeTakeFirst();
        if (!site) throw new AppError('version_conflict', '');
        await appendLedger(trx, { ...ledger(caller), action: 'site.updated', entityType: 'site', entityId: id, state: site });
        return site;
      });
      events.emit('registry:changed', { entity: 'site', id });
      return row;
    },

    async archiveSite(caller: Caller, id: string, reason: string) {
      await activeOwner(caller, 'site', id);
      const row = await db.transaction().execute(async (trx) => {
        const site = await trx
          .updateTable('sites')
          .set((eb) => ({ status: 'archived', archive_reason: reason, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .where('status', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (!site) throw new AppError('conflict', '');
        await appendLedger(trx, { ...ledger(caller), action: 'site.archived', entityType: 'site', entityId: id, state: site, context: { reason } });
        return site;
      });
      events.emit('registry:changed', { entity: 'site', id });
      return row;
    },

    async createDevice(caller: Caller, siteId: string, input: z.infer<typeof DeviceInput>) {
      const b = await activeOwner(caller, 'site', siteId);
      const row = await db.transaction().execute(async (trx) => {
        const site = await trx.selectFrom('sites').select('status').where('id', '=', siteId).executeTakeFirstOrThrow();
        if (site.status !== 'active') throw new AppError('conflict', '');
        const device = await trx
          .insertInto('devices')
          .values({
            site_id: siteId,
            business_id: b.id,
            name: input.name,
            kind: input.kind,
            mobility: input.mobility,
            points_at: input.pointsAt,
            coverage: input.coverage,
            records_audio: input.recordsAudio,
            calibration_date: input.calibrationDate,
            calibration_due_date: input.calibrationDueDate,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { ...ledger(caller), action: 'device.registered', entityType: 'device', entityId: device.id, state: device });
        return device;
      });
      events.emit('registry:changed', { entity: 'device', id: row.id });
      return row;
    },

    async updateDevice(caller: Caller, id: string, patch: z.infer<typeof DevicePatch>) {
      await activeOwner(caller, 'device', id);
      const row = await db.transaction().execute(async (trx) => {
        const device = await trx
          .updateTable('devices')
          .set((eb) => ({
            ...defined({
              name: patch.name,
              kind: patch.kind,
              mobility: patch.mobility,
              points_at: patch.pointsAt,
              coverage: patch.coverage,
              records_audio: patch.recordsAudio,
              calibration_date: patch.calibrationDate,
              calibration_due_date: patch.calibrationDueDate,
            }),
            version: eb('version', '+', 1),
            updated_at: new Date(),
          }))
          .where('id', '=', id)
          .where('version', '=', patch.version)
          .where('status', '!=', 'retired')
          .returningAll()
          .executeTakeFirst();
        if (!device) throw new AppError('version_conflict', '');
        await appendLedger(trx, { ...ledger(caller), action: 'device.updated', entityType: 'device', entityId: id, state: device });
        return device;
      });
      events.emit('registry:changed', { entity: 'device', id });
      return row;
    },

    async retireDevice(caller: Caller, id: string, reason: string) {
      await activeOwner(caller, 'device', id);
      const row = await db.transaction().execute(async (trx) => {
        const device = await trx
          .updateTable('devices')
          .set((eb) => ({ status: 'retired', status_reason: reason, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .where('status', '!=', 'retired')
          .returningAll()
          .executeTakeFirst();
        if (!device) throw new AppError('conflict', '');
        await appendLedger(trx, { ...ledger(caller), action: 'device.retired', entityType: 'device', entityId: id, state: device, context: { reason } });
        return device;
      });
      events.emit('registry:changed', { entity: 'device', id });
      return row;
    },
  };
}
export type SiteDeviceService = ReturnType<typeof createSiteDeviceService>;
