import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Enforcement, closing and the archive of a case (issue 14 items 4–5; R10). Payments (or the
// record that none came) are rows of their own, never changed; the archive is one row per case
// with its label and retention class — a case is archived when it has that row (no column is
// added to cases: every case row stays equal to the state its ledger entry recorded); an archived
// case is read-only: the service refuses every write naming the rule, and these triggers refuse
// it too (003 §22; 001 §24).
// The clock kinds: the payment period, the court application window and the archive deadline;
// 'service' is the delivery module's clock (issue 14 item 2, migration 20261207T01…), kept here
// so that whichever of the two constraints is written last allows both.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_clocks DROP CONSTRAINT IF EXISTS case_clocks_kind_check;
    ALTER TABLE case_clocks ADD CONSTRAINT case_clocks_kind_check
      CHECK (kind IN ('filing', 'evidence_preservation', 'seizure', 'hearing_request', 'legal_review', 'decision', 'reminder', 'service', 'payment', 'court_application', 'archive'));

    -- A payment of the fine (003 §15: 当事人自愿履行的，记录并留存相关凭证) or the record that the
    -- period ran out without one. Money in fen; the receipt's file is a blob.
    CREATE TABLE case_payments (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id       uuid NOT NULL REFERENCES cases (id),
      kind          text NOT NULL CHECK (kind IN ('paid', 'not_paid')),
      amount_fen    bigint CHECK (amount_fen IS NULL OR amount_fen > 0),
      paid_on       date,
      reference     text CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 200),
      file_sha256   text CHECK (file_sha256 IS NULL OR file_sha256 ~ '^[0-9a-f]{64}$'),
      file_name     text,
      note          text CHECK (note IS NULL OR length(note) <= 2000),
      recorded_by   uuid NOT NULL REFERENCES users (id),
      recorded_at   timestamptz NOT NULL,
      CHECK ((kind = 'paid') = (amount_fen IS NOT NULL AND paid_on IS NOT NULL AND reference IS NOT NULL))
    );
    CREATE INDEX case_payments_case_idx ON case_payments (case_id, recorded_at);
    CREATE TRIGGER case_payments_no_update BEFORE UPDATE ON case_payments FOR EACH ROW EXECUTE FUNCTION case_rows_frozen();
    CREATE TRIGGER case_payments_no_delete BEFORE DELETE ON case_payments FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- The archive of a closed case (R10): its number (档号), who archived it and when, the
    -- retention class and the first day it may be appraised for destruction, and its label.
    CREATE TABLE case_archives (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id         uuid NOT NULL UNIQUE REFERENCES cases (id),
      agency_id       uuid NOT NULL REFERENCES agencies (id),
      archive_no      text NOT NULL,
      retention_class text NOT NULL CHECK (retention_class IN ('permanent', 'years30', 'years10')),
      destroy_from    date,
      label           jsonb NOT NULL,
      note            text CHECK (note IS NULL OR length(note) <= 2000),
      archived_by     uuid NOT NULL REFERENCES users (id),
      archived_at     timestamptz NOT NULL,
      UNIQUE (agency_id, archive_no),
      CHECK ((retention_class = 'permanent') = (destroy_from IS NULL))
    );
    CREATE TRIGGER case_archives_no_update BEFORE UPDATE ON case_archives FOR EACH ROW EXECUTE FUNCTION case_rows_frozen();
    CREATE TRIGGER case_archives_no_delete BEFORE DELETE ON case_archives FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- Read-only once archived: a second line behind the services' refusal.
    CREATE FUNCTION case_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE target uuid;
    BEGIN
      IF TG_TABLE_NAME = 'cases' THEN
        target := OLD.id;
      ELSIF TG_TABLE_NAME = 'documents' THEN
        IF NEW.subject_type <> 'case' THEN RETURN NEW; END IF;
        target := NEW.subject_id;
      ELSE
        target := NEW.case_id;
      END IF;
      IF EXISTS (SELECT 1 FROM case_archives WHERE case_id = target) THEN
        RAISE EXCEPTION 'case % is archived: its file is read-only (003 §22; 001 §24)', target USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER cases_archived_guard BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER case_stages_archived_guard BEFORE INSERT ON case_stages FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER case_evidence_archived_guard BEFORE INSERT OR UPDATE ON case_evidence FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER case_clocks_archived_guard BEFORE INSERT OR UPDATE ON case_clocks FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER case_documents_archived_guard BEFORE INSERT ON case_documents FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER case_payments_archived_guard BEFORE INSERT ON case_payments FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
    CREATE TRIGGER documents_archived_guard BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the archive is never rolled back');
}
