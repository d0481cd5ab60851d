import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The export log (issue 15 item 3): every watermarked copy handed out — who exported it, which
// record (kind, id and the original's SHA-256), the watermark's text, the copy's own SHA-256 —
// so that a leaked file is traced back to its export by the id or any text on it, or by its hash.
// Append-only like the evidence it copies: no update, no delete; each row is ledgered.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_exports (
      id               text PRIMARY KEY CHECK (id ~ '^WM-[0-9A-HJKMNP-TV-Z]{10}$'),
      exported_by      uuid NOT NULL REFERENCES users (id),
      viewer_name      text NOT NULL,
      account          text NOT NULL,
      record_kind      text NOT NULL CHECK (record_kind IN ('flag_clip', 'flag_snapshot', 'document_pdf', 'segment', 'recording', 'attachment', 'case_file')),
      record_id        text NOT NULL,
      original_sha256  text NOT NULL CHECK (original_sha256 ~ '^[0-9a-f]{64}$'),
      -- Whose record it is: the exports a manager may trace are those of his subtree.
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      business_id      uuid REFERENCES businesses (id),
      reference_kind   text CHECK (reference_kind IN ('grant', 'case', 'document', 'record')),
      reference        text,
      watermark_text   text NOT NULL,
      file_sha256      text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_size        bigint NOT NULL CHECK (file_size > 0),
      media_type       text NOT NULL,
      ip               text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      CHECK ((reference_kind IS NULL) = (reference IS NULL))
    );
    CREATE INDEX record_exports_file ON record_exports (file_sha256);
    CREATE INDEX record_exports_record ON record_exports (record_kind, record_id);
    CREATE INDEX record_exports_by ON record_exports (exported_by, created_at);
    CREATE FUNCTION record_exports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the export log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER record_exports_no_update BEFORE UPDATE OR DELETE ON record_exports FOR EACH ROW EXECUTE FUNCTION record_exports_frozen();
    CREATE TRIGGER record_exports_no_truncate BEFORE TRUNCATE ON record_exports FOR EACH STATEMENT EXECUTE FUNCTION record_exports_frozen();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the export log is never rolled back');
}
