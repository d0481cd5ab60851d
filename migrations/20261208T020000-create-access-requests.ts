import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Approved, time-boxed access to records (调用单; issue 15 item 2; R12):
// - a request names its purpose (access to read, or publication), the record (a device and a
//   window of its recording, a case, a document), the owning agency (resolved when asked), the
//   reason and the period wanted (bounded to 30 days);
// - the head of the owning unit approves or refuses with an opinion; an approval is a grant valid
//   from the approval to the period's end; it may be revoked, and it expires by itself;
// - a playback view read under a grant names it (media_views.grant_id).
// Rows are never deleted; each change is a ledger entry of entity type 'access_request'.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE access_requests (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose          text NOT NULL CHECK (purpose IN ('access', 'publication')),
      requester_id     uuid NOT NULL REFERENCES users (id),
      record_kind      text NOT NULL CHECK (record_kind IN ('device', 'case', 'document')),
      record_id        uuid NOT NULL,
      window_from      timestamptz,
      window_to        timestamptz,
      owner_agency_id  uuid NOT NULL REFERENCES agencies (id),
      reason           text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
      period_from      timestamptz NOT NULL,
      period_until     timestamptz NOT NULL,
      status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'revoked', 'expired', 'withdrawn')),
      created_at       timestamptz NOT NULL DEFAULT now(),
      decided_by       uuid REFERENCES users (id),
      decided_at       timestamptz,
      opinion          text,
      valid_from       timestamptz,
      valid_until      timestamptz,
      revoked_by       uuid REFERENCES users (id),
      revoked_at       timestamptz,
      revoke_reason    text,
      ended_at         timestamptz,
      version          int NOT NULL DEFAULT 1,
      CHECK (period_until > period_from AND period_until - period_from <= interval '30 days'),
      CHECK ((record_kind = 'device') = (window_from IS NOT NULL AND window_to IS NOT NULL)),
      CHECK (window_to IS NULL OR window_to > window_from),
      CHECK (decided_by IS NULL OR decided_by <> requester_id),
      CHECK (status <> 'approved' OR (valid_from IS NOT NULL AND valid_until IS NOT NULL AND decided_by IS NOT NULL))
    );
    CREATE INDEX access_requests_requester_idx ON access_requests (requester_id, created_at DESC);
    CREATE INDEX access_requests_owner_idx ON access_requests (owner_agency_id, status);
    CREATE INDEX access_requests_grant_idx ON access_requests (requester_id, record_kind, record_id) WHERE status = 'approved';
    CREATE TRIGGER access_requests_no_delete BEFORE DELETE ON access_requests FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    ALTER TABLE media_views ADD COLUMN grant_id uuid REFERENCES access_requests (id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE media_views DROP COLUMN grant_id;
    DROP TABLE access_requests;
  `.execute(db);
}
