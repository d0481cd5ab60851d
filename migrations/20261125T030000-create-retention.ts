import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Retention (R11): recordings past their period are purged, each leaving a signed deletion record.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE recording_segments ADD COLUMN purged_at timestamptz;

    -- One row per blob whose bytes were deleted by a retention rule: what, why, when, signed
    -- with the ledger key. Append-only; verify checks the signature instead of the bytes.
    CREATE TABLE blob_deletions (
      sha256      text PRIMARY KEY REFERENCES blobs (sha256),
      size        bigint NOT NULL,
      rule        text NOT NULL,
      subject     jsonb NOT NULL,
      deleted_at  timestamptz NOT NULL,
      key_id      text NOT NULL,
      signature   bytea NOT NULL
    );
    CREATE TRIGGER blob_deletions_no_delete BEFORE DELETE ON blob_deletions FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE FUNCTION blob_deletions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'deletion records are never changed' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER blob_deletions_no_update BEFORE UPDATE ON blob_deletions FOR EACH ROW EXECUTE FUNCTION blob_deletions_frozen();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('deletion records are never rolled back');
}
