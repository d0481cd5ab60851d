import type { Db } from '../../core/db/connect.js';
import type { HoldReason, HoldRecordKind } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { HOLD_REASONS, HOLD_REFUSALS, holdProblems, reviewProblems, shownHoldStatus, type Refusal } from '../../core/retention/hold-rules.js';
import type { Access } from '../access/access.service.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { HoldListed, HoldRepository, HoldRow } from './hold.repository.js';

export type HoldInput = {
  reason: HoldReason;
  note: string;
  record: { kind: HoldRecordKind; id: string };
  windowFrom?: string | null;
  windowTo?: string | null;
  reviewOn: string;
};

const refused = (r: Refusal) => new AppError('forbidden', r.message, undefined, { ...r });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const ENTITY = 'record_hold';

/**
 * Long-term holds on records (保全; R11; core/retention/hold-rules.ts for the seed articles): asked
 * by staff with reason, note, record and review date; approved or refused by the head of the unit
 * that owns the records (a manager of that agency or one above it, never the requester — the same
 * rule as the 调用单, api/access-requests); released by such a head with a reason. Only an approved,
 * unreleased hold keeps material from the purge (core/retention/recording-retention.ts keptSql).
 * Every change is ledgered in its transaction (entity 'record_hold'); a refused request is ledgered
 * too ('record_hold.refused', or access.denied for a 403), and changes nothing.
 */
export function createHoldService(deps: { db: Db; access: Access; repo: HoldRepository; now?: () => Date }) {
  const { db, access, repo } = deps;
  const now = deps.now ?? (() => new Date());

  /** The caller heads the unit that owns the hold's records (the access layer's rule, shared with the 调用单 and publications). */
  const requireOwningHead = (caller: Caller, row: HoldRow) => access.requireOwningHead(caller, { permission: 'hold.approve', ownerAgencyId: row.owner_agency_id, refusals: HOLD_REFUSALS });

  const ledger = (trx: Db, caller: Caller, action: string, row: HoldRow, context?: Record<string, unknown>) =>
    appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action, entityType: ENTITY, entityId: row.id, state: row, context: context ?? null });

  /** A refused attempt is logged (a 403 is ledgered as access.denied by the API already); nothing else is written. */
  async function logged<T>(caller: Caller, what: string, holdId: string | null, act: () => Promise<T>): Promise<T> {
    try {
      return await act();
    } catch (err) {
      if (err instanceof AppError && err.code !== 'forbidden' && err.code !== 'not_found') {
        await appendLedger(db, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'record_hold.refused', entityType: 'http_request', entityId: null, state: null, context: { what, holdId, code: err.code, message: err.message, issues: err.issues ?? null, refusal: err.refusal ?? null } });
      }
      throw err;
    }
  }

  async function locked<T>(id: string, act: (trx: Db, row: HoldRow) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const row = await repo.lock(trx, id);
      if (!row) throw new AppError('not_found', '');
      return act(trx, row);
    });
  }

  return {
    /** Asks for a hold on records the caller may reach; it goes to the head of the unit that owns them. */
    async create(caller: Caller, input: HoldInput): Promise<string> {
      access.assert(caller, 'hold.request');
      return logged(caller, 'create', null, async () => {
        const at = now();
        const windowFrom = input.record.kind === 'recording' && input.windowFrom ? new Date(input.windowFrom) : null;
        const windowTo = input.record.kind === 'recording' && input.windowTo ? new Date(input.windowTo) : null;
        const problems = holdProblems({ note: input.note, reviewOn: input.reviewOn, kind: input.record.kind, windowFrom, windowTo }, at);
        if (problems.length) throw new AppError('validation_failed', '', problems);
        const target = await repo.target(input.record.kind, input.record.id);
        if (!target) throw new AppError('validation_failed', '', [{ path: ['record', 'id'], message: 'hold.record_unknown' }]);
        const owner = await access.require(caller, 'hold.request', target.resource);
        return db.transaction().execute(async (trx) => {
          const row = await repo.insert(trx, {
            reason: input.reason,
            note: input.note.trim(),
            record_kind: input.record.kind,
            record_id: input.record.id,
            record_sha256: target.sha256,
            window_from: windowFrom,
            window_to: windowTo,
            owner_agency_id: owner.agencyId,
            requested_by: caller.user.id,
            requested_at: at,
            review_on: input.reviewOn,
          });
          await ledger(trx, caller, 'record_hold.requested', row, { ip: caller.ip, basis: HOLD_REASONS[input.reason].basis });
          return row.id;
        });
      });
    },

    /** The owning unit's head approves (the hold is in force from now) or refuses, with his opinion. */
    async decide(caller: Caller, id: string, input: { approve: boolean; opinion: string }): Promise<string> {
      return logged(caller, 'decide', id, () =>
        locked(id, async (trx, row) => {
          if (row.requested_by === caller.user.id) throw refused(HOLD_REFUSALS.self_approval);
          await requireOwningHead(caller, row);
          if (row.status !== 'pending') throw new AppError('conflict', HOLD_REFUSALS.not_pending.message, undefined, { ...HOLD_REFUSALS.not_pending });
          const at = now();
          if (!input.approve) {
            const out = await repo.update(trx, row.id, { status: 'refused', approved_by: null, opinion: input.opinion.trim() || null });
            await ledger(trx, caller, 'record_hold.refused_by_head', out);
            return out.id;
          }
          if (reviewProblems(row.review_on, at).length) throw new AppError('procedure_refused', HOLD_REFUSALS.review_past.message, undefined, { ...HOLD_REFUSALS.review_past });
          const out = await repo.update(trx, row.id, { status: 'in_force', approved_by: caller.user.id, approved_at: at, opinion: input.opinion.trim() || null });
          await ledger(trx, caller, 'record_hold.approved', out);
          return out.id;
        }),
      );
    },

    /** The head sets the next review date of a hold in force (复核): again after today, at most a year ahead. */
    async review(caller: Caller, id: string, reviewOn: string): Promise<string> {
      return logged(caller, 'review', id, () =>
        locked(id, async (trx, row) => {
          await requireOwningHead(caller, row);
          if (row.status !== 'in_force') throw new AppError('conflict', HOLD_REFUSALS.not_in_force.message, undefined, { ...HOLD_REFUSALS.not_in_force });
          const problems = reviewProblems(reviewOn, now());
          if (problems.length) throw new AppError('validation_failed', '', problems);
          const out = await repo.update(trx, row.id, { review_on: reviewOn });
          await ledger(trx, caller, 'record_hold.reviewed', out, { previousReviewOn: row.review_on });
          return out.id;
        }),
      );
    },

    /** The owning unit's head releases a hold in force, with the reason; its material follows the ordinary rules again. */
    async release(caller: Caller, id: string, reason: string): Promise<string> {
      return logged(caller, 'release', id, () =>
        locked(id, async (trx, row) => {
          await requireOwningHead(caller, row);
          if (!reason.trim()) throw new AppError('validation_failed', '', [{ path: ['reason'], message: 'hold.release_reason_required' }]);
          if (row.status !== 'in_force') throw new AppError('conflict', HOLD_REFUSALS.not_in_force.message, undefined, { ...HOLD_REFUSALS.not_in_force });
          const out = await repo.update(trx, row.id, { status: 'released', released_by: caller.user.id, released_at: now(), release_reason: reason.trim() });
          await ledger(trx, caller, 'record_hold.released', out);
          return out.id;
        }),
      );
    },

    async mine(caller: Caller) {
      access.assert(caller, 'hold.request');
      return (await repo.mine(caller.user.id)).map((h) => holdView(h, now()));
    },

    /** The head's list: pending holds on his unit's records, holds in force (复核到期 first), released ones when asked. */
    async queue(caller: Caller, withEnded = false) {
      access.assert(caller, 'hold.approve');
      if (!caller.user.agencyPath) return [];
      const items = (await repo.forUnit(caller.user.agencyPath, withEnded)).map((h) => holdView(h, now()));
      const rank = { review_due: 0, pending: 1, in_force: 2, refused: 3, released: 4 } as const;
      return items.sort((a, b) => rank[a.status] - rank[b.status]);
    },

    /** One hold: to its requester, or to a head of the owning unit. */
    async get(caller: Caller, id: string) {
      const h = await repo.get(id);
      if (!h) throw new AppError('not_found', '');
      if (h.requested_by !== caller.user.id) await requireOwningHead(caller, h);
      return holdView(h, now());
    },
  };
}
export type HoldService = ReturnType<typeof createHoldService>;

export function holdView(h: HoldListed, at: Date) {
  return {
    id: h.id,
    status: shownHoldStatus(h, at),
    reason: h.reason,
    reasonText: HOLD_REASONS[h.reason].zh,
    basis: HOLD_REASONS[h.reason].basis,
    note: h.note,
    record: { kind: h.record_kind, id: h.record_id, sha256: h.record_sha256, label: h.record_label, windowFrom: iso(h.window_from), windowTo: iso(h.window_to) },
    ownerAgency: { id: h.owner_agency_id, name: h.owner_agency_name },
    requestedBy: { id: h.requested_by, name: h.requested_by_name },
    requestedAt: iso(h.requested_at)!,
    reviewOn: h.review_on,
    approval: h.approved_at ? { by: h.approved_by_name, at: iso(h.approved_at)!, opinion: h.opinion } : null,
    release: h.released_at ? { by: h.released_by_name, at: iso(h.released_at)!, reason: h.release_reason } : null,
  };
}
export type HoldView = ReturnType<typeof holdView>;
