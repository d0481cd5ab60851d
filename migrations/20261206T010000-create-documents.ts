import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Issue 13 item 1/5: one machinery for every enforcement document (卫生行政执法文书规范).
//  - agencies.area_abbreviation: the 区域简称 that starts a 文号 (婺 in 婺卫医罚〔2026〕12号); it
//    starts as the agency's short name and the admin edits it. Every agency row changes, so each
//    gets its ledger entry here (as 20261205T020000 did), keeping `npm run verify` clean.
//  - document_counters: one row per (agency, year of issue in Asia/Shanghai, series); taken in the
//    issuing transaction (INSERT … ON CONFLICT DO UPDATE … RETURNING), so numbers are unique and
//    gap-free: a rolled-back issue gives its number back, concurrent issues wait on the row.
//  - documents: one row per version of a document. Version 1 takes the number; a correction is the
//    next version of the same document (same number, same public ref) with its reason, and the
//    rows before it stay as they were. Rows are append-only.
const MIGRATION = '20261206T010000-create-documents';

/** The ledger's canonical JSON as of this migration: sorted keys, Dates as ISO strings. */
function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) if ((value as Record<string, unknown>)[k] !== undefined) out[k] = canonical((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE agencies ADD COLUMN area_abbreviation text;
    UPDATE agencies SET area_abbreviation = left(regexp_replace(short_name, '\\s', '', 'g'), 4);
    ALTER TABLE agencies ALTER COLUMN area_abbreviation SET NOT NULL,
      ADD CONSTRAINT agencies_area_abbreviation_check CHECK (area_abbreviation ~ '^\\S{1,4}$');
    -- An agency created without one takes its short name (the admin edits it where he edits the agency).
    CREATE FUNCTION agencies_area_abbreviation_default() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.area_abbreviation := coalesce(NEW.area_abbreviation, left(regexp_replace(NEW.short_name, '\\s', '', 'g'), 4));
      RETURN NEW;
    END $$;
    CREATE TRIGGER agencies_area_abbreviation_default BEFORE INSERT ON agencies FOR EACH ROW EXECUTE FUNCTION agencies_area_abbreviation_default();

    CREATE TABLE document_counters (
      agency_id uuid NOT NULL REFERENCES agencies (id),
      year      integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
      -- 'wenhao:<nature>' (one per 文号 nature) or 'serial:<kind>' (one per 编号 kind)
      series    text NOT NULL CHECK (series ~ '^(wenhao|serial):.{1,40}$'),
      -- The last number taken.
      last      integer NOT NULL CHECK (last >= 1),
      PRIMARY KEY (agency_id, year, series)
    );
    CREATE TRIGGER document_counters_no_delete BEFORE DELETE ON document_counters FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    CREATE TABLE documents (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The document all versions belong to: the id of its version 1.
      document_id      uuid NOT NULL REFERENCES documents (id),
      version          integer NOT NULL CHECK (version >= 1),
      kind             text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
      template_version integer NOT NULL CHECK (template_version >= 1),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      subject_type     text NOT NULL CHECK (length(subject_type) BETWEEN 1 AND 40),
      subject_id       uuid NOT NULL,
      -- 文号 or 编号 as printed; null for a kind without one.
      number           text,
      series           text,
      year             integer,
      seq              integer CHECK (seq >= 1),
      fields           jsonb NOT NULL,
      signers          jsonb NOT NULL,
      pdf_sha256       text NOT NULL REFERENCES blobs (sha256),
      sealed           boolean NOT NULL,
      issued_by        uuid REFERENCES users (id),
      issued_at        timestamptz NOT NULL,
      -- Printed in the QR code: the same for every version of a document.
      public_ref       text NOT NULL CHECK (public_ref ~ '^[0-9a-hjkmnp-tv-z]{20}$'),
      -- A correction: the version it replaces, and why.
      supersedes       uuid UNIQUE REFERENCES documents (id),
      reason           text CHECK (length(reason) BETWEEN 1 AND 2000),
      UNIQUE (document_id, version),
      UNIQUE (public_ref, version),
      CHECK ((version = 1) = (document_id = id)),
      CHECK ((version = 1) = (supersedes IS NULL)),
      CHECK ((version = 1) = (reason IS NULL)),
      CHECK ((number IS NULL) = (seq IS NULL) AND (seq IS NULL) = (series IS NULL) AND (series IS NULL) = (year IS NULL))
    );
    -- A number is taken once: per agency, year and series one sequence, and one printed number.
    CREATE UNIQUE INDEX documents_sequence_key ON documents (agency_id, year, series, seq) WHERE version = 1 AND seq IS NOT NULL;
    CREATE UNIQUE INDEX documents_number_key ON documents (agency_id, number) WHERE version = 1 AND number IS NOT NULL;
    CREATE INDEX documents_subject_idx ON documents (subject_type, subject_id);
    CREATE INDEX documents_document_idx ON documents (document_id, version);

    CREATE FUNCTION documents_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'issued documents are never changed: a correction is a new version' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER documents_append_only BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION documents_frozen();
    CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- A correction keeps what identifies the document: kind, agency, subject, number and public ref.
    CREATE FUNCTION documents_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE prev documents;
    BEGIN
      IF NEW.version = 1 THEN RETURN NEW; END IF;
      SELECT * INTO prev FROM documents WHERE id = NEW.supersedes;
      IF prev.id IS NULL OR prev.document_id <> NEW.document_id OR prev.version <> NEW.version - 1
         OR (prev.kind, prev.agency_id, prev.subject_type, prev.subject_id, prev.public_ref) IS DISTINCT FROM (NEW.kind, NEW.agency_id, NEW.subject_type, NEW.subject_id, NEW.public_ref)
         OR (prev.number, prev.series, prev.year, prev.seq) IS DISTINCT FROM (NEW.number, NEW.series, NEW.year, NEW.seq) THEN
        RAISE EXCEPTION 'a correction is the next version of the same document, with its number' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER documents_version_check BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION documents_version_check();
  `.execute(db);

  const rows = await sql<Record<string, unknown> & { id: string }>`SELECT * FROM agencies ORDER BY path`.execute(db);
  for (const row of rows.rows) {
    const state = JSON.stringify(canonical(row));
    const context = JSON.stringify(canonical({ migration: MIGRATION, reason: 'area abbreviation of the 文号, from the short name' }));
    await sql`
      INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest, context)
      VALUES ('system', 'migration', 'agency.area_abbreviation_set', 'agency', ${row.id}, ${state}::json, ${createHash('sha256').update(state).digest()}, ${context}::jsonb)`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('issued documents are never rolled back');
}
