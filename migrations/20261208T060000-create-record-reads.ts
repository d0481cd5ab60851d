import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The read log (issue 15 items 1 and 6, R12): one row for every record served to a person —
// who (account, name and role at the time), what (record kind + id, the bytes' SHA-256), whose
// (device, case, business, owning agency), how (action, outcome, grant), from where (ip, user
// agent, request) and how many bytes left. Written before the first byte leaves; `bytes` and
// `finished_at` are set once when the response ends. A refusal is a row with outcome 'denied'.
// Append-only: nothing is deleted, a finished read never changes, and a sealed day (its digest
// ledgered as record_reads.sealed) cannot change at all.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE record_reads (
      id                 bigserial PRIMARY KEY,
      at                 timestamptz NOT NULL DEFAULT now(),
      user_id            uuid REFERENCES users (id),
      user_name          text NOT NULL,
      role               text NOT NULL,
      action             text NOT NULL CHECK (action IN ('view', 'play', 'live', 'download', 'export', 'print')),
      outcome            text NOT NULL CHECK (outcome IN ('served', 'denied')),
      denied_reason      text,
      record_kind        text NOT NULL CHECK (record_kind ~ '^[a-z][a-z_]{1,40}$'),
      record_id          text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 200),
      sha256             text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      window_from        timestamptz,
      window_to          timestamptz,
      device_id          uuid,
      case_id            uuid,
      business_id        uuid,
      agency_path        text,
      grant_id           uuid,
      export_id          text,
      ip                 text,
      user_agent         text,
      request_id         text,
      bytes              bigint CHECK (bytes >= 0),
      finished_at        timestamptz,
      CHECK ((outcome = 'denied') = (denied_reason IS NOT NULL)),
      CHECK ((window_from IS NULL) = (window_to IS NULL))
    );
    CREATE INDEX record_reads_user_at ON record_reads (user_id, at DESC, id DESC);
    CREATE INDEX record_reads_record ON record_reads (record_kind, record_id, at DESC);
    CREATE INDEX record_reads_sha ON record_reads (sha256) WHERE sha256 IS NOT NULL;
    CREATE INDEX record_reads_device_at ON record_reads (device_id, at DESC) WHERE device_id IS NOT NULL;
    CREATE INDEX record_reads_case_at ON record_reads (case_id, at DESC) WHERE case_id IS NOT NULL;
    CREATE INDEX record_reads_at ON record_reads (at DESC, id DESC);
    CREATE INDEX record_reads_grant ON record_reads (grant_id) WHERE grant_id IS NOT NULL;

    -- One row per closed day (Beijing time) whose reads are sealed: the count and the SHA-256 over
    -- the day's rows in id order; the same digest is ledgered as record_reads.sealed.
    CREATE TABLE record_read_seals (
      day          date PRIMARY KEY,
      reads        bigint NOT NULL CHECK (reads >= 0),
      first_id     bigint,
      last_id      bigint,
      digest       text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      sealed_at    timestamptz NOT NULL DEFAULT now()
    );

    CREATE FUNCTION record_reads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the read log is append-only' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF EXISTS (SELECT 1 FROM record_read_seals WHERE day = (OLD.at AT TIME ZONE 'Asia/Shanghai')::date) THEN
        RAISE EXCEPTION 'a sealed day of the read log cannot change' USING ERRCODE = 'insufficient_privilege';
      END IF;
      -- Only the end of a read is written later, once: bytes and finished_at, nothing else.
      IF OLD.finished_at IS NOT NULL OR NEW.finished_at IS NULL
         OR (to_jsonb(NEW) - 'bytes' - 'finished_at') IS DISTINCT FROM (to_jsonb(OLD) - 'bytes' - 'finished_at') THEN
        RAISE EXCEPTION 'a read is finished once and never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER record_reads_append_only BEFORE UPDATE OR DELETE ON record_reads FOR EACH ROW EXECUTE FUNCTION record_reads_guard();
    CREATE FUNCTION record_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the read log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER record_reads_no_truncate BEFORE TRUNCATE ON record_reads FOR EACH STATEMENT EXECUTE FUNCTION record_log_no_truncate();
    CREATE FUNCTION record_read_seals_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a seal of the read log never changes' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER record_read_seals_no_change BEFORE UPDATE OR DELETE ON record_read_seals FOR EACH ROW EXECUTE FUNCTION record_read_seals_frozen();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the read log is never rolled back');
}
