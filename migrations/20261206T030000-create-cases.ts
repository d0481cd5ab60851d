import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Enforcement cases (issue 13 items 2–4; R7, R8). A case is filed from confirmed flags or opened
// by hand (案件受理记录); it runs through recorded stages (append-only rows, each with its actors,
// participants, fields, evidence and documents); its time limits are clocks with pauses and
// extensions approved by the unit head; its evidence items each carry the review checklist of
// 002 §16. Recordings that a case's evidence covers get the retention class 'case' (kept as the
// case file: 003 §23–§24; ordinary retention purges only 'ordinary').
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE recording_segments DROP CONSTRAINT IF EXISTS recording_segments_retention_class_check;
    ALTER TABLE recording_segments ADD CONSTRAINT recording_segments_retention_class_check CHECK (retention_class IN ('ordinary', 'evidence', 'held', 'case'));

    -- Administrator settings of the case procedure (the filing limit), one row per key.
    CREATE TABLE case_settings (
      key         text PRIMARY KEY CHECK (key IN ('filing_limit')),
      value       jsonb NOT NULL,
      version     int NOT NULL DEFAULT 1,
      updated_by  uuid NOT NULL REFERENCES users (id),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE cases (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      business_id      uuid NOT NULL REFERENCES businesses (id),
      site_id          uuid REFERENCES sites (id),
      party_kind       text NOT NULL CHECK (party_kind IN ('person', 'organisation')),
      procedure        text NOT NULL CHECK (procedure IN ('simple', 'general')),
      source           text NOT NULL CHECK (source IN ('flags', 'complaint', 'inspection', 'transfer', 'assignment')),
      -- 案件受理记录: where it came from (complaint, transfer …), 案情摘要, 负责人意见.
      source_record    jsonb NOT NULL,
      cause            text NOT NULL CHECK (length(cause) BETWEEN 1 AND 500),
      -- The enforcement category of the case's 文号 (医, 公, 水 …).
      category         text NOT NULL CHECK (length(category) BETWEEN 1 AND 4),
      -- 承办人员: at least two officers (行政处罚法 art. 42), as [{id, name, certificateNo}].
      investigators    jsonb NOT NULL CHECK (jsonb_typeof(investigators) = 'array' AND jsonb_array_length(investigators) >= 2),
      state            text NOT NULL CHECK (state IN ('accepted', 'filing_submitted', 'not_filed', 'investigating', 'investigation_ended', 'approved', 'notified', 'decided', 'reported', 'enforcing', 'closed')),
      version          int NOT NULL DEFAULT 1,
      -- Where the filing clock starts: the flags' confirmation, or the acceptance.
      filing_clock_from timestamptz NOT NULL,
      accepted_at      timestamptz NOT NULL,
      filed_at         timestamptz,
      decided_at       timestamptz,
      closed_at        timestamptz,
      created_by       uuid NOT NULL REFERENCES users (id),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX cases_agency_state_idx ON cases (agency_id, state, accepted_at DESC);
    CREATE INDEX cases_business_idx ON cases (business_id);
    CREATE INDEX cases_investigators_idx ON cases USING gin (investigators jsonb_path_ops);
    CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- The flags (and their findings) a case was filed from: a flag goes into one case.
    CREATE TABLE case_flags (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id     uuid NOT NULL REFERENCES cases (id),
      flag_id     uuid NOT NULL UNIQUE REFERENCES flags (id),
      finding_id  uuid REFERENCES findings (id),
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_flags_case_idx ON case_flags (case_id);
    CREATE TRIGGER case_flags_no_delete BEFORE DELETE ON case_flags FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    CREATE FUNCTION case_rows_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'recorded stages and issued documents are never changed' USING ERRCODE = 'insufficient_privilege';
    END $$;

    -- One row per recorded stage (R8): who acted, which officers (with certificates), who took
    -- part, what was recorded, which evidence and media it relies on. Never changed.
    CREATE TABLE case_stages (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id       uuid NOT NULL REFERENCES cases (id),
      seq           int NOT NULL CHECK (seq >= 1),
      kind          text NOT NULL,
      actor_id      uuid NOT NULL REFERENCES users (id),
      officers      jsonb NOT NULL DEFAULT '[]',
      participants  jsonb NOT NULL DEFAULT '[]',
      fields        jsonb NOT NULL DEFAULT '{}',
      evidence_ids  jsonb NOT NULL DEFAULT '[]',
      media         jsonb NOT NULL DEFAULT '[]',
      from_state    text NOT NULL,
      to_state      text NOT NULL,
      at            timestamptz NOT NULL,
      UNIQUE (case_id, seq)
    );
    CREATE INDEX case_stages_kind_idx ON case_stages (kind, at);
    CREATE TRIGGER case_stages_no_update BEFORE UPDATE ON case_stages FOR EACH ROW EXECUTE FUNCTION case_rows_frozen();
    CREATE TRIGGER case_stages_no_delete BEFORE DELETE ON case_stages FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- Evidence (R7): from the flags (finding, answer, snapshot, clip, covering segments) or
    -- uploaded / entered; each with the 002 §16 checklist answered item by item.
    CREATE TABLE case_evidence (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id       uuid NOT NULL REFERENCES cases (id),
      kind          text NOT NULL CHECK (kind IN ('finding', 'business_answer', 'snapshot', 'clip', 'segments', 'upload', 'entry')),
      flag_id       uuid REFERENCES flags (id),
      title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      -- What it is: hashes, the clip's version and provenance, the segment ids … (frozen when added).
      source        jsonb NOT NULL,
      checklist     jsonb NOT NULL DEFAULT '{}',
      checklist_complete boolean NOT NULL DEFAULT false,
      reviewed_by   uuid REFERENCES users (id),
      reviewed_at   timestamptz,
      version       int NOT NULL DEFAULT 1,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_evidence_case_idx ON case_evidence (case_id);
    CREATE TRIGGER case_evidence_no_delete BEFORE DELETE ON case_evidence FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- Time limits on the legal clock, started and stopped by stages.
    CREATE TABLE case_clocks (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id       uuid NOT NULL REFERENCES cases (id),
      kind          text NOT NULL CHECK (kind IN ('filing', 'evidence_preservation', 'seizure', 'hearing_request', 'legal_review', 'decision', 'reminder')),
      amount        int NOT NULL CHECK (amount >= 1),
      unit          text NOT NULL CHECK (unit IN ('working_days', 'natural_days', 'hours')),
      basis         text NOT NULL,
      started_at    timestamptz NOT NULL,
      started_by    uuid REFERENCES case_stages (id),
      stopped_at    timestamptz,
      stopped_by    uuid REFERENCES case_stages (id),
      -- Cached due time (null while paused), for lists and overdue counts; recomputed on each change.
      due_at        timestamptz,
      version       int NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX case_clocks_one_running ON case_clocks (case_id, kind) WHERE stopped_at IS NULL;
    CREATE INDEX case_clocks_due_idx ON case_clocks (due_at) WHERE stopped_at IS NULL;
    CREATE TRIGGER case_clocks_no_delete BEFORE DELETE ON case_clocks FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- Time that does not count (an appraisal within a seizure: 行政强制法 art. 25 ¶3), set by the unit head.
    CREATE TABLE case_clock_pauses (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clock_id    uuid NOT NULL REFERENCES case_clocks (id),
      from_at     timestamptz NOT NULL,
      to_at       timestamptz,
      reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      paused_by   uuid NOT NULL REFERENCES users (id),
      resumed_by  uuid REFERENCES users (id),
      version     int NOT NULL DEFAULT 1,
      CHECK (to_at IS NULL OR to_at >= from_at)
    );
    CREATE UNIQUE INDEX case_clock_pauses_one_open ON case_clock_pauses (clock_id) WHERE to_at IS NULL;
    CREATE TRIGGER case_clock_pauses_no_delete BEFORE DELETE ON case_clock_pauses FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- Extensions asked by an officer, approved or refused by the unit head (行政强制法 art. 25 ¶1 …).
    CREATE TABLE case_clock_extensions (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clock_id      uuid NOT NULL REFERENCES case_clocks (id),
      amount        int NOT NULL CHECK (amount >= 1),
      reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      status        text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'refused')),
      requested_by  uuid NOT NULL REFERENCES users (id),
      requested_at  timestamptz NOT NULL,
      decided_by    uuid REFERENCES users (id),
      decided_at    timestamptz,
      note          text,
      version       int NOT NULL DEFAULT 1,
      CHECK ((status = 'requested') = (decided_at IS NULL))
    );
    CREATE UNIQUE INDEX case_clock_extensions_one_pending ON case_clock_extensions (clock_id) WHERE status = 'requested';
    CREATE INDEX case_clock_extensions_pending_idx ON case_clock_extensions (requested_at) WHERE status = 'requested';
    CREATE TRIGGER case_clock_extensions_no_delete BEFORE DELETE ON case_clock_extensions FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- The documents each stage issued (the documents table is the documents service's; the lead
    -- adds the foreign key to documents (id) when the two meet).
    CREATE TABLE case_documents (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id      uuid NOT NULL REFERENCES cases (id),
      stage_id     uuid NOT NULL REFERENCES case_stages (id),
      document_id  uuid NOT NULL REFERENCES documents (id), -- the document (its version 1's id)
      kind         text NOT NULL,
      number       text,
      version      int NOT NULL,
      sha256       text NOT NULL,
      issued_at    timestamptz NOT NULL,
      UNIQUE (document_id, version)
    );
    CREATE INDEX case_documents_case_idx ON case_documents (case_id);
    CREATE TRIGGER case_documents_no_update BEFORE UPDATE ON case_documents FOR EACH ROW EXECUTE FUNCTION case_rows_frozen();
    CREATE TRIGGER case_documents_no_delete BEFORE DELETE ON case_documents FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('cases are never rolled back');
}
