import type { Kysely } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database, DismissReason, FlagRow, ReviewAction, ReviewStatus } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { shanghaiDay } from '../../core/review/deadline.js';
import { policyFor } from '../../core/review/policy.repository.js';
import type { NoticeEnqueue } from '../findings/finding-notices.js';
import { openFindingForConfirmedFlag } from '../findings/finding.service.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { scopeOf } from '../access/scope.js';
import type { QueueCursor, QueueFilter, QueueSort, ReviewRepository } from './review.repository.js';

const FINAL: readonly ReviewStatus[] = ['confirmed', 'dismissed'];

const decided = () => new AppError('conflict', '该线索已处置完毕 (this flag has already been decided)');

type Change = {
  action: ReviewAction;
  set: Parameters<ReviewRepository['update']>[3] | null;
  to?: ReviewStatus;
  assignedTo?: string | null;
  reasonCode?: DismissReason | null;
  note?: string | null;
  /** The flag is now confirmed: open the business's finding (R6) in the same transaction. */
  final?: boolean;
};

/**
 * The officer's review of flags (R5): open (claim), assign, confirm (two officers where the
 * policy says so), dismiss with a reason, escalate. Each is the flag row's change, a
 * flag_reviews row and their ledger entries in one transaction; a stale version is refused.
 */
export function createReviewService(deps: { db: Db; repo: ReviewRepository; access: Access; events: EventBus; enqueueDelivery?: NoticeEnqueue | null; now?: () => Date }) {
  const { db, repo, access, events } = deps;
  const now = deps.now ?? (() => new Date());

  /** The flag, if the caller may review it: 403 outside his subtree (nothing changes), 404 when there is none. */
  async function flagFor(caller: Caller, flagId: string, permission: 'flag.review' | 'flag.read' = 'flag.review') {
    await access.require(caller, permission, { kind: 'flag', id: flagId });
    const f = await repo.scoped(scopeOf(caller.user), flagId);
    if (!f) throw new AppError('forbidden', ''); // in scope, but not visible to this caller (e.g. a draft)
    return f;
  }

  function emit(f: FlagRow) {
    events.emit('flag:changed', { id: f.id, deviceId: f.device_id, agencyId: f.agency_id, type: f.type, state: f.state, evidence: f.evidence_status, reviewStatus: f.review_status });
  }

  /** Applies one change to a locked flag; `plan` sees the current row and says what changes. */
  async function change(caller: Caller, flagId: string, expectedVersion: number | undefined, plan: (cur: FlagRow, trx: Kysely<Database>) => Promise<Change> | Change) {
    await flagFor(caller, flagId);
    const row = await db.transaction().execute(async (trx) => {
      const cur = await repo.lock(trx, flagId);
      if (!cur) throw new AppError('not_found', '');
      if (expectedVersion !== undefined && cur.review_version !== expectedVersion) throw new AppError('version_conflict', '');
      const c = await plan(cur, trx);
      const next = c.set ? await repo.update(trx, flagId, cur.review_version, c.set) : cur;
      if (!next) throw new AppError('version_conflict', '');
      const review = await repo.addReview(trx, { flagId, action: c.action, actorId: caller.user.id, from: cur.review_status, to: next.review_status, assignedTo: c.assignedTo, reasonCode: c.reasonCode, note: c.note, requestId: caller.requestId });
      const actor = actorOf(caller.user);
      if (c.set) await appendLedger(trx, { actor, action: `flag.${c.action}`, entityType: 'flag', entityId: flagId, state: next, requestId: caller.requestId, context: { reviewId: review.id } });
      await appendLedger(trx, { actor, action: `flag_review.${c.action}`, entityType: 'flag_review', entityId: review.id, state: review, requestId: caller.requestId, context: { flagId } });
      if (c.final) await openFindingForConfirmedFlag(trx, { flagId, confirmedBy: caller.user.id, requestId: caller.requestId, enqueue: deps.enqueueDelivery });
      return { flag: next, changed: c.set !== null };
    });
    if (row.changed) emit(row.flag);
    return row.flag;
  }

  return {
    flagFor,

    async queue(caller: Caller, query: QueueFilter & { overdue?: boolean }, sort: QueueSort, limit: number, cursor: QueueCursor | null) {
      // Reading the queue is for everyone who reads flags; deciding is 'flag.review' (change()).
      const scope = access.scope(caller, 'flag.read');
      const at = now();
      const { overdue, ...rest } = query;
      const filter: QueueFilter = overdue ? { ...rest, overdueAt: at } : rest;
      // Decided flags are counted from the start of the time filter, or of today in China.
      const decidedSince = filter.from ?? new Date(Date.parse(`${shanghaiDay(at)}T00:00:00+08:00`));
      const [rows, counts] = await Promise.all([repo.page(scope, filter, sort, limit, cursor), repo.counts(scope, { ...filter, status: undefined }, at, decidedSince)]);
      const more = rows.length > limit;
      return { rows: more ? rows.slice(0, limit) : rows, more, counts, decidedSince, now: at };
    },

    /** The review side of a flag: its state, who did what when, and the business's other flags. */
    async detail(caller: Caller, flagId: string) {
      const f = await flagFor(caller, flagId, 'flag.read');
      const [history, earlier, twoPerson, assigneeName] = await Promise.all([
        repo.history(flagId),
        repo.businessFlags(f.business_id, flagId, 20),
        needsTwoOfficers(db, f),
        f.assigned_to ? repo.userName(f.assigned_to) : Promise.resolve(null),
      ]);
      return { flag: f, history, earlier, assigneeName, twoPerson, now: now() };
    },

    /** A user looked at the flag (GET /api/flags/:id): recorded, with who and when (R5). */
    async recordView(caller: Caller, flagId: string) {
      const f = await repo.scoped(scopeOf(caller.user), flagId);
      if (!f) return;
      // A page that reloads on live events is one look, not many: one row a minute per person and flag.
      const recent = await db.selectFrom('flag_reviews').select('id').where('flag_id', '=', flagId).where('actor_id', '=', caller.user.id).where('action', '=', 'viewed').where('to_status', '=', f.review_status).where('at', '>', new Date(Date.now() - VIEW_DEDUPE_MS)).executeTakeFirst();
      if (recent) return;
      await db.transaction().execute(async (trx) => {
        const review = await repo.addReview(trx, { flagId, action: 'viewed', actorId: caller.user.id, from: f.review_status, to: f.review_status, requestId: caller.requestId });
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'flag_review.viewed', entityType: 'flag_review', entityId: review.id, state: review, requestId: caller.requestId, context: { flagId } });
      });
    },

    /** Opens a flag to work on it: a new flag goes in review, assigned to the opener unless someone has it. */
    open: (caller: Caller, flagId: string) =>
      change(caller, flagId, undefined, (cur) => {
        const claim = cur.assigned_to === null;
        if (cur.review_status !== 'new' && !(claim && !FINAL.includes(cur.review_status))) return { action: 'opened', set: null };
        return { action: 'opened', set: { review_status: cur.review_status === 'new' ? 'in_review' : cur.review_status, assigned_to: cur.assigned_to ?? caller.user.id } };
      }),

    assign: (caller: Caller, flagId: string, userId: string, expectedVersion?: number) =>
      change(caller, flagId, expectedVersion, async (cur) => {
        if (FINAL.includes(cur.review_status)) throw decided();
        if (!(await repo.assignable(userId, cur.agency_id))) throw new AppError('validation_failed', '', [{ path: ['userId'], message: '只能指派给本辖区的执法人员或负责人 (an officer or manager over this flag\'s agency)' }]);
        return { action: 'assigned', set: { assigned_to: userId }, assignedTo: userId };
      }),

    confirm: (caller: Caller, flagId: string, expectedVersion: number, note: string | null) =>
      change(caller, flagId, expectedVersion, async (cur, trx) => {
        if (FINAL.includes(cur.review_status)) throw decided();
        const two = await needsTwoOfficers(trx, cur);
        const me = caller.user.id;
        const assigned_to = cur.assigned_to ?? me;
        if (two && cur.first_confirmed_by === null) return { action: 'confirmed', note, set: { review_status: 'awaiting_second', first_confirmed_by: me, assigned_to } };
        if (two && cur.first_confirmed_by === me) throw new AppError('conflict', '需由另一名执法人员复核确认 (a second, different officer must confirm)');
        const at = now();
        return { action: two ? 'second_confirmed' : 'confirmed', note, final: true, set: { review_status: 'confirmed', decided_at: at, decided_by: me, assigned_to } };
      }),

    dismiss: (caller: Caller, flagId: string, expectedVersion: number, reasonCode: DismissReason, note: string | null) =>
      change(caller, flagId, expectedVersion, (cur) => {
        if (FINAL.includes(cur.review_status)) throw decided();
        return { action: 'dismissed', reasonCode, note, set: { review_status: 'dismissed', dismiss_reason: reasonCode, decided_at: now(), decided_by: caller.user.id, assigned_to: cur.assigned_to ?? caller.user.id } };
      }),

    escalate: (caller: Caller, flagId: string, note: string, expectedVersion?: number) =>
      change(caller, flagId, expectedVersion, (cur) => {
        if (FINAL.includes(cur.review_status)) throw decided();
        if (cur.review_status === 'escalated') throw new AppError('conflict', '该线索已上报 (this flag is already escalated)');
        return { action: 'escalated', note, set: { review_status: 'escalated' } };
      }),

    assignees: (caller: Caller) => {
      return repo.assignees(access.scope(caller, 'flag.review'));
    },
  };
}
export type ReviewService = ReturnType<typeof createReviewService>;

/** Views of the same flag by the same person within this window are one view. */
const VIEW_DEDUPE_MS = 60_000;

/**
 * Two officers must confirm when the handling policy for the flag's type and category says so,
 * or when the rule version that fired asks for it (R5).
 */
async function needsTwoOfficers(dbx: Kysely<Database>, f: { type: string; category: string; rule_id: string | null; rule_version: number | null }): Promise<boolean> {
  if ((await policyFor(dbx, f.type, f.category)).twoPerson) return true;
  if (!f.rule_id || f.rule_version === null) return false;
  const v = await dbx.selectFrom('analysis_rule_versions').select('definition').where('rule_id', '=', f.rule_id).where('version', '=', f.rule_version).executeTakeFirst();
  return (v?.definition as { twoPerson?: boolean } | undefined)?.twoPerson === true;
}
