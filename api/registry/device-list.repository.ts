import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { inScope, type Scope } from '../access/scope.js';

/**
 * `online` is the stream's last word (device_health.online); a device never heard from is offline.
 * Retired devices are left out unless the status filter asks for them.
 */
export type DeviceListFilter = { category?: string; online?: boolean; status?: string; kind?: 'camera' | 'sensor'; limit: number; offset: number };

/** The staff device list (issue 16: the records behind the dashboard's device figures); every read scoped. */
export function createDeviceListRepository(db: Db) {
  return {
    async list(scope: Scope, f: DeviceListFilter) {
      let q = db
        .selectFrom('devices as d')
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .innerJoin('agencies as a', 'a.id', 'b.agency_id')
        .innerJoin('sites as s', 's.id', 'd.site_id')
        .leftJoin('device_health as h', 'h.device_id', 'd.id')
        .where(inScope(scope));
      if (f.category) q = q.where('b.category', '=', f.category as never);
      if (f.kind) q = q.where('d.kind', '=', f.kind);
      q = f.status ? q.where('d.status', '=', f.status as never) : q.where('d.status', '!=', 'retired');
      if (f.online === true) q = q.where('h.online', '=', true);
      if (f.online === false) q = q.where(sql<boolean>`h.online IS NOT TRUE`);
      const [items, total] = await Promise.all([
        q
          .select(['d.id', 'd.name', 'd.kind', 'd.status', 'd.business_id', 'b.name as business_name', 'b.category', 's.name as site_name', 'a.id as agency_id', 'a.name as agency_name', 'h.online', 'h.since'])
          .orderBy('a.path')
          .orderBy('b.name')
          .orderBy('d.name')
          .orderBy('d.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}
export type DeviceListRepository = ReturnType<typeof createDeviceListRepository>;
