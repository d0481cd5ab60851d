import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Records made in the field (issue 15 item 5, R10): footage from a body-worn recorder (执法记录仪) or
// a phone, photos and documents, uploaded (resumably, tus 1.0) into a case or a device's record,
// labelled with when it was recorded, the party, the matter and the officers (000 §14; 002-音像
// §23), hashed on arrival. While it is 'uploading' only the received byte count moves; once
// 'complete' (its blob stored) or 'refused' (hash mismatch, truncated) the row never changes again,
// and no row is ever deleted. A record that arrived after its limit (003 §23: audio/video 24 hours;
// 000 §14, 001 §22: other records 2 working days) is `late` and carries the reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mobile_recordings (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id          uuid REFERENCES cases (id),
      device_id        uuid REFERENCES devices (id),
      -- The party (当事人): the case's or the device's business, and the agency that owns the record.
      business_id      uuid NOT NULL REFERENCES businesses (id),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      kind             text NOT NULL CHECK (kind IN ('video', 'audio', 'photo', 'document')),
      filename         text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      media_type       text NOT NULL,
      captured_from    timestamptz NOT NULL,
      captured_to      timestamptz NOT NULL,
      matter           text NOT NULL CHECK (length(btrim(matter)) BETWEEN 1 AND 500),
      -- [{ "id": uuid, "name": text }], at least one: the officers who made the record.
      officers         jsonb NOT NULL CHECK (jsonb_typeof(officers) = 'array' AND jsonb_array_length(officers) >= 1),
      recorder_serial  text CHECK (recorder_serial IS NULL OR length(recorder_serial) BETWEEN 1 AND 100),
      declared_sha256  text NOT NULL CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
      declared_size    bigint NOT NULL CHECK (declared_size > 0),
      received_bytes   bigint NOT NULL DEFAULT 0 CHECK (received_bytes >= 0 AND received_bytes <= declared_size),
      sha256           text REFERENCES blobs (sha256),
      uploaded_by      uuid NOT NULL REFERENCES users (id),
      started_at       timestamptz NOT NULL DEFAULT now(),
      finished_at      timestamptz,
      deadline_at      timestamptz NOT NULL,
      late             boolean NOT NULL DEFAULT false,
      late_reason      text CHECK (late_reason IS NULL OR length(btrim(late_reason)) BETWEEN 1 AND 2000),
      status           text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'complete', 'refused')),
      refusal          text CHECK (refusal IS NULL OR refusal IN ('hash_mismatch', 'truncated')),
      CHECK ((case_id IS NULL) <> (device_id IS NULL)),
      CHECK (captured_to >= captured_from),
      CHECK ((status = 'complete') = (sha256 IS NOT NULL)),
      CHECK ((status = 'refused') = (refusal IS NOT NULL)),
      CHECK ((status = 'uploading') = (finished_at IS NULL)),
      CHECK (NOT late OR late_reason IS NOT NULL),
      CHECK (status <> 'complete' OR received_bytes = declared_size)
    );
    CREATE INDEX mobile_recordings_case ON mobile_recordings (case_id, started_at) WHERE case_id IS NOT NULL;
    CREATE INDEX mobile_recordings_device ON mobile_recordings (device_id, started_at) WHERE device_id IS NOT NULL;
    CREATE INDEX mobile_recordings_late ON mobile_recordings (agency_id, finished_at) WHERE late;
    CREATE FUNCTION mobile_recordings_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'uploaded records are never deleted' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.status <> 'uploading' THEN
        RAISE EXCEPTION 'a finished upload (%) cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF (NEW.id, NEW.case_id, NEW.device_id, NEW.business_id, NEW.agency_id, NEW.kind, NEW.filename, NEW.media_type, NEW.captured_from, NEW.captured_to, NEW.matter, NEW.officers, NEW.recorder_serial, NEW.declared_sha256, NEW.declared_size, NEW.uploaded_by, NEW.started_at, NEW.deadline_at)
         IS DISTINCT FROM
         (OLD.id, OLD.case_id, OLD.device_id, OLD.business_id, OLD.agency_id, OLD.kind, OLD.filename, OLD.media_type, OLD.captured_from, OLD.captured_to, OLD.matter, OLD.officers, OLD.recorder_serial, OLD.declared_sha256, OLD.declared_size, OLD.uploaded_by, OLD.started_at, OLD.deadline_at) THEN
        RAISE EXCEPTION 'the labels of an upload are fixed when it starts' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NEW.received_bytes < OLD.received_bytes THEN
        RAISE EXCEPTION 'received bytes only grow' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER mobile_recordings_append_only BEFORE UPDATE OR DELETE ON mobile_recordings FOR EACH ROW EXECUTE FUNCTION mobile_recordings_guard();
    CREATE TRIGGER mobile_recordings_no_truncate BEFORE TRUNCATE ON mobile_recordings FOR EACH STATEMENT EXECUTE FUNCTION mobile_recordings_guard();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('uploaded records are never rolled back');
}
