import type { Kysely } from 'kysely';
import type { Database, FindingStatus } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';

/** Reads of findings, scoped: a business sees its own, staff their agency subtree. */
export function createFindingRepository(db: Kysely<Database>) {
  const base = () =>
    db
      .selectFrom('findings as fi')
      .innerJoin('flags as f', 'f.id', 'fi.flag_id')
      .innerJoin('businesses as b', 'b.id', 'fi.business_id')
      .innerJoin('sites as s', 's.id', 'fi.site_id')
      .innerJoin('devices as d', 'd.id', 'fi.device_id')
      .innerJoin('agencies as a', 'a.id', 'fi.agency_id')
      .leftJoin('analysis_rule_versions as rv', (j) => j.onRef('rv.rule_id', '=', 'f.rule_id').onRef('rv.version', '=', 'f.rule_version'))
      .selectAll('fi')
      .select(['f.type', 'f.started_at as occurred_at', 'f.snapshot_sha256', 'f.clip_sha256', 'f.peak_score', 'b.name as business_name', 's.name as site_name', 's.address as site_address', 'd.name as device_name', 'a.name as agency_name', 'a.path as agency_path', 'rv.name as rule_name']);
  const scoped = (scope: Scope) => {
    const q = base();
    return scope.kind === 'business' ? q.where('fi.business_id', '=', scope.businessId) : q.where('a.path', 'like', `${escapeLike(scope.path)}%`);
  };
  return {
    list(scope: Scope, filter: { status?: FindingStatus }, limit: number) {
      let q = scoped(scope);
      if (filter.status) q = q.where('fi.status', '=', filter.status);
      return q.orderBy('fi.created_at', 'desc').orderBy('fi.id', 'desc').limit(limit).execute();
    },
    get: (scope: Scope, id: string) => scoped(scope).where('fi.id', '=', id).executeTakeFirst(),
    /** Unscoped: the platform's own use (the notices it sends), never a user's request. */
    byId: (id: string) => base().where('fi.id', '=', id).executeTakeFirst(),
    getByFlag: (scope: Scope, flagId: string) => scoped(scope).where('fi.flag_id', '=', flagId).executeTakeFirst(),
    deliveries: (findingId: string) => db.selectFrom('finding_deliveries').selectAll().where('finding_id', '=', findingId).orderBy('created_at').orderBy('channel').execute(),
    attachments: (findingId: string) => db.selectFrom('finding_attachments').selectAll().where('finding_id', '=', findingId).orderBy('uploaded_at').execute(),
    events: (findingId: string) => db.selectFrom('finding_events').selectAll().where('finding_id', '=', findingId).orderBy('id').execute(),
  };
}
export type FindingRepository = ReturnType<typeof createFindingRepository>;
export type FindingView = NonNullable<Awaited<ReturnType<FindingRepository['get']>>>;
