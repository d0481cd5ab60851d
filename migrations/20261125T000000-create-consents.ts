import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Device-installation consent (R1, 002 §12): the root record of every device. A device may
// publish only while an active, unexpired consent covers it with the placement it has now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE consents (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- Short public reference printed on the documents and used by the verify link.
      ref                 text NOT NULL UNIQUE,
      business_id         uuid NOT NULL REFERENCES businesses (id),
      site_id             uuid NOT NULL REFERENCES sites (id),
      agency_id           uuid NOT NULL REFERENCES agencies (id),
      -- The consent this one amends; it is superseded when this one is signed.
      amends_id           uuid REFERENCES consents (id),
      status              text NOT NULL DEFAULT 'draft' CHECK (status IN
                            ('draft', 'proposed', 'withdrawn', 'active', 'superseded', 'suspended', 'revoked', 'expired')),
      purpose             text NOT NULL,
      analysis            text NOT NULL,
      retention           text NOT NULL,
      viewers             text NOT NULL,
      extra_terms         text NOT NULL DEFAULT '',
      valid_from          date NOT NULL,
      valid_until         date NOT NULL,
      template_id         text NOT NULL,
      template_version    text NOT NULL,
      -- The exact text shown and signed (zh-CN), its statements, and its SHA-256.
      rendered_text       text,
      statements          jsonb NOT NULL DEFAULT '[]',
      text_sha256         text,
      proposed_by         uuid REFERENCES users (id),
      proposed_at         timestamptz,
      -- The e-signature audit trail.
      signer_user_id      uuid REFERENCES users (id),
      signer_name         text,
      identity_method     text CHECK (identity_method IN ('email_code', 'sms_code')),
      identity_address    text,
      signed_at           timestamptz,
      sign_ip             text,
      sign_user_agent     text,
      signature_sha256    text REFERENCES blobs (sha256),
      pdf_sha256          text REFERENCES blobs (sha256),
      notice_pdf_sha256   text REFERENCES blobs (sha256),
      status_reason       text,
      status_changed_by   uuid REFERENCES users (id),
      status_changed_at   timestamptz,
      suspended_by_party  text CHECK (suspended_by_party IN ('business', 'agency')),
      version             int NOT NULL DEFAULT 1,
      created_by          uuid NOT NULL REFERENCES users (id),
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_until >= valid_from),
      CHECK (status IN ('draft', 'proposed', 'withdrawn') OR signed_at IS NOT NULL)
    );
    CREATE INDEX consents_business_idx ON consents (business_id, status);
    CREATE INDEX consents_site_idx ON consents (site_id, status);
    CREATE INDEX consents_agency_idx ON consents (agency_id, status);
    -- At most one signed, in-force consent per site.
    CREATE UNIQUE INDEX consents_one_in_force ON consents (site_id) WHERE status IN ('active', 'suspended');

    -- Each device as the consent describes it; placement_sha256 is the digest of what the
    -- business agreed to (kind, mobility, where it points, what it covers, audio, site).
    CREATE TABLE consent_devices (
      consent_id        uuid NOT NULL REFERENCES consents (id),
      device_id         uuid NOT NULL REFERENCES devices (id),
      position          int NOT NULL,
      snapshot          jsonb NOT NULL,
      placement_sha256  text NOT NULL,
      PRIMARY KEY (consent_id, device_id)
    );
    CREATE INDEX consent_devices_device_idx ON consent_devices (device_id);

    -- Photos of the posted site notice, uploaded by the business.
    CREATE TABLE consent_attachments (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      consent_id    uuid NOT NULL REFERENCES consents (id),
      kind          text NOT NULL CHECK (kind IN ('notice_photo')),
      blob_sha256   text NOT NULL REFERENCES blobs (sha256),
      media_type    text NOT NULL,
      uploaded_by   uuid NOT NULL REFERENCES users (id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX consent_attachments_consent_idx ON consent_attachments (consent_id);

    -- One-time codes that verify a signer's identity. Only a hash is kept.
    CREATE TABLE one_time_codes (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose       text NOT NULL,
      subject_id    uuid NOT NULL,
      user_id       uuid NOT NULL REFERENCES users (id),
      channel       text NOT NULL CHECK (channel IN ('email', 'sms')),
      address       text NOT NULL,
      code_hash     text NOT NULL,
      attempts      int NOT NULL DEFAULT 0,
      expires_at    timestamptz NOT NULL,
      consumed_at   timestamptz,
      superseded_at timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX one_time_codes_subject_idx ON one_time_codes (subject_id, user_id, created_at DESC);

    -- Every message the platform sends (e-mail and SMS), with its delivery outcome. The
    -- development SMS adapter only writes here.
    CREATE TABLE outbox_messages (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel       text NOT NULL CHECK (channel IN ('email', 'sms')),
      to_address    text NOT NULL,
      subject       text NOT NULL DEFAULT '',
      body          text NOT NULL,
      purpose       text NOT NULL,
      status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'captured')),
      provider_id   text,
      error         text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      sent_at       timestamptz
    );
    CREATE INDEX outbox_messages_to_idx ON outbox_messages (to_address, created_at DESC);

    -- Per-device publish credentials: the key is shown once; only its SHA-256 is kept.
    CREATE TABLE device_credentials (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id     uuid NOT NULL REFERENCES devices (id),
      key_prefix    text NOT NULL UNIQUE,
      key_sha256    text NOT NULL,
      status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'rotated', 'revoked')),
      created_by    uuid NOT NULL REFERENCES users (id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      ended_by      uuid REFERENCES users (id),
      ended_at      timestamptz,
      end_reason    text,
      version       int NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX device_credentials_one_active ON device_credentials (device_id) WHERE status = 'active';

    CREATE SEQUENCE consent_ref_seq;

    -- Once proposed, the text is frozen; once signed, the signature trail is too.
    CREATE FUNCTION consents_freeze_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status <> 'draft' AND (NEW.rendered_text, NEW.text_sha256, NEW.statements::text, NEW.template_version)
           IS DISTINCT FROM (OLD.rendered_text, OLD.text_sha256, OLD.statements::text, OLD.template_version) THEN
        RAISE EXCEPTION 'the text of a proposed consent is never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.signed_at IS NOT NULL AND (NEW.signed_at, NEW.signer_user_id, NEW.signer_name, NEW.identity_method, NEW.identity_address,
           NEW.sign_ip, NEW.sign_user_agent, NEW.signature_sha256, NEW.pdf_sha256, NEW.notice_pdf_sha256)
           IS DISTINCT FROM (OLD.signed_at, OLD.signer_user_id, OLD.signer_name, OLD.identity_method, OLD.identity_address,
           OLD.sign_ip, OLD.sign_user_agent, OLD.signature_sha256, OLD.pdf_sha256, OLD.notice_pdf_sha256) THEN
        RAISE EXCEPTION 'a signed consent''s signature record is never changed' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER consents_freeze BEFORE UPDATE ON consents FOR EACH ROW EXECUTE FUNCTION consents_freeze_signed();
    CREATE FUNCTION consent_devices_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the devices of a consent are never changed; amend the consent instead' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER consent_devices_no_update BEFORE UPDATE ON consent_devices FOR EACH ROW EXECUTE FUNCTION consent_devices_frozen();

    CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER consent_devices_no_delete BEFORE DELETE ON consent_devices FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER consent_attachments_no_delete BEFORE DELETE ON consent_attachments FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER device_credentials_no_delete BEFORE DELETE ON device_credentials FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER outbox_messages_no_delete BEFORE DELETE ON outbox_messages FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('consent records are never rolled back');
}
