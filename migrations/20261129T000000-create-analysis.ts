import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Video analysis (R4, R2): per-device rules (versioned: a flag names the version that fired),
// flags (suspected violations and camera tampering, one row per merged event) with the recorded
// segments that cover them, each device's reference scene, and the leases by which analyzer
// processes share the cameras.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analysis_rules (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id   uuid NOT NULL REFERENCES devices (id),
      kind        text NOT NULL CHECK (kind IN ('restricted_area', 'after_hours', 'overcrowding', 'unattended_post', 'animal', 'phone_use')),
      name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      definition  jsonb NOT NULL,
      enabled     boolean NOT NULL DEFAULT true,
      version     int NOT NULL DEFAULT 1 CHECK (version >= 1),
      created_by  uuid REFERENCES users (id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_by  uuid REFERENCES users (id),
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX analysis_rules_device_idx ON analysis_rules (device_id);
    -- Every version a rule ever had, as it was: a flag's (rule_id, rule_version) resolves here.
    CREATE TABLE analysis_rule_versions (
      rule_id     uuid NOT NULL REFERENCES analysis_rules (id),
      version     int NOT NULL,
      kind        text NOT NULL,
      name        text NOT NULL,
      definition  jsonb NOT NULL,
      enabled     boolean NOT NULL,
      created_by  uuid REFERENCES users (id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (rule_id, version)
    );

    CREATE TABLE flags (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- One event, one flag: a retried write with the same key never makes a second row.
      dedupe_key       text NOT NULL UNIQUE,
      device_id        uuid NOT NULL REFERENCES devices (id),
      site_id          uuid NOT NULL REFERENCES sites (id),
      business_id      uuid NOT NULL REFERENCES businesses (id),
      agency_id        uuid NOT NULL REFERENCES agencies (id),
      category         text NOT NULL,
      source           text NOT NULL CHECK (source IN ('rule', 'tamper')),
      type             text NOT NULL,
      rule_id          uuid REFERENCES analysis_rules (id),
      rule_version     int,
      model            jsonb,
      analyzer         text NOT NULL,
      state            text NOT NULL CHECK (state IN ('active', 'ended')),
      started_at       timestamptz NOT NULL,
      ended_at         timestamptz,
      peak_score       real,
      peak_at          timestamptz,
      detail           jsonb NOT NULL DEFAULT '{}',
      snapshot_sha256  text REFERENCES blobs (sha256),
      evidence_status  text NOT NULL DEFAULT 'pending' CHECK (evidence_status IN ('pending', 'ready', 'unavailable')),
      clip_sha256      text REFERENCES blobs (sha256),
      clip_provenance  jsonb,
      review_status    text NOT NULL DEFAULT 'new',
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK ((source = 'rule') = (rule_id IS NOT NULL AND rule_version IS NOT NULL)),
      CHECK (ended_at IS NULL OR ended_at >= started_at),
      CHECK ((state = 'ended') = (ended_at IS NOT NULL))
    );
    CREATE INDEX flags_created_idx ON flags (created_at DESC, id DESC);
    CREATE INDEX flags_agency_idx ON flags (agency_id, created_at DESC, id DESC);
    CREATE INDEX flags_device_idx ON flags (device_id, started_at DESC);
    CREATE INDEX flags_review_idx ON flags (review_status, created_at DESC, id DESC);
    CREATE UNIQUE INDEX flags_one_active ON flags (device_id, type, coalesce(rule_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE state = 'active';

    -- The original recording segments that cover a flag (with pre/post roll); retention keeps them.
    CREATE TABLE flag_segments (
      flag_id     uuid NOT NULL REFERENCES flags (id),
      segment_id  uuid NOT NULL REFERENCES recording_segments (id),
      PRIMARY KEY (flag_id, segment_id)
    );
    CREATE INDEX flag_segments_segment_idx ON flag_segments (segment_id);

    -- What the camera should see; a view that no longer matches it is a tamper flag (R2).
    CREATE TABLE device_reference_scenes (
      device_id     uuid PRIMARY KEY REFERENCES devices (id),
      captured_at   timestamptz NOT NULL,
      blob_sha256   text NOT NULL REFERENCES blobs (sha256),
      signature     bytea NOT NULL,
      width         int NOT NULL,
      height        int NOT NULL,
      set_by        text NOT NULL,
      -- An officer asked for the scene to be learned again (the camera was moved on purpose).
      relearn_requested_at  timestamptz,
      relearn_requested_by  uuid REFERENCES users (id),
      updated_at    timestamptz NOT NULL DEFAULT now()
    );

    -- Which analyzer watches which camera. A lease not renewed by expires_at may be taken; the
    -- holder's checkpoint (open events) travels with it so a takeover neither loses nor doubles.
    CREATE TABLE analyzer_leases (
      device_id    uuid PRIMARY KEY REFERENCES devices (id),
      holder       text NOT NULL,
      acquired_at  timestamptz NOT NULL DEFAULT now(),
      renewed_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL,
      takeovers    int NOT NULL DEFAULT 0,
      checkpoint   jsonb NOT NULL DEFAULT '{}'
    );

    CREATE TRIGGER flags_no_delete BEFORE DELETE ON flags FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER flag_segments_no_delete BEFORE DELETE ON flag_segments FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER analysis_rules_no_delete BEFORE DELETE ON analysis_rules FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER analysis_rule_versions_no_delete BEFORE DELETE ON analysis_rule_versions FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('analysis records are never rolled back');
}
