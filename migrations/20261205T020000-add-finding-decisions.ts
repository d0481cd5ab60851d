import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// A dispute is no dead end (issue 12 item 4). The officer answers the business's dispute
// (行政处罚法 art. 45: the party's facts, reasons and evidence are reviewed, and adopted where
// they hold) in one of three ways, each a finding_decisions row (who, when, why) beside the
// finding's new status:
//  - 'accept': the dispute holds, the finding is withdrawn ('withdrawn') and the business told;
//  - 'uphold': the finding stands ('upheld'), with a written reply the business is told of;
//  - 'refer':  the finding goes on to case filing ('referred'; art. 54 "符合立案标准的，行政机关
//    应当及时立案"), the seam the cases module picks up. An upheld, confirmed or unanswered
//    (expired) finding may be referred too.
// The findings table gets no new column (every row must stay the state its ledger entry
// recorded). A finding's notices now have a purpose — the first notice, or the officer's
// decision — so one address can be told twice; existing deliveries are 'notice', each with its
// ledger entry in this transaction (as 20261204T090000 did for service addresses).
const ACTION = 'finding_delivery.purpose_recorded';
const MIGRATION = '20261205T020000-add-finding-decisions';

/** The ledger's canonical JSON as of this migration: sorted keys, Dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) if ((value as Record<string, unknown>)[k] !== undefined) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$
    DECLARE c record;
    BEGIN
      FOR c IN SELECT conname FROM pg_constraint
               WHERE conrelid = 'findings'::regclass AND contype = 'c'
                 AND (conname = 'findings_status_check' OR pg_get_constraintdef(oid) LIKE '%responded_at%' OR pg_get_constraintdef(oid) LIKE '%expired_at%')
      LOOP
        EXECUTE format('ALTER TABLE findings DROP CONSTRAINT %I', c.conname);
      END LOOP;
    END $$;

    ALTER TABLE findings
      ADD CONSTRAINT findings_status_check CHECK (status IN ('notified', 'confirmed', 'disputed', 'expired', 'withdrawn', 'upheld', 'referred')),
      -- Answered by the business: confirmed, disputed and what follows a dispute; never while notified or expired.
      ADD CONSTRAINT findings_answered_check CHECK (
        (status NOT IN ('confirmed', 'disputed', 'withdrawn', 'upheld') OR (responded_at IS NOT NULL AND responded_by IS NOT NULL))
        AND (status NOT IN ('notified', 'expired') OR (responded_at IS NULL AND responded_by IS NULL))),
      -- An unanswered finding that expired may still be referred: it keeps its expiry.
      ADD CONSTRAINT findings_expired_check CHECK ((status <> 'expired' OR expired_at IS NOT NULL) AND (status IN ('expired', 'referred') OR expired_at IS NULL));

    CREATE TABLE finding_decisions (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_id  uuid NOT NULL REFERENCES findings (id),
      kind        text NOT NULL CHECK (kind IN ('accept', 'uphold', 'refer')),
      -- accept / uphold: the reply the business reads; refer: why it goes on to case filing.
      reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      -- The finding's status before the decision (what was decided on).
      from_status text NOT NULL,
      decided_by  uuid NOT NULL REFERENCES users (id),
      decided_at  timestamptz NOT NULL DEFAULT now(),
      -- A dispute is answered once; a finding is referred once.
      UNIQUE (finding_id, kind)
    );
    CREATE UNIQUE INDEX finding_decisions_answer_once ON finding_decisions (finding_id) WHERE kind IN ('accept', 'uphold');
    CREATE INDEX finding_decisions_referred_idx ON finding_decisions (decided_at) WHERE kind = 'refer';
    CREATE TRIGGER finding_decisions_append_only BEFORE UPDATE ON finding_decisions FOR EACH ROW EXECUTE FUNCTION finding_events_frozen();
    CREATE TRIGGER finding_decisions_no_delete BEFORE DELETE ON finding_decisions FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- The officers' list: disputes awaiting an answer, notices awaiting the business.
    CREATE INDEX findings_pending_idx ON findings (agency_id, status) WHERE status IN ('notified', 'disputed', 'expired');

    ALTER TABLE finding_deliveries
      ADD COLUMN purpose text NOT NULL DEFAULT 'notice' CHECK (purpose IN ('notice', 'decision')),
      DROP CONSTRAINT finding_deliveries_finding_id_channel_address_key,
      ADD CONSTRAINT finding_deliveries_purpose_channel_address_key UNIQUE (finding_id, purpose, channel, address);
  `.execute(db);

  const rows = await sql<Record<string, unknown> & { id: string }>`SELECT * FROM finding_deliveries ORDER BY created_at, id`.execute(db);
  for (const row of rows.rows) {
    const state = JSON.stringify(canonical(row));
    const context = JSON.stringify(canonical({ migration: MIGRATION, reason: 'deliveries before this migration were all first notices' }));
    await sql`
      INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest, context)
      VALUES ('system', 'migration', ${ACTION}, 'finding_delivery', ${row.id}, ${state}::json, ${createHash('sha256').update(state).digest()}, ${context}::jsonb)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('findings are never rolled back');
}
