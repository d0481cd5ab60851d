import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// An e-service address (R9: e-mail or SMS) is in force only once its owner proves it with a
// one-time code sent to it: pending_verification → verified, or withdrawn. Addresses that cannot
// take a code (fax, post, phone, WeChat) stay 'active' as recorded from the written agreement.
// Existing e-mail and SMS addresses were never proven: they become pending_verification, each
// with its ledger entry in this transaction, and receive nothing until their owner verifies them.
const ACTION = 'service_address.verification_required';
const REASON = 'an e-service address is in force only once its owner proves it with a one-time code';

/** The ledger's canonical JSON as of this migration: sorted keys, Dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) if ((value as Record<string, unknown>)[k] !== undefined) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE service_addresses DROP CONSTRAINT service_addresses_status_check;
    -- No new columns: every row's state must stay the one its ledger entry recorded. Who proved
    -- an address, when and with which code is in its 'service_address.verified' entry.
    ALTER TABLE service_addresses
      ALTER COLUMN status SET DEFAULT 'pending_verification',
      ADD CONSTRAINT service_addresses_status_check CHECK (status IN ('pending_verification', 'verified', 'active', 'withdrawn'));
  `.execute(db);
  const changed = await sql<Record<string, unknown> & { id: string }>`
    UPDATE service_addresses SET status = 'pending_verification', version = version + 1, updated_at = now()
     WHERE status = 'active' AND method IN ('email', 'sms')
    RETURNING *`.execute(db);
  for (const row of changed.rows) {
    const state = JSON.stringify(canonical(row));
    const context = JSON.stringify(canonical({ reason: REASON, migration: '20261204T090000-verify-service-addresses' }));
    await sql`
      INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest, context)
      VALUES ('system', 'migration', ${ACTION}, 'service_address', ${row.id}, ${state}::json, ${createHash('sha256').update(state).digest()}, ${context}::jsonb)`.execute(db);
  }
  await sql`
    ALTER TABLE service_addresses
      -- Codes go by e-mail and SMS only: those need proof, the others cannot have it.
      ADD CONSTRAINT service_addresses_proof_check CHECK (status = 'withdrawn' OR (method IN ('email', 'sms')) = (status IN ('pending_verification', 'verified')));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible: verifications are part of the record');
}
