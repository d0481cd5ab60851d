import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Credit grades read each camera's year of device_health_days (issue 16 item 4: 30,000 cameras ×
// 365 days). The rollup writes a day for every device at once, so one device's days lie one per
// heap page: 365 random page reads per camera, ~2.5 s per batch of 500 businesses. The device index
// now carries online_seconds, so the sum is an index-only scan (2–3 index pages per camera).
// Same name as before (bench/dashboard.bench.ts drops and rebuilds it by name around its bulk load).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX device_health_days_device_idx;
    CREATE INDEX device_health_days_device_idx ON device_health_days (device_id, day) INCLUDE (online_seconds);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX device_health_days_device_idx;
    CREATE INDEX device_health_days_device_idx ON device_health_days (device_id, day);
  `.execute(db);
}
