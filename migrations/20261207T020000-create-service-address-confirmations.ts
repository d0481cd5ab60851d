import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Issue 14 item 1: the business's signed 送达地址确认书 (行政处罚法 art. 61 ¶2: electronic service
// only where the party agreed and signed a confirmation; 民事诉讼法 art. 90; 人民法院在线诉讼规则
// arts. 29–30). One row per signed version, never changed: a change of addresses is a new
// confirmation (version n + 1, naming the one it supersedes), and the business's latest version is
// the one in force. The addresses are a snapshot of what was signed (each proven by a one-time code
// first); the PDF is a document of the register (documents.id), its SHA-256 kept here too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_address_confirmations (
      id               uuid PRIMARY KEY,
      business_id      uuid NOT NULL REFERENCES businesses (id),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      version          integer NOT NULL CHECK (version >= 1),
      -- The confirmation this one replaces (the business's previous version); null for the first.
      supersedes       uuid UNIQUE REFERENCES service_address_confirmations (id),
      template_version integer NOT NULL CHECK (template_version >= 1),
      -- [{ serviceAddressId, method: 'email' | 'sms', address, verifiedAt }], as signed.
      addresses        jsonb NOT NULL CHECK (jsonb_typeof(addresses) = 'array'),
      -- The business's account on this platform (its portal) is one of the addresses.
      portal           boolean NOT NULL,
      -- [{ key, text, confirmedAt }]: each statement ticked, and when.
      confirmations    jsonb NOT NULL CHECK (jsonb_typeof(confirmations) = 'array'),
      signer_user_id   uuid NOT NULL REFERENCES users (id),
      signer_name      text NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 100),
      signer_role      text NOT NULL CHECK (length(signer_role) BETWEEN 1 AND 40),
      signed_at        timestamptz NOT NULL,
      sign_ip          text,
      sign_user_agent  text,
      document_id      uuid NOT NULL UNIQUE REFERENCES documents (id),
      number           text,
      pdf_sha256       text NOT NULL REFERENCES blobs (sha256),
      UNIQUE (business_id, version),
      CHECK ((version = 1) = (supersedes IS NULL)),
      -- Never empty: at least one address to serve at.
      CHECK (portal OR jsonb_array_length(addresses) > 0)
    );
    CREATE INDEX service_address_confirmations_business_idx ON service_address_confirmations (business_id, version DESC);

    CREATE FUNCTION service_address_confirmations_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a signed service-address confirmation is never changed: a change is a new confirmation' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER service_address_confirmations_append_only BEFORE UPDATE ON service_address_confirmations FOR EACH ROW EXECUTE FUNCTION service_address_confirmations_frozen();
    CREATE TRIGGER service_address_confirmations_no_delete BEFORE DELETE ON service_address_confirmations FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();

    -- A new version follows the business's latest one and names it.
    CREATE FUNCTION service_address_confirmations_version_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE prev service_address_confirmations;
    BEGIN
      IF NEW.version = 1 THEN
        IF EXISTS (SELECT 1 FROM service_address_confirmations WHERE business_id = NEW.business_id) THEN
          RAISE EXCEPTION 'the business has a confirmation already: a new one supersedes it' USING ERRCODE = 'unique_violation';
        END IF;
        RETURN NEW;
      END IF;
      SELECT * INTO prev FROM service_address_confirmations WHERE id = NEW.supersedes;
      IF prev.id IS NULL OR prev.business_id <> NEW.business_id OR prev.version <> NEW.version - 1 THEN
        RAISE EXCEPTION 'a new confirmation is the next version of the same business''s latest one' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER service_address_confirmations_version_check BEFORE INSERT ON service_address_confirmations FOR EACH ROW EXECUTE FUNCTION service_address_confirmations_version_check();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('signed confirmations are part of the record');
}
