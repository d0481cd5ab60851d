import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Issue 14 item 2: the delivery module — serving a document (a case document's version and its
// SHA-256, or a finding's notice) to a business through every channel it confirmed at once, and
// by the other methods an officer records with their proof (民诉法第八十七条—第九十五条).
//  - deliveries: what is served, to whom, why; when service completed, on which channel and the
//    rule that sets the date; the 送达回证 issued for it.
//  - delivery_channels: one row per channel attempt (e-mail, SMS, portal; direct, post, lodging,
//    public notice) with its address and outcome; the pg-boss job of a channel sends it.
//  - delivery_events: the evidence (ETSI EN 319 522-style), a hash chain per delivery, written
//    once: no update, no delete.
//  - case_clocks: the 'service' clock (行政处罚法第六十一条: the decision served within 7 days).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deliveries (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      business_id       uuid NOT NULL REFERENCES businesses (id),
      agency_id         uuid NOT NULL REFERENCES agencies (id),
      case_id           uuid REFERENCES cases (id),
      subject_kind      text NOT NULL CHECK (subject_kind IN ('document', 'finding_notice')),
      -- The version row of the document served (documents.id) and its document id and version.
      document_row_id   uuid REFERENCES documents (id),
      document_id       uuid REFERENCES documents (id),
      document_version  int CHECK (document_version >= 1),
      document_kind     text,
      document_number   text,
      finding_id        uuid REFERENCES findings (id),
      -- SHA-256 (hex) of what is served: the PDF, or the notice's text.
      content_sha256    text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
      purpose           text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 60),
      status            text NOT NULL DEFAULT 'serving' CHECK (status IN ('serving', 'served', 'not_served')),
      served_at         timestamptz,
      served_channel_id uuid,
      service_rule      text,
      service_basis     text,
      certificate_id    uuid REFERENCES documents (id),
      created_by        uuid REFERENCES users (id),
      created_at        timestamptz NOT NULL DEFAULT now(),
      updated_at        timestamptz NOT NULL DEFAULT now(),
      version           int NOT NULL DEFAULT 1,
      CHECK ((subject_kind = 'document') = (document_row_id IS NOT NULL AND document_id IS NOT NULL AND document_version IS NOT NULL)),
      CHECK ((subject_kind = 'finding_notice') = (finding_id IS NOT NULL)),
      CHECK ((status = 'served') = (served_at IS NOT NULL))
    );
    CREATE INDEX deliveries_case_idx ON deliveries (case_id, created_at);
    CREATE INDEX deliveries_business_idx ON deliveries (business_id, created_at DESC);
    CREATE INDEX deliveries_document_idx ON deliveries (document_id);
    CREATE TRIGGER deliveries_no_delete BEFORE DELETE ON deliveries FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    CREATE TABLE delivery_channels (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      delivery_id        uuid NOT NULL REFERENCES deliveries (id),
      channel            text NOT NULL CHECK (channel IN ('email', 'sms', 'portal', 'direct', 'post', 'lodging', 'public_notice')),
      address            text NOT NULL CHECK (length(address) BETWEEN 1 AND 320),
      service_address_id uuid REFERENCES service_addresses (id),
      -- queued → relayed | delivered | rejected | failed; recorded for the officer's methods.
      status             text NOT NULL CHECK (status IN ('queued', 'relayed', 'delivered', 'notified', 'rejected', 'failed', 'recorded')),
      attempts           int NOT NULL DEFAULT 0,
      outbox_id          uuid REFERENCES outbox_messages (id),
      -- The e-mail's open pixel.
      open_token         text UNIQUE,
      -- The officer's proof of another method (signature blob, tracking number, witness, photo…).
      proof              jsonb,
      recorded_by        uuid REFERENCES users (id),
      -- clock_timestamp: the channels of one serving transaction keep the order they were added in.
      created_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      version            int NOT NULL DEFAULT 1
    );
    CREATE INDEX delivery_channels_delivery_idx ON delivery_channels (delivery_id);
    CREATE TRIGGER delivery_channels_no_delete BEFORE DELETE ON delivery_channels FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    CREATE TABLE delivery_events (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      delivery_id     uuid NOT NULL REFERENCES deliveries (id),
      channel_id      uuid REFERENCES delivery_channels (id),
      seq             int NOT NULL CHECK (seq >= 1),
      kind            text NOT NULL CHECK (kind IN ('submission_accepted', 'relay_accepted', 'relay_failed', 'relay_rejected', 'delivered_to_portal', 'notification_sent', 'notification_opened', 'content_downloaded', 'acknowledged', 'service_completed', 'method_recorded')),
      channel         text,
      at              timestamptz NOT NULL,
      content_sha256  text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
      detail          jsonb NOT NULL DEFAULT '{}',
      prev_hash       text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash            text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
      actor_type      text NOT NULL CHECK (actor_type IN ('user', 'system', 'anonymous')),
      actor_id        text,
      UNIQUE (delivery_id, seq),
      CHECK ((seq = 1) = (prev_hash IS NULL))
    );
    CREATE FUNCTION delivery_events_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'delivery evidence is written once and never changed' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER delivery_events_no_update BEFORE UPDATE ON delivery_events FOR EACH ROW EXECUTE FUNCTION delivery_events_frozen();
    CREATE TRIGGER delivery_events_no_delete BEFORE DELETE ON delivery_events FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    ALTER TABLE case_clocks DROP CONSTRAINT IF EXISTS case_clocks_kind_check;
    ALTER TABLE case_clocks ADD CONSTRAINT case_clocks_kind_check CHECK (kind IN ('filing', 'evidence_preservation', 'seizure', 'hearing_request', 'legal_review', 'decision', 'reminder', 'service'));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('delivery evidence is never rolled back');
}
