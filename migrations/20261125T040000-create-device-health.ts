import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Device health (R2): the current state of each device's stream (overwritten, like heartbeats)
// and a sample a minute for history and coverage reports.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE device_health (
      device_id      uuid PRIMARY KEY REFERENCES devices (id),
      online         boolean NOT NULL,
      since          timestamptz NOT NULL,
      last_frame_at  timestamptz,
      bitrate_kbps   int,
      fps            real,
      width          int,
      height         int,
      updated_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE device_health_samples (
      device_id     uuid NOT NULL REFERENCES devices (id),
      at            timestamptz NOT NULL,
      online        boolean NOT NULL,
      bitrate_kbps  int,
      fps           real,
      PRIMARY KEY (device_id, at)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE device_health_samples; DROP TABLE device_health;`.execute(db);
}
