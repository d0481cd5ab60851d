import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository, BusinessFilter } from './business.repository.js';
import type { Access } from '../access/access.service.js';
import { isUniqueViolation } from './unique-violation.js';
import type { BusinessInput, BusinessPatch } from './registry.schemas.js';

type Input = z.infer<typeof BusinessInput>;
type Patch = z.infer<typeof BusinessPatch>;

export function createBusinessService(deps: { db: Db; repo: BusinessRepository; access: Access; events: EventBus }) {
  const { db, repo, access, events } = deps;

  /** The district must be in the caller's agency subtree. */
  async function checkAgency(caller: Caller, agencyId: string) {
    const a = await db.selectFrom('agencies').select(['level', 'path']).where('id', '=', agencyId).executeTakeFirst();
    if (!a || a.level !== 'district') throw new AppError('validation_failed', '', [{ path: ['agencyId'], message: 'agency.not_district' }]);
    if (!caller.user.agencyPath || !a.path.startsWith(caller.user.agencyPath)) {
      throw new AppError('validation_failed', '', [{ path: ['agencyId'], message: 'agency.out_of_scope' }]);
    }
  }

  const takenCode = (e: unknown) => {
    if (isUniqueViolation(e, 'businesses_credit_code_key')) throw new AppError('conflict', 'uscc.taken', [{ path: ['creditCode'], message: 'uscc.taken' }]);
    throw e;
  };

  /** The business, if the caller may read it — or with 'business.write' edit it (403 outside his scope, 404 when there is none). */
  async function inScope(caller: Caller, id: string, permission: 'business.read' | 'business.write' = 'business.read') {
    await access.require(caller, permission, { kind: 'business', id });
    const b = await repo.byId(id);
    if (!b) throw new AppError('not_found', '');
    return b;
  }
  const forEdit = (caller: Caller, id: string) => inScope(caller, id, 'business.write');
  const reload = (caller: Caller, id: string) => inScope(caller, id);

  return {
    list: async (caller: Caller, { regionId, ...f }: BusinessFilter & { regionId?: string }) => repo.list(await access.regionScope(caller, 'business.read', regionId), f),

    async get(caller: Caller, id: string) {
      const b = await inScope(caller, id);
      return { business: b, ...(await repo.detail(id)) };
    },

    async create(caller: Caller, input: Input) {
      access.assert(caller, 'business.write');
      await checkAgency(caller, input.agencyId);
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .insertInto('businesses')
            .values({ name: input.name, credit_code: input.creditCode, category: input.category, agency_id: input.agencyId, address: input.address, contacts: JSON.stringify(input.contacts) })
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendLedger(trx, { actor: actorOf(caller.user), action: 'business.created', entityType: 'business', entityId: row.id, state: row, requestId: caller.requestId });
          return row.id;
        })
        .catch(takenCode);
      events.emit('registry:changed', { entity: 'business', id });
      return reload(caller, id);
    },

    async update(caller: Caller, id: string, patch: Patch) {
      const current = await forEdit(caller, id);
      if (patch.agencyId && patch.agencyId !== current.agency_id) await checkAgency(caller, patch.agencyId);
      await db
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .updateTable('businesses')
            .set((eb) => ({
              ...(patch.name !== undefined && { name: patch.name }),
              ...(patch.creditCode !== undefined && { credit_code: patch.creditCode }),
              ...(patch.category !== undefined && { category: patch.category }),
              ...(patch.agencyId !== undefined && { agency_id: patch.agencyId }),
              ...(patch.address !== undefined && { address: patch.address }),
              ...(patch.contacts !== undefined && { contacts: JSON.stringify(patch.contacts) }),
              version: eb('version', '+', 1),
              updated_at: new Date(),
            }))
            .where('id', '=', id)
            .where('version', '=', patch.version)
            .returningAll()
            .executeTakeFirst();
          if (!row) throw new AppError('version_conflict', '');
          await appendLedger(trx, { actor: actorOf(caller.user), action: 'business.updated', entityType: 'business', entityId: id, state: row, requestId: caller.requestId });
        })
        .catch(takenCode);
      events.emit('registry:changed', { entity: 'business', id });
      return reload(caller, id);
    },

    async archive(caller: Caller, id: string, reason: string) {
      const current = await forEdit(caller, id);
      if (current.status === 'archived') throw new AppError('conflict', '');
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('businesses')
          .set((eb) => ({ status: 'archived', archive_reason: reason, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'business.archived', entityType: 'business', entityId: id, state: row, requestId: caller.requestId, context: { reason } });
      });
      events.emit('registry:changed', { entity: 'business', id });
      return reload(caller, id);
    },
  };
}
export type BusinessService = ReturnType<typeof createBusinessService>;
