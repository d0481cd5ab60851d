import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { GRANT_REFUSALS, grantValidity, requestProblems, shownStatus, type Refusal } from '../../core/access/grant-rules.js';
import type { AccessRecordKind, AccessRequestPurpose } from '../../core/db/database.js';
import type { Access } from '../access/access.service.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { AccessRequestListed, AccessRequestRepository, AccessRequestRow } from './access-request.repository.js';

export type AccessRequestInput = {
  purpose: AccessRequestPurpose;
  record: { kind: AccessRecordKind; id: string };
  windowFrom?: string | null;
  windowTo?: string | null;
  reason: string;
  from: string;
  until: string;
};

const refused = (r: Refusal) => new AppError('forbidden', r.message, undefined, { ...r });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const ENTITY = 'access_request';

/**
 * Requests for access to records outside one's scope, and for their publication (调用单; R12,
 * core/access/grant-rules.ts for the seed articles): asked with reason, record and period, approved
 * or refused with an opinion by the head of the unit that owns the records (a manager of that
 * agency or of one above it, never the requester), revocable by that unit, expiring by itself.
 * Every change is ledgered in its transaction (entity 'access_request'); a refusal names its rule
 * and is ledgered as access.denied by the API.
 */
export function createAccessRequestService(deps: { db: Db; access: Access; repo: AccessRequestRepository; now?: () => Date }) {
  const { db, access, repo } = deps;
  const now = deps.now ?? (() => new Date());

  /** The caller heads the unit that owns the request's records (its agency or one above it), else 403 naming the rule. */
  const requireOwningHead = (caller: Caller, row: AccessRequestRow) => access.requireOwningHead(caller, { permission: 'access.approve', ownerAgencyId: row.owner_agency_id, refusals: GRANT_REFUSALS });

  async function locked<T>(caller: Caller, id: string, act: (trx: Db, row: AccessRequestRow) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const row = await repo.lock(trx, id);
      if (!row) throw new AppError('not_found', '');
      return act(trx, row);
    });
  }

  const ledger = (trx: Db, caller: Caller | null, action: string, row: AccessRequestRow, context?: Record<string, unknown>) =>
    appendLedger(trx, { actor: caller ? actorOf(caller.user) : ({ type: 'system', id: 'access.expire' } satisfies Actor), requestId: caller?.requestId ?? null, action, entityType: ENTITY, entityId: row.id, state: row, context: context ?? null });

  return {
    /** Asks for access to (or publication of) a record; the request goes to the unit that owns it. */
    async create(caller: Caller, input: AccessRequestInput) {
      access.assert(caller, 'access.request');
      const at = now();
      const period = { from: new Date(input.from), until: new Date(input.until) };
      const windowFrom = input.windowFrom ? new Date(input.windowFrom) : null;
      const windowTo = input.windowTo ? new Date(input.windowTo) : null;
      const record = input.record.kind === 'device' ? { kind: 'device' as const, id: input.record.id, windowFrom, windowTo } : { kind: input.record.kind, id: input.record.id };
      const problems = requestProblems({ reason: input.reason, period, record }, at);
      if (problems.length) throw new AppError('validation_failed', '', problems);
      const owner = await access.ownerOf({ kind: input.record.kind, id: input.record.id });
      if (!owner) throw new AppError('validation_failed', '', [{ path: ['record', 'id'], message: 'access_request.record_unknown' }]);
      return db.transaction().execute(async (trx) => {
        const row = await repo.insert(trx, {
          purpose: input.purpose,
          requester_id: caller.user.id,
          record_kind: input.record.kind,
          record_id: input.record.id,
          window_from: input.record.kind === 'device' ? windowFrom : null,
          window_to: input.record.kind === 'device' ? windowTo : null,
          owner_agency_id: owner.agencyId,
          reason: input.reason.trim(),
          period_from: period.from,
          period_until: period.until,
        });
        await ledger(trx, caller, 'access_request.created', row, { ip: caller.ip });
        return row.id;
      });
    },

    /** The unit head approves (a grant from now to the period's end) or refuses, with his opinion. */
    async decide(caller: Caller, id: string, input: { approve: boolean; opinion: string }) {
      return locked(caller, id, async (trx, row) => {
        if (row.requester_id === caller.user.id) throw refused(GRANT_REFUSALS.self_approval);
        await requireOwningHead(caller, row);
        if (row.status !== 'pending') throw new AppError('conflict', GRANT_REFUSALS.not_pending.message, undefined, { ...GRANT_REFUSALS.not_pending });
        if (!input.opinion.trim()) throw new AppError('validation_failed', '', [{ path: ['opinion'], message: 'access_request.opinion_required' }]);
        const at = now();
        const common = { decided_by: caller.user.id, decided_at: at, opinion: input.opinion.trim() };
        if (!input.approve) {
          const out = await repo.update(trx, row.id, { ...common, status: 'refused', ended_at: at });
          await ledger(trx, caller, 'access_request.refused', out);
          return out.id;
        }
        const valid = grantValidity({ from: new Date(row.period_from), until: new Date(row.period_until) }, at);
        if (!valid) throw new AppError('procedure_refused', GRANT_REFUSALS.period_over.message, undefined, { ...GRANT_REFUSALS.period_over });
        const out = await repo.update(trx, row.id, { ...common, status: 'approved', valid_from: valid.from, valid_until: valid.until });
        await ledger(trx, caller, 'access_request.approved', out);
        return out.id;
      });
    },

    /** The owning unit's head withdraws a grant in force, with the reason. */
    async revoke(caller: Caller, id: string, reason: string) {
      return locked(caller, id, async (trx, row) => {
        await requireOwningHead(caller, row);
        if (!reason.trim()) throw new AppError('validation_failed', '', [{ path: ['reason'], message: 'access_request.revoke_reason_required' }]);
        if (row.status !== 'approved') throw new AppError('conflict', GRANT_REFUSALS.not_pending.message, undefined, { ...GRANT_REFUSALS.not_pending });
        const at = now();
        const out = await repo.update(trx, row.id, { status: 'revoked', revoked_by: caller.user.id, revoked_at: at, revoke_reason: reason.trim(), ended_at: at });
        await ledger(trx, caller, 'access_request.revoked', out);
        return out.id;
      });
    },

    /** The requester withdraws his own request before it is decided. */
    async withdraw(caller: Caller, id: string) {
      return locked(caller, id, async (trx, row) => {
        if (row.requester_id !== caller.user.id) throw refused(GRANT_REFUSALS.not_requester);
        if (row.status !== 'pending') throw new AppError('conflict', GRANT_REFUSALS.not_pending.message, undefined, { ...GRANT_REFUSALS.not_pending });
        const out = await repo.update(trx, row.id, { status: 'withdrawn', ended_at: now() });
        await ledger(trx, caller, 'access_request.withdrawn', out);
        return out.id;
      });
    },

    /** The caller's own requests with their status and time left (我的申请). */
    async mine(caller: Caller) {
      access.assert(caller, 'access.request');
      return (await repo.mine(caller.user.id)).map((r) => view(r, now()));
    },

    /** The head's list: pending requests for records his unit owns (待审批) and grants in force. */
    async queue(caller: Caller) {
      access.assert(caller, 'access.approve');
      if (!caller.user.agencyPath) return [];
      return (await repo.forUnit(caller.user.agencyPath, now())).map((r) => view(r, now()));
    },

    /** One request: to its requester, or to a head of the owning unit. */
    async get(caller: Caller, id: string) {
      const r = await repo.get(id);
      if (!r) throw new AppError('not_found', '');
      if (r.requester_id !== caller.user.id) await requireOwningHead(caller, r);
      return view(r, now());
    },

    /**
     * The approved publication of a record (R12; 001 §26: nothing published without the head's
     * approval), valid now: its request id, or null. For the publication feature to call.
     */
    async publicationApproval(record: { kind: AccessRecordKind; id: string }): Promise<string | null> {
      return repo.activePublication(record, now());
    },
  };
}
export type AccessRequestService = ReturnType<typeof createAccessRequestService>;

/** What the web shows of a request: the status as of now (an approved grant past its end is expired) and the time left. */
export function view(r: AccessRequestListed, at: Date) {
  const status = shownStatus({ status: r.status, valid_until: r.valid_until ? new Date(r.valid_until) : null }, at);
  return {
    id: r.id,
    purpose: r.purpose,
    status,
    record: { kind: r.record_kind, id: r.record_id, label: r.record_label, windowFrom: iso(r.window_from), windowTo: iso(r.window_to) },
    reason: r.reason,
    period: { from: iso(r.period_from)!, until: iso(r.period_until)! },
    requester: { id: r.requester_id, name: r.requester_name, agencyName: r.requester_agency_name },
    ownerAgency: { id: r.owner_agency_id, name: r.owner_agency_name },
    createdAt: iso(r.created_at)!,
    decision: r.decided_at ? { by: r.decided_by_name, at: iso(r.decided_at)!, opinion: r.opinion } : null,
    validFrom: iso(r.valid_from),
    validUntil: iso(r.valid_until),
    secondsLeft: status === 'approved' && r.valid_until ? Math.max(0, Math.floor((new Date(r.valid_until).getTime() - at.getTime()) / 1000)) : null,
    revocation: r.revoked_at ? { by: r.revoked_by_name, at: iso(r.revoked_at)!, reason: r.revoke_reason } : null,
  };
}
export type AccessRequestView = ReturnType<typeof view>;
