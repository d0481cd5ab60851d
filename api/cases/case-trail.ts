import type { Kysely } from 'kysely';
import { ARCHIVED_RULE } from '../../core/cases/archive.js';
import { refusal, type Refusal } from '../../core/cases/refusal.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Caller } from '../http/request-context.js';

/** A refusal of the procedure raised inside a transaction: the transaction rolls back, then it is ledgered. */
export class Refused extends Error {
  constructor(public readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** Every write to an archived case is refused, naming the rule (R10). */
export const archivedRefusal = (): Refusal => refusal('case_archived', ARCHIVED_RULE, '案卷已归档，只读：不得再记录、修改或补充（行政执法行为终结后归档保存，已归档的记录不得私自调用或改动）');

export const actorOf = (caller: Caller) => ({ type: 'user' as const, id: caller.user.id });

/** One ledger entry with the row's full new state (what checkEntities compares). */
export function ledgerRow(trx: Kysely<Database>, caller: Caller, entityType: string, row: { id: string } | { key: string }, action: string, context?: Record<string, unknown>) {
  const id = 'id' in row ? row.id : row.key;
  return appendLedger(trx, { actor: actorOf(caller), requestId: caller.requestId, action, entityType, entityId: id, state: row, context: context ?? null });
}

/**
 * Runs a change; a refusal of the procedure is recorded as a denial ('case.refused': who, what
 * was attempted, the rule) after the change rolled back — nothing else changed — and answered
 * 409 with the rule (AppError 'procedure_refused').
 */
export async function withRefusals<T>(db: Kysely<Database>, caller: Caller, subject: { caseId: string | null; attempted: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    const r = err.refusal;
    await appendLedger(db, {
      actor: actorOf(caller),
      requestId: caller.requestId,
      action: 'case.refused',
      entityType: 'case',
      entityId: subject.caseId,
      state: null,
      context: { attempted: subject.attempted, code: r.code, rule: r.rule, message: r.message, role: caller.user.role },
    });
    throw new AppError('procedure_refused', r.message, undefined, r);
  }
}
