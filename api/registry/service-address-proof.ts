import type { Kysely } from 'kysely';
import type { Database, ServiceAddressRow } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import { maskAddress } from '../consent/one-time-code.js';
import { consumeCode, issueCode } from '../consent/one-time-code.store.js';
import { needsProof, setAddressStatus } from './service-address.repository.js';

type Db = Kysely<Database>;
/** An address code belongs to the address, whoever of the business (or its officer) enters it. */
export const ADDRESS_CODE_PURPOSE = 'service_address.verify';
export const addressCodeKey = (addressId: string) => ({ purpose: ADDRESS_CODE_PURPOSE, subjectId: addressId });
export type ProofBy = { actor: Actor; userId: string; requestId?: string | null };

/**
 * A code for a pending address, with its ledger entry, in the caller's transaction. The code is
 * returned once, for the message to the address itself: only whoever reads that mailbox or
 * phone can prove the address.
 */
export async function issueAddressCode(trx: Db, a: ServiceAddressRow, by: ProofBy) {
  if (!needsProof(a.method) || a.status !== 'pending_verification') throw new AppError('conflict', 'address.not_pending');
  const issued = await issueCode(trx, addressCodeKey(a.id), { requestedBy: by.userId, channel: a.method, address: a.address });
  await appendLedger(trx, {
    actor: by.actor,
    requestId: by.requestId,
    action: 'service_address.code_sent',
    entityType: 'service_address',
    entityId: a.id,
    state: null,
    context: { channel: a.method, address: maskAddress(a.method, a.address), codeId: issued.codeId, expiresAt: issued.expiresAt.toISOString() },
  });
  return issued;
}

/** The text sent to the address: who registered it, the code, and not to pass it on. */
export function addressCodeMessage(businessName: string, code: string) {
  return {
    subject: `送达地址验证码 ${code}`,
    body: `${businessName} 正在将本地址登记为电子送达地址（用于接收执法文书和通知）。验证码：${code}，10 分钟内有效，仅可使用一次。如非本单位操作，请勿将验证码告知任何人，并联系执法机构。`,
  };
}

/** The matching code is used up and the address put in force, ledgered, in one transaction. */
export async function markAddressVerified(trx: Db, a: ServiceAddressRow, codeId: string, by: Omit<ProofBy, 'userId'> & { userId: string | null }) {
  const at = new Date();
  if (!(await consumeCode(trx, codeId, at))) throw new AppError('validation_failed', '', [{ path: ['code'], message: 'consent.code_used' }]);
  const row = await setAddressStatus(trx, a.id, ['pending_verification'], { status: 'verified' });
  if (!row) throw new AppError('conflict', 'address.not_pending');
  // Who entered the code and when: this entry (the row keeps no copy; its updated_at is the time).
  await appendLedger(trx, { actor: by.actor, requestId: by.requestId, action: 'service_address.verified', entityType: 'service_address', entityId: a.id, state: row, context: { codeId, verifiedBy: by.userId, at: at.toISOString() } });
  return row;
}
