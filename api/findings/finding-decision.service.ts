import type { Kysely } from 'kysely';
import type { Permission } from '../../core/access/permissions.js';
import type { Database, FindingDecisionKind, FindingStatus } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import { findingDecisionRepository as writes } from './finding-decision.repository.js';
import { queueFindingNotices, type NoticeEnqueue } from './finding-notices.js';
import { ledgerFinding } from './finding-trail.js';

/**
 * What the officer may do with a finding, and from which states. A dispute is answered once:
 * accepted (the finding is withdrawn) or upheld with a reply. Referral for case filing (立案,
 * 行政处罚法 art. 54) is open to a disputed, upheld, confirmed or unanswered (expired) finding;
 * the cases module picks up 'referred' findings and their 'refer' decision (who, when, why).
 * Withdrawn and referred findings are closed.
 */
export const DECISIONS: Record<FindingDecisionKind, { permission: Permission; from: readonly FindingStatus[]; to: FindingStatus; action: string; notify: boolean }> = {
  accept: { permission: 'finding.dispute_accept', from: ['disputed'], to: 'withdrawn', action: 'finding.withdrawn', notify: true },
  uphold: { permission: 'finding.dispute_uphold', from: ['disputed'], to: 'upheld', action: 'finding.upheld', notify: true },
  refer: { permission: 'finding.refer', from: ['disputed', 'upheld', 'confirmed', 'expired'], to: 'referred', action: 'finding.referred', notify: false },
};
export const CLOSED_STATUSES: readonly FindingStatus[] = ['withdrawn', 'referred'];
export const REASON_MAX = 2000;

/** Which decisions a finding in this status allows (the role's permissions aside). */
export const decisionsOpenTo = (status: FindingStatus): FindingDecisionKind[] => (Object.keys(DECISIONS) as FindingDecisionKind[]).filter((k) => DECISIONS[k].from.includes(status));

/**
 * The officer's side of a finding after the business answered (or did not): one decision, its
 * reason, the finding's new status, a 'finding_decision' and a 'finding' ledger entry and the
 * finding's trail event, all in one transaction; the business is told of an accepted or upheld
 * dispute on every channel it agreed to (a 'decision' notice); 'finding:changed' goes to the
 * agency chain's and the business's socket rooms.
 */
export function createFindingDecisionService(deps: { db: Kysely<Database>; access: Access; events: EventBus; enqueue?: NoticeEnqueue | null; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    async decide(caller: Caller, id: string, kind: FindingDecisionKind, input: { reason: string; expectedVersion: number }) {
      const rule = DECISIONS[kind];
      await deps.access.require(caller, rule.permission, { kind: 'finding', id });
      const reason = input.reason.trim();
      if (!reason) throw new AppError('validation_failed', '', [{ path: ['reason'], message: 'finding.reason_required' }]);
      if (reason.length > REASON_MAX) throw new AppError('validation_failed', '', [{ path: ['reason'], message: 'too_long' }]);
      const row = await deps.db.transaction().execute(async (trx) => {
        const at = now();
        const before = await writes.lock(trx, id);
        const updated = await writes.transition(trx, { id, from: rule.from, to: rule.to, expectedVersion: input.expectedVersion, at });
        if (!updated) {
          const cur = before;
          if (CLOSED_STATUSES.includes(cur.status)) throw new AppError('conflict', 'finding.closed');
          if (!rule.from.includes(cur.status)) throw new AppError('conflict', kind === 'refer' ? 'finding.not_referable' : 'finding.not_disputed');
          throw new AppError('version_conflict', '');
        }
        const actor = { type: 'user' as const, id: caller.user.id };
        const decision = await writes.record(trx, { findingId: id, kind, reason, fromStatus: before.status, decidedBy: caller.user.id, at });
        await appendLedger(trx, { actor, requestId: caller.requestId, action: `finding_decision.${kind}`, entityType: 'finding_decision', entityId: decision.id, state: decision, context: { findingId: id } });
        await ledgerFinding(trx, updated, rule.action, actor, caller.requestId, { decisionId: decision.id, kind, reason, from: before.status });
        if (rule.notify) {
          await queueFindingNotices(trx, { findingId: id, businessId: updated.business_id, purpose: 'decision', at, actor, requestId: caller.requestId, enqueue: deps.enqueue });
        }
        return updated;
      });
      deps.events.emit('finding:changed', { id: row.id, flagId: row.flag_id, businessId: row.business_id, agencyId: row.agency_id, status: row.status });
      return row;
    },
  };
}
export type FindingDecisionService = ReturnType<typeof createFindingDecisionService>;
