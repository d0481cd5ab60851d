import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Sampling audits of records (R13; 002-音像 §32–§34, issue 15 item 8). A plan names its period,
// the agency subtree, what it samples (cases, camera device-days) and how many, and announces
// where its public value will come from before that value exists; the draw stores the value,
// the seed, the sorted population and its SHA-256 and the sample, and is never redrawn. Each
// sampled item is reviewed with the checklist (core/sampling/checklist.ts); findings carry a
// follow-up (owner, due date) tracked to closure. Nothing is deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sampling_plans (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id         uuid NOT NULL REFERENCES agencies (id),
      title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      kinds             text[] NOT NULL CHECK (cardinality(kinds) >= 1 AND kinds <@ ARRAY['case', 'recording']::text[]),
      period_from       date NOT NULL,
      period_to         date NOT NULL,
      sample_size       integer CHECK (sample_size IS NULL OR sample_size BETWEEN 1 AND 10000),
      rate_percent      numeric(5, 2) CHECK (rate_percent IS NULL OR (rate_percent > 0 AND rate_percent <= 100)),
      seed_source       text NOT NULL CHECK (length(seed_source) BETWEEN 1 AND 500),
      status            text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'drawn', 'completed')),
      public_value      text CHECK (public_value IS NULL OR length(public_value) BETWEEN 1 AND 200),
      seed              text,
      algorithm         text,
      population        jsonb,
      population_size   integer,
      population_sha256 text CHECK (population_sha256 IS NULL OR population_sha256 ~ '^[0-9a-f]{64}$'),
      drawn_by          uuid REFERENCES users (id),
      drawn_at          timestamptz,
      completed_by      uuid REFERENCES users (id),
      completed_at      timestamptz,
      created_by        uuid NOT NULL REFERENCES users (id),
      created_at        timestamptz NOT NULL DEFAULT now(),
      version           integer NOT NULL DEFAULT 1,
      CHECK (period_from <= period_to),
      CHECK ((sample_size IS NULL) <> (rate_percent IS NULL)),
      CHECK ((status = 'planned') = (seed IS NULL)),
      CHECK (seed IS NULL OR (public_value IS NOT NULL AND population IS NOT NULL AND population_sha256 IS NOT NULL AND drawn_at IS NOT NULL))
    );
    CREATE INDEX sampling_plans_agency_idx ON sampling_plans (agency_id, created_at DESC);

    CREATE TABLE sampling_items (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id     uuid NOT NULL REFERENCES sampling_plans (id),
      position    integer NOT NULL CHECK (position >= 1),
      item_key    text NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('case', 'recording')),
      subject_id  uuid NOT NULL,
      day         date,
      label       jsonb NOT NULL,
      results     jsonb,
      note        text CHECK (note IS NULL OR length(note) <= 2000),
      score       numeric(5, 1),
      reviewed_by uuid REFERENCES users (id),
      reviewed_at timestamptz,
      version     integer NOT NULL DEFAULT 1,
      UNIQUE (plan_id, position),
      UNIQUE (plan_id, item_key),
      CHECK ((kind = 'recording') = (day IS NOT NULL))
    );

    CREATE TABLE sampling_findings (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id      uuid NOT NULL REFERENCES sampling_plans (id),
      item_id      uuid NOT NULL REFERENCES sampling_items (id),
      check_code   text,
      description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
      owner_id     uuid NOT NULL REFERENCES users (id),
      due_on       date NOT NULL,
      status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      closing_note text CHECK (closing_note IS NULL OR length(closing_note) BETWEEN 1 AND 2000),
      closed_by    uuid REFERENCES users (id),
      closed_at    timestamptz,
      created_by   uuid NOT NULL REFERENCES users (id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      version      integer NOT NULL DEFAULT 1,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closing_note IS NOT NULL AND closed_by IS NOT NULL))
    );
    CREATE INDEX sampling_findings_plan_idx ON sampling_findings (plan_id, created_at);
    CREATE INDEX sampling_findings_owner_idx ON sampling_findings (owner_id, status);

    -- A draw is never redrawn: once drawn, the seed, the population and the sample stay as published.
    CREATE FUNCTION sampling_draw_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.seed IS NOT NULL AND (NEW.seed IS DISTINCT FROM OLD.seed OR NEW.public_value IS DISTINCT FROM OLD.public_value
          OR NEW.population IS DISTINCT FROM OLD.population OR NEW.population_sha256 IS DISTINCT FROM OLD.population_sha256
          OR NEW.kinds IS DISTINCT FROM OLD.kinds OR NEW.period_from IS DISTINCT FROM OLD.period_from OR NEW.period_to IS DISTINCT FROM OLD.period_to
          OR NEW.agency_id IS DISTINCT FROM OLD.agency_id OR NEW.sample_size IS DISTINCT FROM OLD.sample_size OR NEW.rate_percent IS DISTINCT FROM OLD.rate_percent) THEN
        RAISE EXCEPTION 'sampling plan % is drawn: its seed, population and sample are frozen (R13)', OLD.id USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER sampling_plans_draw_frozen BEFORE UPDATE ON sampling_plans FOR EACH ROW EXECUTE FUNCTION sampling_draw_frozen();
    CREATE FUNCTION sampling_item_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.plan_id <> OLD.plan_id OR NEW.position <> OLD.position OR NEW.item_key <> OLD.item_key THEN
        RAISE EXCEPTION 'a sampled item stays what was drawn (R13)' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER sampling_items_frozen BEFORE UPDATE ON sampling_items FOR EACH ROW EXECUTE FUNCTION sampling_item_frozen();
    CREATE TRIGGER sampling_plans_no_delete BEFORE DELETE ON sampling_plans FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER sampling_items_no_delete BEFORE DELETE ON sampling_items FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER sampling_findings_no_delete BEFORE DELETE ON sampling_findings FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('sampling audits are never rolled back');
}
