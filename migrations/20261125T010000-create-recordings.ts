import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Ingest and continuous recording (R2, R3, R10): who published when, every refused attempt,
// every recorded segment (bytes in the blob store), and every gap with its reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE publish_sessions (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id      uuid NOT NULL REFERENCES devices (id),
      consent_id     uuid NOT NULL REFERENCES consents (id),
      credential_id  uuid NOT NULL REFERENCES device_credentials (id),
      ip             text NOT NULL,
      instance       text NOT NULL,
      started_at     timestamptz NOT NULL,
      ended_at       timestamptz,
      end_reason     text,
      video          jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX publish_sessions_device_idx ON publish_sessions (device_id, started_at DESC);
    CREATE UNIQUE INDEX publish_sessions_one_live ON publish_sessions (device_id) WHERE ended_at IS NULL;

    -- Refused publish attempts: append-only evidence of who tried what, and why it was refused.
    CREATE TABLE publish_refusals (
      id           bigserial PRIMARY KEY,
      device_id    uuid,
      stream_path  text NOT NULL,
      ip           text NOT NULL,
      reason       text NOT NULL,
      at           timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX publish_refusals_at_idx ON publish_refusals (at DESC);

    CREATE TABLE recording_segments (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id       uuid NOT NULL REFERENCES devices (id),
      session_id      uuid NOT NULL REFERENCES publish_sessions (id),
      seq             int NOT NULL,
      blob_sha256     text NOT NULL REFERENCES blobs (sha256),
      size            bigint NOT NULL,
      container       text NOT NULL DEFAULT 'flv',
      started_at      timestamptz NOT NULL,
      ended_at        timestamptz NOT NULL,
      stream_start_ms bigint NOT NULL,
      stream_end_ms   bigint NOT NULL,
      -- Server clock minus stream clock at the segment's first tag (ms): drift shows here.
      clock_offset_ms bigint NOT NULL,
      partial         boolean NOT NULL DEFAULT false,
      retention_class text NOT NULL DEFAULT 'ordinary' CHECK (retention_class IN ('ordinary', 'evidence', 'held')),
      created_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (session_id, seq),
      CHECK (ended_at >= started_at)
    );
    CREATE INDEX recording_segments_device_time_idx ON recording_segments (device_id, started_at);

    CREATE TABLE recording_gaps (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id   uuid NOT NULL REFERENCES devices (id),
      started_at  timestamptz NOT NULL,
      ended_at    timestamptz,
      reason      text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX recording_gaps_device_idx ON recording_gaps (device_id, started_at);

    CREATE TRIGGER publish_sessions_no_delete BEFORE DELETE ON publish_sessions FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER publish_refusals_no_delete BEFORE DELETE ON publish_refusals FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER recording_gaps_no_delete BEFORE DELETE ON recording_gaps FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('recording records are never rolled back');
}
