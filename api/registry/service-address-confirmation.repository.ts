import type { Insertable, Kysely } from 'kysely';
import type { ConfirmedAddress, Database, ServiceAddressConfirmationRow, ServiceAddressConfirmationsTable } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';

type Db = Kysely<Database>;

/**
 * Where electronic service may go (issue 14 item 1; 行政处罚法 art. 61 ¶2): the addresses of the
 * business's current 送达地址确认书, its latest signed version. An address the business merely
 * registered or proved, but did not confirm in a signed confirmation, is not among them.
 */
export type ConfirmedServiceAddresses = { confirmationId: string; version: number; number: string | null; signedAt: Date; email: string[]; sms: string[]; portal: boolean; addresses: ConfirmedAddress[] };

/** The rule a service without a confirmation breaks, for the refusal. */
export const NO_CONFIRMATION_RULE = '行政处罚法第六十一条第二款';

/** The business's latest confirmation (the one in force), or undefined when it never signed one. */
export function currentConfirmation(db: Db, businessId: string): Promise<ServiceAddressConfirmationRow | undefined> {
  return db.selectFrom('service_address_confirmations').selectAll().where('business_id', '=', businessId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/**
 * The one function the delivery module calls, in its own transaction: the confirmed addresses by
 * channel, or null when the business has no confirmation (then no electronic service at all).
 */
export async function confirmedServiceAddresses(trx: Db, businessId: string): Promise<ConfirmedServiceAddresses | null> {
  const c = await currentConfirmation(trx, businessId);
  if (!c) return null;
  const addresses = c.addresses as ConfirmedAddress[];
  return {
    confirmationId: c.id,
    version: c.version,
    number: c.number,
    signedAt: c.signed_at,
    email: addresses.filter((a) => a.method === 'email').map((a) => a.address),
    sms: addresses.filter((a) => a.method === 'sms').map((a) => a.address),
    portal: c.portal,
    addresses,
  };
}

/** As above, but a business without a confirmation is refused, naming the rule (nothing may be served electronically). */
export async function requireConfirmedServiceAddresses(trx: Db, businessId: string): Promise<ConfirmedServiceAddresses> {
  const found = await confirmedServiceAddresses(trx, businessId);
  if (!found)
    throw new AppError('procedure_refused', '', undefined, {
      code: 'service.no_confirmation',
      rule: NO_CONFIRMATION_RULE,
      message: '当事人尚未签署送达地址确认书，不能电子送达（行政处罚法第六十一条第二款：当事人同意并签订确认书的，方可采用电子邮件等方式送达）',
    });
  return found;
}

/** Every version of the business's confirmation, newest first (the history the business and the officer see). */
export function confirmationHistory(db: Db, businessId: string): Promise<ServiceAddressConfirmationRow[]> {
  return db.selectFrom('service_address_confirmations').selectAll().where('business_id', '=', businessId).orderBy('version', 'desc').execute();
}

export function confirmationById(db: Db, id: string): Promise<ServiceAddressConfirmationRow | undefined> {
  return db.selectFrom('service_address_confirmations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The business's latest confirmation, its row locked for the signing transaction: two signings on
 * the same base wait for each other, and the second finds it no longer the latest.
 */
export function lockCurrentConfirmation(trx: Db, businessId: string): Promise<{ id: string; version: number; number: string | null } | undefined> {
  return trx.selectFrom('service_address_confirmations').select(['id', 'version', 'number']).where('business_id', '=', businessId).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export function insertConfirmation(trx: Db, row: Insertable<ServiceAddressConfirmationsTable>): Promise<ServiceAddressConfirmationRow> {
  return trx.insertInto('service_address_confirmations').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The business's addresses that are candidates for a confirmation (the rows named by id), locked for the signing. */
export function addressesForConfirmation(trx: Db, businessId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return trx.selectFrom('service_addresses').selectAll().where('business_id', '=', businessId).where('id', 'in', ids).forShare().execute();
}

/** The business row locked for the signing: the first confirmation of a business is serialised on it. */
export function lockBusiness(trx: Db, businessId: string) {
  return trx.selectFrom('businesses').select(['id']).where('id', '=', businessId).forUpdate().executeTakeFirst();
}

/** Whether the address is in the business's current confirmation (then withdrawing it needs a new one). */
export async function isConfirmed(db: Db, businessId: string, addressId: string): Promise<boolean> {
  const c = await currentConfirmation(db, businessId);
  return !!c && (c.addresses as ConfirmedAddress[]).some((a) => a.serviceAddressId === addressId);
}
