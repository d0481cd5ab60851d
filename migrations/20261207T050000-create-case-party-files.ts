import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The party's own procedure online (issue 14 item 3; 行政处罚法 arts. 41 ¶3, 44, 45):
// - the statement period the prior notice prints (the agency's statement days, working days) is
//   a clock of the case like the hearing window: a 'statement' clock kind;
// - the files a party uploads with its statement and defence (its evidence): each stored as a
//   blob (SHA-256), uploaded before the statement is sent, then bound to the statement's stage
//   (stage_id set once, in the stage's transaction). Never deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_clocks DROP CONSTRAINT IF EXISTS case_clocks_kind_check;
    ALTER TABLE case_clocks ADD CONSTRAINT case_clocks_kind_check CHECK (kind IN ('filing', 'evidence_preservation', 'seizure', 'hearing_request', 'statement', 'legal_review', 'decision', 'reminder', 'service', 'payment', 'court_application', 'archive'));

    CREATE TABLE case_party_files (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id      uuid NOT NULL REFERENCES cases (id),
      blob_sha256  text NOT NULL REFERENCES blobs (sha256),
      filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
      media_type   text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
      size         bigint NOT NULL CHECK (size > 0),
      uploaded_by  uuid NOT NULL REFERENCES users (id),
      uploaded_at  timestamptz NOT NULL DEFAULT now(),
      stage_id     uuid REFERENCES case_stages (id),
      version      int NOT NULL DEFAULT 1
    );
    CREATE INDEX case_party_files_case_idx ON case_party_files (case_id);
    CREATE TRIGGER case_party_files_no_delete BEFORE DELETE ON case_party_files FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE case_party_files;
    ALTER TABLE case_clocks DROP CONSTRAINT IF EXISTS case_clocks_kind_check;
    ALTER TABLE case_clocks ADD CONSTRAINT case_clocks_kind_check CHECK (kind IN ('filing', 'evidence_preservation', 'seizure', 'hearing_request', 'legal_review', 'decision', 'reminder', 'service', 'payment', 'court_application', 'archive'));
  `.execute(db);
}
