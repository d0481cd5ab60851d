import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The managers' dashboard (issue 16 item 1): a daily rollup of each device's health, so that a year
// of 30,000 devices is ~11 M small rows instead of ~15 G minute samples. One row per device and
// whole Beijing day (Asia/Shanghai) with something to count; `device_health_rollups` says which days
// were computed and when (a day computed before it ended is computed again). Filled by the
// 'dashboard.rollup' job and on demand; re-computing a day replaces its rows (idempotent).
// The indexes the dashboard's direct aggregates need: flags by creation time per agency exist
// (flags_agency_idx); tamper flags by start for the blind time; gaps, samples and case figures by time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE device_health_days (
      device_id       uuid NOT NULL REFERENCES devices (id),
      day             date NOT NULL,
      online_seconds  integer NOT NULL DEFAULT 0 CHECK (online_seconds BETWEEN 0 AND 86400),
      samples         integer NOT NULL DEFAULT 0 CHECK (samples >= 0),
      blind_seconds   integer NOT NULL DEFAULT 0 CHECK (blind_seconds BETWEEN 0 AND 86400),
      gap_seconds     integer NOT NULL DEFAULT 0 CHECK (gap_seconds BETWEEN 0 AND 86400),
      gaps            integer NOT NULL DEFAULT 0 CHECK (gaps >= 0),
      tamper_events   integer NOT NULL DEFAULT 0 CHECK (tamper_events >= 0),
      computed_at     timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (day, device_id)
    );
    CREATE INDEX device_health_days_device_idx ON device_health_days (device_id, day);
    CREATE TABLE device_health_rollups (
      day          date PRIMARY KEY,
      devices      integer NOT NULL,
      computed_at  timestamptz NOT NULL
    );
    CREATE INDEX device_health_samples_at_idx ON device_health_samples (at);
    CREATE INDEX recording_gaps_started_idx ON recording_gaps (started_at);
    CREATE INDEX recording_gaps_open_idx ON recording_gaps (device_id) WHERE ended_at IS NULL;
    CREATE INDEX flags_tamper_started_idx ON flags (started_at) WHERE source = 'tamper';
    CREATE INDEX flags_assigned_created_idx ON flags (assigned_to, created_at) WHERE assigned_to IS NOT NULL;
    CREATE INDEX cases_filed_idx ON cases (filed_at) WHERE filed_at IS NOT NULL;
    CREATE INDEX cases_closed_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;
    CREATE INDEX case_clocks_due_all_idx ON case_clocks (due_at) WHERE due_at IS NOT NULL;
    CREATE INDEX deliveries_served_idx ON deliveries (served_at) WHERE served_at IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX deliveries_served_idx; DROP INDEX case_clocks_due_all_idx; DROP INDEX cases_closed_idx; DROP INDEX cases_filed_idx;
    DROP INDEX flags_assigned_created_idx; DROP INDEX flags_tamper_started_idx; DROP INDEX recording_gaps_open_idx;
    DROP INDEX recording_gaps_started_idx; DROP INDEX device_health_samples_at_idx;
    DROP TABLE device_health_rollups; DROP TABLE device_health_days;
  `.execute(db);
}
