import { rolesWith } from '../../core/access/permissions.js';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database, DismissReason, FlagReviewRow, FlagRow, ReviewAction, ReviewStatus } from '../../core/db/database.js';
import { escapeLike, inScope, type Scope } from '../access/scope.js';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['new', 'in_review', 'awaiting_second', 'escalated', 'confirmed', 'dismissed'];
/** Statuses still waiting for a decision: what the queue shows by default. */
export const OPEN_STATUSES: readonly ReviewStatus[] = ['new', 'in_review', 'awaiting_second', 'escalated'];

export type QueueFilter = {
  agencyId?: string;
  districtId?: string;
  category?: string;
  businessId?: string;
  deviceId?: string;
  ruleId?: string;
  type?: string;
  status?: ReviewStatus | 'open';
  assignedTo?: string;
  from?: Date;
  to?: Date;
  /** Flags from this source only (the dashboard's tamper events: 'tamper'). */
  source?: 'rule' | 'tamper' | 'sensor';
  /**
   * Only overdue flags as of this moment (issue 16, the dashboard's 逾期): decided after their
   * deadline, or still open with the deadline passed.
   */
  overdueAt?: Date;
};
export type QueueSort = 'deadline' | 'newest';
/** Keyset position: the sort column to the microsecond (as text) and the id. */
export type QueueCursor = { at: string; id: string };

const US = (col: string) => sql<string>`to_char(${sql.ref(col)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The only place that reads and writes review state; reads are scoped to the caller's subtree. */
export function createReviewRepository(db: Db) {
  const subtree = (agencyId: string) =>
    sql<boolean>`a.path LIKE (SELECT replace(replace(replace(path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' FROM agencies WHERE id = ${agencyId})`;

  /**
   * The agencies whose flags the caller may see under the filters: his subtree, narrowed to the
   * agencyId / districtId subtrees (null for a business, scoped by business id). Flags are then
   * filtered by agency_id, which the planner estimates from its statistics (a join on the path
   * looked like a few rows and made it sort every open flag before the LIMIT).
   */
  const agencyIds = async (scope: Scope, f: QueueFilter): Promise<string[] | null> => {
    if (scope.kind === 'business') return null;
    let q = db.selectFrom('agencies as a').select('a.id').where('a.path', 'like', `${escapeLike(scope.path)}%`);
    if (f.agencyId) q = q.where(subtree(f.agencyId));
    if (f.districtId) q = q.where(subtree(f.districtId));
    return (await q.execute()).map((r) => r.id);
  };

  const base = (scope: Scope, ids: string[] | null, f: QueueFilter) => {
    let q = db.selectFrom('flags as f');
    if (ids === null) q = q.where('f.business_id', '=', scope.kind === 'business' ? scope.businessId : '00000000-0000-0000-0000-000000000000');
    else if (ids.length === 0) q = q.where(sql<boolean>`false`);
    else q = q.where('f.agency_id', 'in', ids);
    if (f.category) q = q.where('f.category', '=', f.category);
    if (f.businessId) q = q.where('f.business_id', '=', f.businessId);
    if (f.deviceId) q = q.where('f.device_id', '=', f.deviceId);
    if (f.ruleId) q = q.where('f.rule_id', '=', f.ruleId);
    if (f.type) q = q.where('f.type', '=', f.type as never);
    if (f.assignedTo) q = q.where('f.assigned_to', '=', f.assignedTo);
    if (f.from) q = q.where('f.created_at', '>=', f.from);
    if (f.to) q = q.where('f.created_at', '<', f.to);
    if (f.source) q = q.where('f.source', '=', f.source);
    if (f.overdueAt) {
      const at = f.overdueAt;
      q = q.where((eb) => eb.or([eb('f.decided_at', '>', eb.ref('f.deadline_at')), eb.and([eb('f.review_status', 'in', OPEN_STATUSES), eb('f.deadline_at', '<', at)])]));
    }
    return q;
  };

  const withStatus = <Q extends ReturnType<typeof base>>(q: Q, status: QueueFilter['status']): Q =>
    (status === 'open' ? q.where('f.review_status', 'in', OPEN_STATUSES) : status ? q.where('f.review_status', '=', status) : q) as Q;

  return {
    /** One page of the queue (one row more than `limit` says there is a next page). */
    async page(scope: Scope, f: QueueFilter, sort: QueueSort, limit: number, cursor: QueueCursor | null) {
      let q = withStatus(base(scope, await agencyIds(scope, f), f), f.status)
        .innerJoin('agencies as a', 'a.id', 'f.agency_id')
        .innerJoin('businesses as b', 'b.id', 'f.business_id')
        .innerJoin('devices as d', 'd.id', 'f.device_id')
        .innerJoin('sites as s', 's.id', 'f.site_id')
        .leftJoin('analysis_rule_versions as v', (j) => j.onRef('v.rule_id', '=', 'f.rule_id').onRef('v.version', '=', 'f.rule_version'))
        .leftJoin('users as u', 'u.id', 'f.assigned_to')
        .select([
          'f.id', 'f.type', 'f.source', 'f.state', 'f.device_id', 'f.business_id', 'f.agency_id', 'f.category', 'f.rule_id', 'f.rule_version',
          'f.started_at', 'f.ended_at', 'f.created_at', 'f.peak_score', 'f.evidence_status', 'f.snapshot_sha256', 'f.review_status', 'f.review_version',
          'f.deadline_at', 'f.assigned_to', 'f.overdue_escalated_at', 'f.decided_at', 'f.dismiss_reason',
          'd.name as device_name', 's.name as site_name', 'b.name as business_name', 'a.name as agency_name', 'v.name as rule_name', 'u.display_name as assignee_name',
        ])
        .select(sort === 'deadline' ? US('f.deadline_at').as('cursor_at') : US('f.created_at').as('cursor_at'));
      if (sort === 'deadline') {
        if (cursor) q = q.where(sql<boolean>`(f.deadline_at, f.id) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
        q = q.orderBy('f.deadline_at', 'asc').orderBy('f.id', 'asc');
      } else {
        if (cursor) q = q.where(sql<boolean>`(f.created_at, f.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
        q = q.orderBy('f.created_at', 'desc').orderBy('f.id', 'desc');
      }
      return q.limit(limit + 1).execute();
    },

    /**
     * Flags per review status under the same filters, whatever the status filter and page: all
     * still open (and how many of them are overdue at `now`), and those decided since `decidedSince`
     * (counting every decision ever made would read the whole history on every refresh).
     */
    async counts(scope: Scope, f: QueueFilter, now: Date, decidedSince: Date) {
      const ids = await agencyIds(scope, f);
      const [open, decided] = await Promise.all([
        base(scope, ids, f)
          .select(['f.review_status', sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE f.deadline_at < ${now})`.as('overdue')])
          .where('f.review_status', 'in', OPEN_STATUSES)
          .groupBy('f.review_status')
          .execute(),
        base(scope, ids, f).select(['f.review_status', sql<string>`count(*)`.as('n')]).where('f.decided_at', '>=', decidedSince).groupBy('f.review_status').execute(),
      ]);
      const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
      let overdue = 0;
      for (const r of open) {
        counts[r.review_status] = Number(r.n);
        overdue += Number(r.overdue);
      }
      for (const r of decided) counts[r.review_status] = Number(r.n);
      return { ...counts, overdue };
    },

    /** How many flags the filters select (a list export's size, checked before it starts). */
    count: async (scope: Scope, f: QueueFilter) =>
      Number((await withStatus(base(scope, await agencyIds(scope, f), f), f.status).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),

    /** The flag row if the caller may see it (undefined otherwise). */
    scoped: (scope: Scope, id: string) => db.selectFrom('flags as f').innerJoin('agencies as a', 'a.id', 'f.agency_id').innerJoin('businesses as b', 'b.id', 'f.business_id').where(inScope(scope)).where('f.id', '=', id).selectAll('f').executeTakeFirst(),

    /** Locks the flag row for a decision. */
    lock: (trx: Kysely<Database>, id: string) => trx.selectFrom('flags').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    /** Writes a review state change if the version still matches; undefined when it did not. */
    update: (trx: Kysely<Database>, id: string, expectedVersion: number, set: Partial<Pick<FlagRow, 'review_status' | 'assigned_to' | 'first_confirmed_by' | 'decided_at' | 'decided_by' | 'dismiss_reason' | 'overdue_escalated_at'>>) =>
      trx
        .updateTable('flags')
        .set({ ...set, review_version: sql<number>`review_version + 1`, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('review_version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst(),

    addReview: (trx: Kysely<Database>, r: { flagId: string; action: ReviewAction; actorId: string | null; from: ReviewStatus; to: ReviewStatus; assignedTo?: string | null; reasonCode?: DismissReason | null; note?: string | null; requestId?: string | null; at?: Date }) =>
      trx
        .insertInto('flag_reviews')
        .values({ flag_id: r.flagId, action: r.action, actor_id: r.actorId, from_status: r.from, to_status: r.to, assigned_to: r.assignedTo ?? null, reason_code: r.reasonCode ?? null, note: r.note ?? null, request_id: r.requestId ?? null, ...(r.at ? { at: r.at } : {}) })
        .returningAll()
        .executeTakeFirstOrThrow(),

    userName: async (id: string) => (await db.selectFrom('users').select('display_name').where('id', '=', id).executeTakeFirst())?.display_name ?? null,

    /** Who opened, viewed and decided a flag, oldest first. */
    history: (flagId: string) =>
      db
        .selectFrom('flag_reviews as r')
        .leftJoin('users as u', 'u.id', 'r.actor_id')
        .leftJoin('users as t', 't.id', 'r.assigned_to')
        .select(['r.id', 'r.action', 'r.actor_id', 'u.display_name as actor_name', 'r.at', 'r.from_status', 'r.to_status', 'r.assigned_to', 't.display_name as assignee_name', 'r.reason_code', 'r.note'])
        .where('r.flag_id', '=', flagId)
        .orderBy('r.at')
        .orderBy('r.id')
        .execute(),

    /** The business's other flags, newest first. */
    businessFlags: (businessId: string, exceptId: string, limit: number) =>
      db
        .selectFrom('flags as f')
        .innerJoin('devices as d', 'd.id', 'f.device_id')
        .select(['f.id', 'f.type', 'f.created_at', 'f.started_at', 'f.review_status', 'f.dismiss_reason', 'd.name as device_name'])
        .where('f.business_id', '=', businessId)
        .where('f.id', '!=', exceptId)
        .orderBy('f.created_at', 'desc')
        .limit(limit)
        .execute(),

    /** A user who may be assigned a flag of this agency: an active officer or manager of the agency or one above it. */
    assignable: (userId: string, flagAgencyId: string) =>
      db
        .selectFrom('users as u')
        .innerJoin('agencies as ua', 'ua.id', 'u.agency_id')
        .select(['u.id', 'u.display_name'])
        .where('u.id', '=', userId)
        .where('u.status', '=', 'active')
        .where('u.role', 'in', rolesWith('flag.assignee'))
        .where(sql<boolean>`(SELECT path FROM agencies WHERE id = ${flagAgencyId}) LIKE replace(replace(replace(ua.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`)
        .executeTakeFirst(),

    /** Officers and managers who may be assigned flags in the caller's subtree. */
    assignees: (scope: Scope) =>
      db
        .selectFrom('users as u')
        .innerJoin('agencies as a', 'a.id', 'u.agency_id')
        .select(['u.id', 'u.display_name', 'u.role', 'a.name as agency_name'])
        .where('u.status', '=', 'active')
        .where('u.role', 'in', rolesWith('flag.assignee'))
        .$if(scope.kind === 'agency', (q) => q.where('a.path', 'like', `${escapeLike(scope.kind === 'agency' ? scope.path : '')}%`))
        .orderBy('u.display_name')
        .execute(),
  };
}
export type ReviewRepository = ReturnType<typeof createReviewRepository>;
export type QueueRow = Awaited<ReturnType<ReviewRepository['page']>>[number];
export type HistoryRow = Awaited<ReturnType<ReviewRepository['history']>>[number];
export type { FlagReviewRow };
