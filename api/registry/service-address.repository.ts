import type { Kysely } from 'kysely';
import type { Database, ServiceAddressRow } from '../../core/db/database.js';

type Db = Kysely<Database>;

/** The methods a one-time code can prove (and the only ones notices are sent through). */
export const CODE_METHODS = ['email', 'sms'] as const;
export const needsProof = (method: string): method is 'email' | 'sms' => (CODE_METHODS as readonly string[]).includes(method);

/**
 * The e-service addresses in force for a business (R9): e-mail and SMS addresses its owner has
 * proven with a one-time code, oldest first. The one answer to "where may notices, codes and
 * documents for this business be sent?" — an address merely registered receives nothing.
 */
export function addressesInForce(db: Db, businessId: string): Promise<Pick<ServiceAddressRow, 'id' | 'method' | 'address'>[]> {
  return db
    .selectFrom('service_addresses')
    .select(['id', 'method', 'address'])
    .where('business_id', '=', businessId)
    .where('status', '=', 'verified')
    .where('method', 'in', [...CODE_METHODS])
    .orderBy('created_at')
    .execute();
}

export function addressById(db: Db, id: string): Promise<ServiceAddressRow | undefined> {
  return db.selectFrom('service_addresses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves an address from one status to another; undefined when it was no longer in `from`. */
export function setAddressStatus(db: Db, id: string, from: ServiceAddressRow['status'][], set: Partial<Pick<ServiceAddressRow, 'status' | 'withdraw_reason'>>) {
  return db
    .updateTable('service_addresses')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}
