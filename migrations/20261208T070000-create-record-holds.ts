import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Long-term holds on records (保全; issue 15 item 4; R11): 002-音像 §29 and 003 §24 — where the
// party disputes or complains, obstructs enforcement, an incident is handled, or the matter goes to
// reconsideration or litigation, records are kept long-term, with the approval of the unit head
// (经本单位负责人批准); 000 §15 ¶2 and 001 §22 ¶3 likewise.
// - a hold names its reason, a note, what it covers (a device and a window of its recording; a
//   case; one record by kind + id as core/records/record-ref.ts names them, with its SHA-256 when it
//   is one blob), the owning agency (resolved when asked), the requester and the review date;
// - the head of the owning unit approves it (never the requester: the CHECKs below are the second
//   line behind the service) or refuses it; the head releases it with a reason;
// - only an approved, unreleased hold keeps material from the retention purge.
// Rows are never deleted; each change is a ledger entry of entity type 'record_hold'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_holds (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reason           text NOT NULL CHECK (reason IN ('dispute', 'complaint', 'obstruction', 'incident', 'reconsideration', 'litigation')),
      note             text NOT NULL CHECK (length(btrim(note)) BETWEEN 1 AND 2000),
      record_kind      text NOT NULL CHECK (record_kind IN ('recording', 'case', 'segment', 'flag_clip', 'flag_snapshot', 'document_pdf')),
      record_id        uuid NOT NULL,
      record_sha256    text CHECK (record_sha256 IS NULL OR record_sha256 ~ '^[0-9a-f]{64}$'),
      window_from      timestamptz,
      window_to        timestamptz,
      owner_agency_id  uuid NOT NULL REFERENCES agencies (id),
      requested_by     uuid NOT NULL REFERENCES users (id),
      requested_at     timestamptz NOT NULL,
      review_on        date NOT NULL,
      status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_force', 'refused', 'released')),
      approved_by      uuid REFERENCES users (id),
      approved_at      timestamptz,
      opinion          text,
      released_by      uuid REFERENCES users (id),
      released_at      timestamptz,
      release_reason   text,
      version          int NOT NULL DEFAULT 1,
      CHECK ((record_kind = 'recording') = (window_from IS NOT NULL AND window_to IS NOT NULL)),
      CHECK (window_to IS NULL OR window_to > window_from),
      CHECK (approved_by IS NULL OR approved_by <> requested_by),
      CHECK (status NOT IN ('in_force', 'released') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)),
      CHECK ((status = 'released') = (released_by IS NOT NULL AND released_at IS NOT NULL AND length(btrim(release_reason)) > 0))
    );
    CREATE INDEX record_holds_owner_idx ON record_holds (owner_agency_id, status);
    CREATE INDEX record_holds_record_idx ON record_holds (record_kind, record_id) WHERE status = 'in_force';
    CREATE INDEX record_holds_sha_idx ON record_holds (record_sha256) WHERE status = 'in_force' AND record_sha256 IS NOT NULL;
    CREATE TRIGGER record_holds_no_delete BEFORE DELETE ON record_holds FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE record_holds;`.execute(db);
}
