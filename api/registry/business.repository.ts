import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { onlineIn } from '../../core/dashboard/online-days.js';
import { escapeLike, inScope, type Scope } from '../access/scope.js';

/**
 * `coverage` (issue 16, the dashboard's 覆盖率): covered = with `from`/`to` (Beijing days), a device
 * online on some day of them while under consent — what the dashboard counts (device_online_years:
 * core/dashboard/online-days.ts); without, at least one active device in a consent in force online now.
 */
export type BusinessFilter = { q?: string; category?: string; agencyId?: string; status?: string; coverage?: 'covered' | 'uncovered'; from?: string; to?: string; limit: number; offset: number };

/** The only place that queries businesses; every read is scoped. */
export function createBusinessRepository(db: Db) {
  const base = (scope: Scope) =>
    db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').where(inScope(scope));

  return {
    async list(scope: Scope, f: BusinessFilter) {
      let q = base(scope);
      if (f.q) {
        const like = `%${escapeLike(f.q)}%`;
        q = q.where((eb) => eb.or([eb('b.name', 'ilike', like), eb('b.credit_code', 'like', like.toUpperCase())]));
      }
      if (f.category) q = q.where('b.category', '=', f.category as never);
      if (f.agencyId) q = q.where('b.agency_id', '=', f.agencyId);
      if (f.status) q = q.where('b.status', '=', f.status as never);
      if (f.coverage) {
        const covered = f.from && f.to
          ? sql<boolean>`EXISTS (SELECT 1 FROM devices d JOIN device_online_years y ON y.device_id = d.id WHERE d.business_id = b.id AND ${onlineIn('y', f.from, f.to)})`
          : sql<boolean>`EXISTS (SELECT 1 FROM devices d JOIN device_health h ON h.device_id = d.id
          WHERE d.business_id = b.id AND d.status = 'active' AND h.online
            AND EXISTS (SELECT 1 FROM consent_devices cd JOIN consents c ON c.id = cd.consent_id WHERE cd.device_id = d.id AND c.status = 'active'))`;
        q = q.where(f.coverage === 'covered' ? covered : sql<boolean>`NOT ${covered}`);
      }
      const [items, total] = await Promise.all([
        q.selectAll('b').select('a.name as agency_name').orderBy('b.updated_at', 'desc').orderBy('b.id').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    /** A business in scope, or undefined. */
    async get(scope: Scope, id: string) {
      return base(scope).selectAll('b').select('a.name as agency_name').where('b.id', '=', id).executeTakeFirst();
    },

    /** A business by id, unscoped: for callers whose access was checked (access.require). */
    async byId(id: string) {
      return db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').selectAll('b').select('a.name as agency_name').where('b.id', '=', id).executeTakeFirst();
    },

    async detail(businessId: string) {
      const [sites, devices, addresses] = await Promise.all([
        db.selectFrom('sites').selectAll().where('business_id', '=', businessId).orderBy('created_at').execute(),
        db.selectFrom('devices').selectAll().where('business_id', '=', businessId).orderBy('created_at').execute(),
        db.selectFrom('service_addresses').selectAll().where('business_id', '=', businessId).orderBy('created_at').execute(),
      ]);
      return { sites, devices, addresses };
    },
  };
}
export type BusinessRepository = ReturnType<typeof createBusinessRepository>;
