import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Self-inspection reports (issue 16 item 3; R14; seed 002 §14): a business reports each period on
// its category's checklist (answers per item, photos), signs a commitment that it is true with a
// one-time code, and an officer accepts it, returns it for correction, or finds it falsified; an
// accepted report may close the routine check by document review. One live report per business
// and period: a returned one stays as it was and its correction is a new version (supersedes).
// Once signed, what was signed never changes (trigger); only the review is added, once. No row
// is ever deleted. Photos are write-once blobs, hashed, of a checked type.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE self_inspection_reports (
      id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      business_id             uuid NOT NULL REFERENCES businesses (id),
      site_id                 uuid REFERENCES sites (id),
      agency_id               uuid NOT NULL REFERENCES agencies (id),
      category                text NOT NULL,
      period_key              text NOT NULL CHECK (period_key ~ '^[0-9]{4}-(Q[1-4]|[0-9]{2})$'),
      period_start            date NOT NULL,
      period_end              date NOT NULL CHECK (period_end >= period_start),
      due_date                date NOT NULL CHECK (due_date > period_end),
      version                 integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      supersedes              uuid REFERENCES self_inspection_reports (id),
      checklist_version       integer NOT NULL CHECK (checklist_version >= 1),
      -- [{ key, answer: 'yes'|'no'|'na'|null, note, photoIds: [uuid] }] in the checklist's order.
      answers                 jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'array'),
      status                  text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'accepted', 'returned', 'falsified')),
      -- The signature: the commitment text signed, the SHA-256 of the canonical report + that text, who, how identified, when, from where.
      commitment_version      integer,
      commitment_text         text,
      content_sha256          text CHECK (content_sha256 IS NULL OR content_sha256 ~ '^[0-9a-f]{64}$'),
      signer_user_id          uuid REFERENCES users (id),
      signer_name             text CHECK (signer_name IS NULL OR length(btrim(signer_name)) BETWEEN 1 AND 100),
      identity_method         text CHECK (identity_method IS NULL OR identity_method IN ('email_code', 'sms_code')),
      identity_address        text,
      code_id                 uuid REFERENCES one_time_codes (id),
      signed_at               timestamptz,
      sign_ip                 text,
      sign_user_agent         text,
      late                    boolean NOT NULL DEFAULT false,
      reviewed_by             uuid REFERENCES users (id),
      reviewed_at             timestamptz,
      review_note             text CHECK (review_note IS NULL OR length(btrim(review_note)) BETWEEN 1 AND 2000),
      routine_check_closed    boolean NOT NULL DEFAULT false,
      routine_check_closed_by uuid REFERENCES users (id),
      routine_check_closed_at timestamptz,
      routine_check_reason    text CHECK (routine_check_reason IS NULL OR length(btrim(routine_check_reason)) BETWEEN 1 AND 2000),
      created_by              uuid NOT NULL REFERENCES users (id),
      created_at              timestamptz NOT NULL DEFAULT now(),
      updated_at              timestamptz NOT NULL DEFAULT now(),
      UNIQUE (business_id, period_start, version),
      CHECK ((status = 'draft') = (signed_at IS NULL)),
      CHECK (status = 'draft' OR (content_sha256 IS NOT NULL AND commitment_text IS NOT NULL AND commitment_version IS NOT NULL AND signer_user_id IS NOT NULL AND signer_name IS NOT NULL AND identity_method IS NOT NULL AND code_id IS NOT NULL)),
      CHECK ((status IN ('accepted', 'returned', 'falsified')) = (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL)),
      CHECK (status NOT IN ('returned', 'falsified') OR review_note IS NOT NULL),
      CHECK (NOT late OR status <> 'draft'),
      CHECK (routine_check_closed = (routine_check_closed_at IS NOT NULL AND routine_check_closed_by IS NOT NULL AND routine_check_reason IS NOT NULL)),
      CHECK (NOT routine_check_closed OR status = 'accepted'),
      CHECK ((version = 1) = (supersedes IS NULL))
    );
    -- One live report per business and period; returned versions are history.
    CREATE UNIQUE INDEX self_inspection_reports_live ON self_inspection_reports (business_id, period_start) WHERE status <> 'returned';
    CREATE INDEX self_inspection_reports_queue ON self_inspection_reports (agency_id, status, signed_at);
    CREATE INDEX self_inspection_reports_falsified ON self_inspection_reports (business_id, reviewed_at) WHERE status = 'falsified';

    CREATE FUNCTION self_inspection_reports_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'self-inspection reports are never deleted' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF (NEW.id, NEW.business_id, NEW.site_id, NEW.agency_id, NEW.category, NEW.period_key, NEW.period_start, NEW.period_end, NEW.due_date, NEW.version, NEW.supersedes, NEW.checklist_version, NEW.created_by, NEW.created_at)
         IS DISTINCT FROM
         (OLD.id, OLD.business_id, OLD.site_id, OLD.agency_id, OLD.category, OLD.period_key, OLD.period_start, OLD.period_end, OLD.due_date, OLD.version, OLD.supersedes, OLD.checklist_version, OLD.created_by, OLD.created_at) THEN
        RAISE EXCEPTION 'what a report is for is fixed when it is created' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.status = 'draft' THEN
        RETURN NEW;
      END IF;
      -- Signed: what was signed stays; the review is added once, then the routine check closed once.
      IF (NEW.answers, NEW.commitment_version, NEW.commitment_text, NEW.content_sha256, NEW.signer_user_id, NEW.signer_name, NEW.identity_method, NEW.identity_address, NEW.code_id, NEW.signed_at, NEW.sign_ip, NEW.sign_user_agent, NEW.late)
         IS DISTINCT FROM
         (OLD.answers, OLD.commitment_version, OLD.commitment_text, OLD.content_sha256, OLD.signer_user_id, OLD.signer_name, OLD.identity_method, OLD.identity_address, OLD.code_id, OLD.signed_at, OLD.sign_ip, OLD.sign_user_agent, OLD.late) THEN
        RAISE EXCEPTION 'a signed report cannot change' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.status = 'submitted' AND NEW.status IN ('accepted', 'returned', 'falsified') AND NOT NEW.routine_check_closed THEN
        RETURN NEW;
      END IF;
      IF OLD.status = 'accepted' AND NEW.status = 'accepted' AND NOT OLD.routine_check_closed AND NEW.routine_check_closed
         AND (NEW.reviewed_by, NEW.reviewed_at, NEW.review_note) IS NOT DISTINCT FROM (OLD.reviewed_by, OLD.reviewed_at, OLD.review_note) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'a % report cannot become %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER self_inspection_reports_keep BEFORE UPDATE OR DELETE ON self_inspection_reports FOR EACH ROW EXECUTE FUNCTION self_inspection_reports_guard();
    CREATE TRIGGER self_inspection_reports_no_truncate BEFORE TRUNCATE ON self_inspection_reports FOR EACH STATEMENT EXECUTE FUNCTION self_inspection_reports_guard();

    CREATE TABLE self_inspection_photos (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- The version it was taken for; a corrected version may show the same photos (same business and period).
      report_id     uuid NOT NULL REFERENCES self_inspection_reports (id),
      business_id   uuid NOT NULL REFERENCES businesses (id),
      period_start  date NOT NULL,
      item_key      text NOT NULL CHECK (item_key ~ '^[a-z_.]{1,80}$'),
      blob_sha256   text NOT NULL REFERENCES blobs (sha256),
      media_type    text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
      size          bigint NOT NULL CHECK (size > 0),
      uploaded_by   uuid NOT NULL REFERENCES users (id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX self_inspection_photos_report ON self_inspection_photos (business_id, period_start);
    CREATE FUNCTION self_inspection_photos_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'self-inspection photos are written once' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER self_inspection_photos_once BEFORE UPDATE OR DELETE ON self_inspection_photos FOR EACH ROW EXECUTE FUNCTION self_inspection_photos_guard();
    CREATE TRIGGER self_inspection_photos_no_truncate BEFORE TRUNCATE ON self_inspection_photos FOR EACH STATEMENT EXECUTE FUNCTION self_inspection_photos_guard();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('self-inspection reports are never rolled back');
}
