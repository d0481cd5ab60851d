import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Credit grades (issue 16 item 4; R13; seed 002 §4 — the credit analysis made with the remote
// supervision devices enters the credit evaluation, the basis of graded supervision; 002 §24 — a
// business that gives false information is dealt with under the credit rules).
// - append-only history: one row per computation that changed something (or asked for by an
//   officer, or caused by a report found falsified); the current grade of a business is its latest row;
// - each row keeps the score, the grade, the rules version it was computed under, the window and
//   every input with its value, weight, cap and points (jsonb), and an override (falsified report,
//   short history) when one decided the grade;
// - computed_by: the officer who asked for a recompute; null for the scheduled job and events.
// Each row is a ledger entry of entity type 'credit_grade' (the grade's change named in its action).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE credit_grades (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The order rows were written in (two computations may share an instant): the latest is the current grade.
      seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      business_id     uuid NOT NULL REFERENCES businesses (id),
      computed_at     timestamptz NOT NULL,
      score           numeric(4, 1) NOT NULL CHECK (score BETWEEN 0 AND 100),
      grade           text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
      computed_grade  text NOT NULL CHECK (computed_grade IN ('A', 'B', 'C', 'D')),
      rules_version   text NOT NULL,
      window_from     timestamptz NOT NULL,
      window_to       timestamptz NOT NULL,
      inputs          jsonb NOT NULL,
      override        jsonb,
      reason          text NOT NULL CHECK (reason IN ('scheduled', 'falsified_report', 'manual_recompute')),
      note            text CHECK (note IS NULL OR length(btrim(note)) BETWEEN 1 AND 500),
      computed_by     uuid REFERENCES users (id),
      CHECK (window_to > window_from),
      CHECK (reason <> 'manual_recompute' OR (computed_by IS NOT NULL AND note IS NOT NULL))
    );
    CREATE INDEX credit_grades_business_idx ON credit_grades (business_id, seq DESC);
    CREATE FUNCTION credit_grades_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the credit grade history is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER credit_grades_append_only BEFORE UPDATE OR DELETE ON credit_grades FOR EACH ROW EXECUTE FUNCTION credit_grades_frozen();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE credit_grades; DROP FUNCTION credit_grades_frozen();`.execute(db);
}
