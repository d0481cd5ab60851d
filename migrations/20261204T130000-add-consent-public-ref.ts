import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The public verify link (QR code) of a consent carries an unguessable ref, not the sequential
// one (QR2026-000123), which anyone could count through. 20 base32 characters = 100 random bits,
// from gen_random_uuid() (PostgreSQL's strong random source), drawn only from its fully random
// bytes. Consents already sent to a business (proposed_at set) may have been printed with
// their sequential ref in the QR code, and a signed paper cannot change: those keep it as their
// public ref; drafts, which nobody outside has seen, get a random one like every new consent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION consent_public_ref() RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT string_agg(substr('0123456789abcdefghjkmnpqrstvwxyz', get_byte(r.bytes, t.i) % 32 + 1, 1), '' ORDER BY t.n)
      FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) AS bytes) r,
           unnest(ARRAY[0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]) WITH ORDINALITY AS t(i, n)
    $$
  `.execute(db);
  await sql`ALTER TABLE consents ADD COLUMN public_ref text`.execute(db);
  await sql`UPDATE consents SET public_ref = CASE WHEN proposed_at IS NOT NULL THEN ref ELSE consent_public_ref() END`.execute(db);
  await sql`ALTER TABLE consents ALTER COLUMN public_ref SET DEFAULT consent_public_ref(), ALTER COLUMN public_ref SET NOT NULL`.execute(db);
  await sql`ALTER TABLE consents ADD CONSTRAINT consents_public_ref_key UNIQUE (public_ref)`.execute(db);
  // Printed in the QR code of every document: never changed afterwards.
  await sql`
    CREATE FUNCTION consents_public_ref_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.public_ref IS DISTINCT FROM OLD.public_ref THEN
        RAISE EXCEPTION 'the public ref of a consent is never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER consents_public_ref_frozen BEFORE UPDATE OF public_ref ON consents FOR EACH ROW EXECUTE FUNCTION consents_public_ref_frozen();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER consents_public_ref_frozen ON consents`.execute(db);
  await sql`DROP FUNCTION consents_public_ref_frozen()`.execute(db);
  await sql`ALTER TABLE consents DROP COLUMN public_ref`.execute(db);
  await sql`DROP FUNCTION consent_public_ref()`.execute(db);
}
