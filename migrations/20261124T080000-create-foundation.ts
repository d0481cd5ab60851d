import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pgcrypto;

    -- ---------------------------------------------------------------- ledger (R3, R12)
    -- Entries are written inside the domain transaction; one sealer chains them in its own tables.
    CREATE TABLE ledger_entries (
      id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      txid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
      recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_type    text NOT NULL CHECK (actor_type IN ('user', 'system', 'device', 'anonymous')),
      actor_id      text,
      action        text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
      entity_type   text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 100),
      entity_id     text,
      -- json, not jsonb: the canonical text the digest was computed over is kept byte for byte.
      state         json,
      state_digest  bytea NOT NULL CHECK (length(state_digest) = 32),
      request_id    text,
      context       jsonb
    );
    CREATE INDEX ledger_entries_txid_idx ON ledger_entries (txid);
    CREATE INDEX ledger_entries_entity_idx ON ledger_entries (entity_type, entity_id, id);

    CREATE TABLE ledger_chain (
      seq         bigint PRIMARY KEY CHECK (seq >= 1),
      -- No foreign key: each would cost the sealer an index probe per entry; verify joins and
      -- reports a chain row whose entry is gone.
      entry_id    bigint NOT NULL UNIQUE,
      leaf_hash   bytea NOT NULL CHECK (length(leaf_hash) = 32),
      chain_hash  bytea NOT NULL CHECK (length(chain_hash) = 32),
      sealed_at   timestamptz NOT NULL DEFAULT clock_timestamp()
    );

    -- Hashes of the complete (perfect) subtrees of the RFC 6962 Merkle tree, level >= 1.
    CREATE TABLE ledger_tree_nodes (
      level  smallint NOT NULL CHECK (level >= 1),
      idx    bigint NOT NULL CHECK (idx >= 0),
      hash   bytea NOT NULL CHECK (length(hash) = 32),
      PRIMARY KEY (level, idx)
    );

    CREATE TABLE ledger_keys (
      key_id      text PRIMARY KEY,
      public_key  text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE ledger_checkpoints (
      tree_size   bigint PRIMARY KEY CHECK (tree_size >= 1),
      root_hash   bytea NOT NULL CHECK (length(root_hash) = 32),
      chain_hash  bytea NOT NULL CHECK (length(chain_hash) = 32),
      signed_at   timestamptz NOT NULL,
      key_id      text NOT NULL REFERENCES ledger_keys (key_id),
      signature   bytea NOT NULL
    );

    -- The sealer's own progress marker (not part of the ledger).
    CREATE TABLE ledger_sealer_state (
      id       int PRIMARY KEY CHECK (id = 1),
      horizon  xid8 NOT NULL
    );
    INSERT INTO ledger_sealer_state (id, horizon) VALUES (1, '0'::xid8);

    CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger table % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
    CREATE TRIGGER ledger_chain_append_only BEFORE UPDATE OR DELETE ON ledger_chain
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
    CREATE TRIGGER ledger_tree_nodes_append_only BEFORE UPDATE OR DELETE ON ledger_tree_nodes
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
    CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
    CREATE TRIGGER ledger_keys_append_only BEFORE UPDATE OR DELETE ON ledger_keys
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

    -- ---------------------------------------------------------------- blobs
    CREATE TABLE blobs (
      sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size        bigint NOT NULL CHECK (size >= 0),
      media_type  text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE TRIGGER blobs_write_once BEFORE UPDATE OR DELETE ON blobs
      FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();

    -- ---------------------------------------------------------------- accounts
    CREATE TABLE agencies (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id   uuid REFERENCES agencies (id),
      level       text NOT NULL CHECK (level IN ('province', 'city', 'district')),
      name        text NOT NULL,
      short_name  text NOT NULL,
      code        text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}$'),
      path        text NOT NULL UNIQUE,
      created_at  timestamptz NOT NULL DEFAULT now(),
      CHECK ((level = 'province') = (parent_id IS NULL))
    );
    CREATE INDEX agencies_path_idx ON agencies (path text_pattern_ops);

    CREATE TABLE businesses (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      credit_code     text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
      category        text NOT NULL CHECK (category IN ('medical', 'public_place', 'school_canteen', 'water_supply', 'other')),
      agency_id       uuid NOT NULL REFERENCES agencies (id),
      address         text NOT NULL,
      contacts        jsonb NOT NULL DEFAULT '[]',
      status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      archive_reason  text,
      version         int NOT NULL DEFAULT 1,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX businesses_agency_idx ON businesses (agency_id);
    CREATE INDEX businesses_name_idx ON businesses (name);

    CREATE TABLE users (
      id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
      display_name          text NOT NULL,
      password_hash         text NOT NULL,
      role                  text NOT NULL CHECK (role IN ('officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business')),
      agency_id             uuid REFERENCES agencies (id),
      business_id           uuid REFERENCES businesses (id),
      certificate_no        text,
      email                 text,
      phone                 text,
      status                text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      password_changed_at   timestamptz NOT NULL DEFAULT now(),
      version               int NOT NULL DEFAULT 1,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now(),
      CHECK ((role = 'business') = (business_id IS NOT NULL)),
      CHECK ((role = 'business') = (agency_id IS NULL))
    );

    CREATE TABLE sessions (
      id            text PRIMARY KEY,
      user_id       uuid NOT NULL REFERENCES users (id),
      csrf_token    text NOT NULL,
      ip            text,
      user_agent    text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz NOT NULL,
      revoked_at    timestamptz
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    -- ---------------------------------------------------------------- registry
    CREATE TABLE sites (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      business_id     uuid NOT NULL REFERENCES businesses (id),
      name            text NOT NULL,
      address         text NOT NULL,
      opening_hours   text NOT NULL DEFAULT '',
      status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      archive_reason  text,
      version         int NOT NULL DEFAULT 1,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX sites_business_idx ON sites (business_id);

    CREATE TABLE devices (
      id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id               uuid NOT NULL REFERENCES sites (id),
      business_id           uuid NOT NULL REFERENCES businesses (id),
      name                  text NOT NULL,
      kind                  text NOT NULL CHECK (kind IN ('camera', 'sensor')),
      mobility              text NOT NULL CHECK (mobility IN ('fixed', 'mobile')),
      protocol              text NOT NULL DEFAULT 'rtmp' CHECK (protocol IN ('rtmp', 'rtsp', 'gb28181', 'http')),
      points_at             text NOT NULL DEFAULT '',
      coverage              text NOT NULL DEFAULT '',
      records_audio         boolean NOT NULL DEFAULT false,
      calibration_date      date,
      calibration_due_date  date,
      status                text NOT NULL DEFAULT 'pending_consent' CHECK (status IN ('pending_consent', 'active', 'suspended', 'fault', 'retired')),
      status_reason         text,
      version               int NOT NULL DEFAULT 1,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now(),
      CHECK (calibration_due_date IS NULL OR calibration_date IS NULL OR calibration_due_date >= calibration_date)
    );
    CREATE INDEX devices_site_idx ON devices (site_id);
    CREATE INDEX devices_business_idx ON devices (business_id);

    -- Electronic-service addresses the business agreed to (R9).
    CREATE TABLE service_addresses (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      business_id     uuid NOT NULL REFERENCES businesses (id),
      method          text NOT NULL CHECK (method IN ('email', 'sms', 'fax', 'wechat', 'phone', 'post')),
      address         text NOT NULL,
      agreed_at       timestamptz NOT NULL,
      status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
      withdraw_reason text,
      version         int NOT NULL DEFAULT 1,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX service_addresses_business_idx ON service_addresses (business_id);

    -- Registry rows are never hard-deleted: they are archived, retired or withdrawn.
    CREATE FUNCTION registry_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'rows of % are never deleted; archive them instead', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER agencies_no_delete BEFORE DELETE ON agencies FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER users_no_delete BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER businesses_no_delete BEFORE DELETE ON businesses FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER sites_no_delete BEFORE DELETE ON sites FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER devices_no_delete BEFORE DELETE ON devices FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER service_addresses_no_delete BEFORE DELETE ON service_addresses FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the foundation schema is never rolled back');
}
