import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Rotation and 双随机 random inspection (002 §5; R13; issue 16 item 2).
//
// inspection_plans: a random-inspection plan of an agency subtree (category or all, period, a size /
// rate / by-frequency rule, where its public value will come from). Committing freezes its population
// (businesses with their credit stratum, the officers who may be paired, declared recusals: the keys
// of core/inspection/inspection-draw.ts) and publishes its SHA-256 BEFORE the public value exists; the
// draw stores the value, the seed and the list; then results are recorded and the list published.
// inspection_items: the drawn businesses with their two officers and, once recorded, the result.
// inspection_rotations (+ entries): each recompute of a region/category/year's rotation plan is a new
// revision; earlier ones stay (history). Nothing is deleted.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inspection_plans (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id         uuid NOT NULL REFERENCES agencies (id),
      title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      category          text CHECK (category IS NULL OR category IN ('medical', 'public_place', 'school_canteen', 'water_supply', 'other')),
      period_from       date NOT NULL,
      period_to         date NOT NULL,
      sample_size       integer CHECK (sample_size IS NULL OR sample_size BETWEEN 1 AND 100000),
      rate_percent      numeric(5, 2) CHECK (rate_percent IS NULL OR (rate_percent > 0 AND rate_percent <= 100)),
      seed_source       text NOT NULL CHECK (length(seed_source) BETWEEN 1 AND 500),
      recusals          jsonb NOT NULL DEFAULT '[]'::jsonb,
      status            text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'committed', 'drawn', 'published')),
      population        jsonb,
      population_size   integer,
      population_sha256 text CHECK (population_sha256 IS NULL OR population_sha256 ~ '^[0-9a-f]{64}$'),
      committed_by      uuid REFERENCES users (id),
      committed_at      timestamptz,
      public_value      text CHECK (public_value IS NULL OR length(public_value) BETWEEN 1 AND 200),
      seed              text,
      algorithm         text,
      random_size       integer,
      allocation        jsonb,
      drawn_by          uuid REFERENCES users (id),
      drawn_at          timestamptz,
      published_by      uuid REFERENCES users (id),
      published_at      timestamptz,
      created_by        uuid NOT NULL REFERENCES users (id),
      created_at        timestamptz NOT NULL DEFAULT now(),
      version           integer NOT NULL DEFAULT 1,
      CHECK (period_from <= period_to),
      CHECK (sample_size IS NULL OR rate_percent IS NULL),
      CHECK ((status = 'planned') = (population_sha256 IS NULL)),
      CHECK (population_sha256 IS NULL OR (population IS NOT NULL AND committed_at IS NOT NULL)),
      CHECK ((status IN ('planned', 'committed')) = (seed IS NULL)),
      CHECK (seed IS NULL OR (public_value IS NOT NULL AND drawn_at IS NOT NULL)),
      CHECK ((status = 'published') = (published_at IS NOT NULL))
    );
    CREATE INDEX inspection_plans_agency_idx ON inspection_plans (agency_id, created_at DESC);

    CREATE TABLE inspection_items (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id        uuid NOT NULL REFERENCES inspection_plans (id),
      position       integer NOT NULL CHECK (position >= 1),
      business_id    uuid NOT NULL REFERENCES businesses (id),
      stratum        text NOT NULL CHECK (stratum IN ('A', 'B', 'C', 'D', 'U')),
      certain        boolean NOT NULL,
      officer_ids    uuid[] NOT NULL CHECK (cardinality(officer_ids) = 2 AND officer_ids[1] <> officer_ids[2]),
      result         text CHECK (result IS NULL OR result IN ('no_problem', 'problems_found', 'rectification_ordered', 'document_review', 'not_found', 'closed')),
      result_note    text CHECK (result_note IS NULL OR length(result_note) BETWEEN 1 AND 2000),
      self_report_id uuid,
      inspected_on   date,
      publication_id text,
      recorded_by    uuid REFERENCES users (id),
      recorded_at    timestamptz,
      version        integer NOT NULL DEFAULT 1,
      UNIQUE (plan_id, position),
      UNIQUE (plan_id, business_id),
      CHECK ((result IS NULL) = (recorded_at IS NULL) AND (result IS NULL) = (inspected_on IS NULL)),
      CHECK (self_report_id IS NULL OR result = 'document_review'),
      CHECK (result NOT IN ('problems_found', 'rectification_ordered') OR result_note IS NOT NULL)
    );
    CREATE INDEX inspection_items_officers_idx ON inspection_items USING gin (officer_ids);

    CREATE TABLE inspection_rotations (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agency_id    uuid NOT NULL REFERENCES agencies (id),
      category     text NOT NULL CHECK (category IN ('medical', 'public_place', 'school_canteen', 'water_supply', 'other')),
      year         integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      revision     integer NOT NULL CHECK (revision >= 1),
      joined       jsonb NOT NULL DEFAULT '[]'::jsonb,
      "left"       jsonb NOT NULL DEFAULT '[]'::jsonb,
      computed_by  uuid NOT NULL REFERENCES users (id),
      computed_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (agency_id, category, year, revision)
    );
    CREATE TABLE inspection_rotation_entries (
      rotation_id uuid NOT NULL REFERENCES inspection_rotations (id),
      business_id uuid NOT NULL REFERENCES businesses (id),
      stratum     text NOT NULL CHECK (stratum IN ('A', 'B', 'C', 'D', 'U')),
      visits      integer NOT NULL CHECK (visits BETWEEN 1 AND 12),
      months      integer[] NOT NULL CHECK (cardinality(months) = visits AND months <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12]),
      PRIMARY KEY (rotation_id, business_id)
    );

    -- Once committed, the population and what the draw depends on stay as published; once drawn, the seed and the list too.
    CREATE FUNCTION inspection_plan_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.population_sha256 IS NOT NULL AND (NEW.population IS DISTINCT FROM OLD.population OR NEW.population_sha256 IS DISTINCT FROM OLD.population_sha256
          OR NEW.agency_id IS DISTINCT FROM OLD.agency_id OR NEW.category IS DISTINCT FROM OLD.category OR NEW.period_from IS DISTINCT FROM OLD.period_from
          OR NEW.period_to IS DISTINCT FROM OLD.period_to OR NEW.sample_size IS DISTINCT FROM OLD.sample_size OR NEW.rate_percent IS DISTINCT FROM OLD.rate_percent
          OR NEW.recusals IS DISTINCT FROM OLD.recusals OR NEW.seed_source IS DISTINCT FROM OLD.seed_source) THEN
        RAISE EXCEPTION 'inspection plan % is committed: its population and draw rules are frozen (002 §5)', OLD.id USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF OLD.seed IS NOT NULL AND (NEW.seed IS DISTINCT FROM OLD.seed OR NEW.public_value IS DISTINCT FROM OLD.public_value OR NEW.allocation IS DISTINCT FROM OLD.allocation) THEN
        RAISE EXCEPTION 'inspection plan % is drawn: its seed and list are frozen (002 §5)', OLD.id USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER inspection_plans_frozen BEFORE UPDATE ON inspection_plans FOR EACH ROW EXECUTE FUNCTION inspection_plan_frozen();
    CREATE FUNCTION inspection_item_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.plan_id <> OLD.plan_id OR NEW.position <> OLD.position OR NEW.business_id <> OLD.business_id OR NEW.officer_ids <> OLD.officer_ids
          OR NEW.stratum <> OLD.stratum OR NEW.certain <> OLD.certain THEN
        RAISE EXCEPTION 'a drawn inspection item stays what was drawn (002 §5)' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER inspection_items_frozen BEFORE UPDATE ON inspection_items FOR EACH ROW EXECUTE FUNCTION inspection_item_frozen();
    CREATE TRIGGER inspection_plans_no_delete BEFORE DELETE ON inspection_plans FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER inspection_items_no_delete BEFORE DELETE ON inspection_items FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER inspection_rotations_no_delete BEFORE DELETE ON inspection_rotations FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
    CREATE TRIGGER inspection_rotation_entries_no_delete BEFORE DELETE ON inspection_rotation_entries FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('inspection plans are never rolled back');
}
