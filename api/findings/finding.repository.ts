import type { Kysely } from 'kysely';
import type { Database, FindingStatus } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';
import { deliveryRepository as deliveries } from '../delivery/delivery.repository.js';

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
    /** The finding's notices with their channels and evidence events (the delivery module's tables). */
    async notices(findingId: string) {
      const rows = await deliveries.ofFinding(db, findingId);
      const ids = rows.map((d) => d.id);
      const [channels, events] = await Promise.all([deliveries.channels(db, ids), deliveries.events(db, ids)]);
      return { deliveries: rows, channels, events };
    },
    attachments: (findingId: string) => db.selectFrom('finding_attachments').selectAll().where('finding_id', '=', findingId).orderBy('uploaded_at').execute(),
    events: (findingId: string) => db.selectFrom('finding_events').selectAll().where('finding_id', '=', findingId).orderBy('id').execute(),
    /** The steps of a finding's trail that both sides see, with the name of the user who took each. */
    steps: (findingId: string, kinds: readonly string[]) =>
      db
        .selectFrom('finding_events as e')
        .leftJoin('users as u', (j) => j.on((eb) => eb(eb.cast('u.id', 'text'), '=', eb.ref('e.actor_id'))))
        .select(['e.id', 'e.kind', 'e.actor_type', 'e.detail', 'e.at', 'u.display_name as actor_name', 'u.role as actor_role'])
        .where('e.finding_id', '=', findingId)
        .where('e.kind', 'in', kinds)
        .orderBy('e.id')
        .execute(),
    /** The officer's decisions on a finding (answer to the dispute, referral), oldest first. */
    decisions: (findingId: string) =>
      db
        .selectFrom('finding_decisions as d')
        .innerJoin('users as u', 'u.id', 'd.decided_by')
        .selectAll('d')
        .select('u.display_name as decided_by_name')
        .where('d.finding_id', '=', findingId)
        .orderBy('d.decided_at')
        .execute(),
    /**
     * The officers' worklist, in scope: disputes awaiting their answer (oldest answer first), or
     * findings the business has not answered — still open (nearest deadline first) or expired.
     */
    worklist(scope: Scope, queue: 'disputed' | 'unanswered', limit: number) {
      const q = scoped(scope);
      return queue === 'disputed'
        ? q.where('fi.status', '=', 'disputed').orderBy('fi.responded_at', 'asc').orderBy('fi.id').limit(limit).execute()
        : q.where('fi.status', 'in', ['notified', 'expired']).orderBy('fi.respond_by', 'asc').orderBy('fi.id').limit(limit).execute();
    },
    async worklistCounts(scope: Scope) {
      const rows = await scoped(scope)
        .clearSelect()
        .select(['fi.status', (eb) => eb.fn.countAll<string>().as('n')])
        .where('fi.status', 'in', ['notified', 'expired', 'disputed'])
        .groupBy('fi.status')
        .execute();
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      return { disputed: n('disputed'), unanswered: n('notified') + n('expired') };
    },
  };
}
export type FindingRepository = ReturnType<typeof createFindingRepository>;
export type FindingView = NonNullable<Awaited<ReturnType<FindingRepository['get']>>>;
