import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// What a business signs must say what the platform can do and show what was agreed (issue 12):
// - agencies.phone: the agency's public contact, printed on the site notice (公告) so people at
//   the site know whom to call (seed 002 §12).
// - consents.analysis_capabilities: the rule kinds, camera-fault checks and undetectable things
//   the 分析内容 clause was derived from when the consent was drafted (template v2 on); null
//   for consents drafted before, whose clause was typed by the officer.
// - consents.confirmations: each statement the signer ticked, with when (set at signing; null
//   for consents signed before, whose record keeps only the ledger's list of keys).
// Signed consents are legal records: nothing here rewrites one; the new columns are frozen like
// the text (once proposed) and the signature record (once signed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE agencies ADD COLUMN phone text CHECK (phone ~ '^[0-9+][0-9 ()+-]{4,29}$')`.execute(db);
  await sql`ALTER TABLE consents ADD COLUMN analysis_capabilities jsonb, ADD COLUMN confirmations jsonb`.execute(db);
  await sql`
    CREATE FUNCTION consents_freeze_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status <> 'draft' AND (NEW.analysis_capabilities::text, NEW.analysis) IS DISTINCT FROM (OLD.analysis_capabilities::text, OLD.analysis) THEN
        RAISE EXCEPTION 'the analysis clause of a proposed consent is never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.signed_at IS NOT NULL AND NEW.confirmations::text IS DISTINCT FROM OLD.confirmations::text THEN
        RAISE EXCEPTION 'the confirmations of a signed consent are never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER consents_freeze_agreement BEFORE UPDATE ON consents FOR EACH ROW EXECUTE FUNCTION consents_freeze_agreement();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER consents_freeze_agreement ON consents`.execute(db);
  await sql`DROP FUNCTION consents_freeze_agreement()`.execute(db);
  await sql`ALTER TABLE consents DROP COLUMN confirmations, DROP COLUMN analysis_capabilities`.execute(db);
  await sql`ALTER TABLE agencies DROP COLUMN phone`.execute(db);
}
