import type { Kysely, Selectable } from 'kysely';
import type { Database, OneTimeCodesTable } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { CODE_MAX_ATTEMPTS, CODE_RESEND_MS, CODE_TTL_MS, codeMatches, hashCode, newCode } from './one-time-code.js';

type Db = Kysely<Database>;
export type CodeRow = Selectable<OneTimeCodesTable>;

/**
 * Whose code it is: a purpose (consent.sign, service_address.verify), the thing it proves
 * something about, and, where the code is personal, the user who asked for it. A signing code
 * is the signer's own; an address code is the address's, whoever of the business enters it.
 */
export type CodeKey = { purpose: string; subjectId: string; userId?: string };

const scoped = (db: Db, k: CodeKey) => {
  let q = db.selectFrom('one_time_codes').where('purpose', '=', k.purpose).where('subject_id', '=', k.subjectId);
  if (k.userId) q = q.where('user_id', '=', k.userId);
  return q;
};

/** The latest code of this key not replaced by a newer one (used, expired or locked included). */
export function liveCode(db: Db, k: CodeKey): Promise<CodeRow | undefined> {
  return scoped(db, k).selectAll().where('superseded_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
}

/** Milliseconds until another code may be sent for this key (0: now). */
export async function resendWaitMs(db: Db, k: CodeKey): Promise<number> {
  const last = await scoped(db, k).select('created_at').where('superseded_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
  return last ? Math.max(0, CODE_RESEND_MS - (Date.now() - last.created_at.getTime())) : 0;
}

/**
 * A new six-digit code for the key, inside the caller's transaction (with its ledger entry): the
 * key's earlier unused codes are superseded, only the hash is kept. The code itself is returned
 * once, to be sent.
 */
export async function issueCode(trx: Db, k: CodeKey, to: { requestedBy: string; channel: 'email' | 'sms'; address: string }) {
  const code = newCode();
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  let supersede = trx.updateTable('one_time_codes').set({ superseded_at: new Date() }).where('purpose', '=', k.purpose).where('subject_id', '=', k.subjectId).where('consumed_at', 'is', null).where('superseded_at', 'is', null);
  if (k.userId) supersede = supersede.where('user_id', '=', k.userId);
  await supersede.execute();
  const row = await trx
    .insertInto('one_time_codes')
    .values({ purpose: k.purpose, subject_id: k.subjectId, user_id: to.requestedBy, channel: to.channel, address: to.address, code_hash: 'pending', expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('one_time_codes').set({ code_hash: hashCode(row.id, code) }).where('id', '=', row.id).execute();
  return { codeId: row.id, code, expiresAt };
}

/** Withdraws a code that could not be sent. */
export async function supersedeCode(db: Db, codeId: string): Promise<void> {
  await db.updateTable('one_time_codes').set({ superseded_at: new Date() }).where('id', '=', codeId).execute();
}

/**
 * Why a typed code is refused, as a message id (the consent.code_* texts), or null when it
 * matches. Checks in order: none sent, already used, expired, too many tries, wrong.
 */
export function refusal(row: CodeRow | undefined, typed: string): 'consent.code_missing' | 'consent.code_used' | 'consent.code_expired' | 'consent.code_locked' | 'wrong' | null {
  if (!row) return 'consent.code_missing';
  if (row.consumed_at) return 'consent.code_used';
  if (row.expires_at.getTime() < Date.now()) return 'consent.code_expired';
  if (row.attempts >= CODE_MAX_ATTEMPTS) return 'consent.code_locked';
  return codeMatches(row.id, typed, row.code_hash) ? null : 'wrong';
}

/** Counts a wrong try (in the transaction that ledgers it); the message id to answer with. */
export async function countWrongTry(trx: Db, row: CodeRow): Promise<'consent.code_locked' | 'consent.code_wrong'> {
  await trx.updateTable('one_time_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', row.id).execute();
  return row.attempts + 1 >= CODE_MAX_ATTEMPTS ? 'consent.code_locked' : 'consent.code_wrong';
}

/** Uses the code up, once: false when another request used it first. */
export async function consumeCode(trx: Db, codeId: string, at: Date): Promise<boolean> {
  return !!(await trx.updateTable('one_time_codes').set({ consumed_at: at }).where('id', '=', codeId).where('consumed_at', 'is', null).returning('id').executeTakeFirst());
}

const codeInvalid = (message: string) => new AppError('validation_failed', '', [{ path: ['code'], message }]);

/**
 * The live code of a signature checked against what the signer typed (consent, self-report): a
 * missing, used, expired or locked code is refused with its reason; a wrong one counts a try and
 * `onWrong` ledgers the refusal in the same transaction. Answers the code, to consume when signing.
 */
export async function checkedCode(db: Db, k: CodeKey, typed: string, onWrong: (trx: Db, code: CodeRow) => Promise<void>): Promise<CodeRow> {
  const code = await liveCode(db, k);
  const refused = refusal(code, typed);
  if (refused && refused !== 'wrong') throw codeInvalid(refused);
  if (!code) throw codeInvalid('consent.code_missing');
  if (refused === 'wrong') {
    const message = await db.transaction().execute(async (trx) => {
      const m = await countWrongTry(trx, code);
      await onWrong(trx, code);
      return m;
    });
    throw codeInvalid(message);
  }
  return code;
}
