import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Off-site backups (R10 异地备份; 000 §14, 001 §22): one row per backup run, written once the run
// ended (completed or failed) with its ledger entry, never changed or deleted. A completed run
// names its recovery point, its manifest's SHA-256 (the manifest lists every file with its hash)
// and the ledger checkpoint it contains.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE backups (
      id                     text PRIMARY KEY CHECK (id ~ '^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{4}$'),
      status                 text NOT NULL CHECK (status IN ('completed', 'failed')),
      trigger                text NOT NULL CHECK (trigger IN ('schedule', 'command')),
      location               text NOT NULL,
      started_at             timestamptz NOT NULL,
      finished_at            timestamptz NOT NULL,
      recovery_point         timestamptz,
      manifest_sha256        text CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
      files                  integer,
      database_bytes         bigint,
      blobs                  integer,
      blobs_copied           integer,
      blob_bytes_copied      bigint,
      ledger_chained         bigint,
      ledger_checkpoint_size bigint,
      ledger_checkpoint_root text,
      error                  text CHECK (error IS NULL OR length(error) <= 2000),
      recorded_at            timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'completed') = (recovery_point IS NOT NULL AND manifest_sha256 IS NOT NULL AND error IS NULL))
    );
    CREATE INDEX backups_started_idx ON backups (started_at DESC);
    CREATE FUNCTION backups_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'backups rows are written once and never changed or deleted' USING ERRCODE = 'check_violation';
    END $$;
    CREATE TRIGGER backups_no_update BEFORE UPDATE OR DELETE ON backups FOR EACH ROW EXECUTE FUNCTION backups_frozen();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE backups; DROP FUNCTION backups_frozen();`.execute(db);
}
