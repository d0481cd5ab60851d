import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Notify and confirm (R6, 002 §15): a confirmed flag becomes a finding the business is told of
// through the channels it agreed to, and asked to confirm or dispute before a deadline. The
// delivery trail (sent, delivered, opened, answered) is kept per channel and address, the
// business's attachments in the blob store, and every step in an append-only event trail.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE findings (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- One finding per confirmed flag: a retried confirmation never makes a second one.
      flag_id       uuid NOT NULL UNIQUE REFERENCES flags (id),
      business_id   uuid NOT NULL REFERENCES businesses (id),
      site_id       uuid NOT NULL REFERENCES sites (id),
      device_id     uuid NOT NULL REFERENCES devices (id),
      agency_id     uuid NOT NULL REFERENCES agencies (id),
      confirmed_by  uuid NOT NULL REFERENCES users (id),
      confirmed_at  timestamptz NOT NULL,
      respond_by    timestamptz NOT NULL,
      status        text NOT NULL DEFAULT 'notified' CHECK (status IN ('notified', 'confirmed', 'disputed', 'expired')),
      statement     text CHECK (statement IS NULL OR length(statement) <= 4000),
      responded_by  uuid REFERENCES users (id),
      responded_at  timestamptz,
      expired_at    timestamptz,
      version       int NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      CHECK (respond_by > confirmed_at),
      CHECK ((status IN ('confirmed', 'disputed')) = (responded_at IS NOT NULL AND responded_by IS NOT NULL)),
      CHECK ((status = 'expired') = (expired_at IS NOT NULL))
    );
    CREATE INDEX findings_business_idx ON findings (business_id, created_at DESC, id DESC);
    CREATE INDEX findings_agency_idx ON findings (agency_id, created_at DESC, id DESC);
    CREATE INDEX findings_due_idx ON findings (respond_by) WHERE status = 'notified';

    CREATE TABLE finding_attachments (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_id   uuid NOT NULL REFERENCES findings (id),
      blob_sha256  text NOT NULL REFERENCES blobs (sha256),
      filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
      media_type   text NOT NULL,
      size         bigint NOT NULL CHECK (size > 0),
      uploaded_by  uuid NOT NULL REFERENCES users (id),
      uploaded_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX finding_attachments_finding_idx ON finding_attachments (finding_id);

    -- One row per channel and address. 'portal' is always present (address: the business id).
    -- delivered_at stays null where the channel does not report delivery (SMTP, the SMS outbox).
    CREATE TABLE finding_deliveries (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      finding_id         uuid NOT NULL REFERENCES findings (id),
      channel            text NOT NULL CHECK (channel IN ('email', 'sms', 'portal')),
      address            text NOT NULL,
      service_address_id uuid REFERENCES service_addresses (id),
      outbox_id          uuid REFERENCES outbox_messages (id),
      open_token         text UNIQUE CHECK (open_token IS NULL OR length(open_token) >= 32),
      status             text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'captured', 'failed')),
      error              text,
      attempts           int NOT NULL DEFAULT 0,
      sent_at            timestamptz,
      delivered_at       timestamptz,
      opened_at          timestamptz,
      answered_at        timestamptz,
      version            int NOT NULL DEFAULT 1,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      UNIQUE (finding_id, channel, address),
      CHECK (channel <> 'portal' OR outbox_id IS NULL),
      CHECK ((channel = 'email') = (open_token IS NOT NULL))
    );
    CREATE INDEX finding_deliveries_queued_idx ON finding_deliveries (created_at) WHERE status = 'queued';

    CREATE TABLE finding_events (
      id          bigserial PRIMARY KEY,
      finding_id  uuid NOT NULL REFERENCES findings (id),
      kind        text NOT NULL,
      actor_type  text NOT NULL CHECK (actor_type IN ('user', 'system', 'anonymous')),
      actor_id    text,
      detail      jsonb NOT NULL DEFAULT '{}',
      at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX finding_events_finding_idx ON finding_events (finding_id, id);

    CREATE FUNCTION finding_events_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'finding events are append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER finding_events_append_only BEFORE UPDATE ON finding_events FOR EACH ROW EXECUTE FUNCTION finding_events_frozen();
    CREATE TRIGGER finding_events_no_delete BEFORE DELETE ON finding_events FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER finding_attachments_no_delete BEFORE DELETE ON finding_attachments FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER finding_deliveries_no_delete BEFORE DELETE ON finding_deliveries FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('findings are never rolled back');
}
