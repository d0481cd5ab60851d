import { sql, type Kysely } from 'kysely';
import type { AgencySealCertificateRow, Database } from '../db/database.js';
import { appendLedger } from '../ledger/append.js';

/** The seal's queries: the agency, its recorded certificates, recording a new one. */

/**
 * Holds the agency's seal lock until the transaction ends: two processes (or two calls) making
 * the agency's first key wait for each other, so one key is made, never two.
 */
export async function lockAgencySeal(trx: Kysely<Database>, agencyId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`agency-seal:${agencyId}`}, 0))`.execute(trx);
}

export async function findAgencyName(db: Kysely<Database>, agencyId: string): Promise<string | null> {
  const row = await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst();
  return row?.name ?? null;
}

/** The agency's certificates, newest first. */
export async function listSealCertificates(db: Kysely<Database>, agencyId: string): Promise<AgencySealCertificateRow[]> {
  return db.selectFrom('agency_seal_certificates').selectAll().where('agency_id', '=', agencyId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** A certificate by its fingerprint, with its agency's name (the verify page: which agency's key made this signature). */
export async function findSealCertificate(db: Kysely<Database>, sha256: string): Promise<(AgencySealCertificateRow & { agency_name: string }) | undefined> {
  return db
    .selectFrom('agency_seal_certificates as c')
    .innerJoin('agencies as a', 'a.id', 'c.agency_id')
    .selectAll('c')
    .select('a.name as agency_name')
    .where('c.sha256', '=', sha256.toLowerCase())
    .executeTakeFirst();
}

export type NewSealCertificate = Pick<AgencySealCertificateRow, 'agency_id' | 'sha256' | 'certificate_pem' | 'subject' | 'not_before' | 'not_after' | 'source'>;

/** Records a certificate and its ledger entry (seal.key_created) in the caller's transaction. */
export async function recordSealCertificate(trx: Kysely<Database>, cert: NewSealCertificate): Promise<AgencySealCertificateRow> {
  const row = await trx.insertInto('agency_seal_certificates').values(cert).returningAll().executeTakeFirstOrThrow();
  await appendLedger(trx, {
    actor: { type: 'system', id: 'seal' },
    action: 'seal.key_created',
    entityType: 'agency_seal_certificate',
    entityId: row.id,
    state: row,
    context: { agencyId: row.agency_id, sha256: row.sha256, source: row.source },
  });
  return row;
}
