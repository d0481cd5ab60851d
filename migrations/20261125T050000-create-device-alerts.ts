import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Device alerts (R2): a consented device offline longer than the threshold, and when it ended.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE device_alerts (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      device_id   uuid NOT NULL REFERENCES devices (id),
      kind        text NOT NULL CHECK (kind IN ('offline')),
      raised_at   timestamptz NOT NULL DEFAULT now(),
      since       timestamptz NOT NULL,
      cleared_at  timestamptz
    );
    CREATE UNIQUE INDEX device_alerts_one_open ON device_alerts (device_id, kind) WHERE cleared_at IS NULL;
    CREATE TRIGGER device_alerts_no_delete BEFORE DELETE ON device_alerts FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('alert records are never rolled back');
}
