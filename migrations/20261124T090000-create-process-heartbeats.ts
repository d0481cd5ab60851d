import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Liveness of each platform process (api, streams, analyzer, sealer), for /api/health.
    -- Operational state, not a record: rows are overwritten in place.
    CREATE TABLE process_heartbeats (
      component     text NOT NULL CHECK (component IN ('api', 'streams', 'analyzer', 'sealer')),
      instance      text NOT NULL,
      started_at    timestamptz NOT NULL,
      last_seen_at  timestamptz NOT NULL,
      detail        jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (component, instance)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE process_heartbeats`.execute(db);
}
