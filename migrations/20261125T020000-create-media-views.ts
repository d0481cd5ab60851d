import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Every live view and playback of recorded media: who, which device or segment, when, how long (R12).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE media_views (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id      uuid NOT NULL REFERENCES users (id),
      device_id    uuid NOT NULL REFERENCES devices (id),
      kind         text NOT NULL CHECK (kind IN ('live', 'playback')),
      segment_id   uuid REFERENCES recording_segments (id),
      ip           text,
      started_at   timestamptz NOT NULL DEFAULT now(),
      ended_at     timestamptz,
      bytes        bigint NOT NULL DEFAULT 0
    );
    CREATE INDEX media_views_device_idx ON media_views (device_id, started_at DESC);
    CREATE INDEX media_views_user_idx ON media_views (user_id, started_at DESC);
    CREATE TRIGGER media_views_no_delete BEFORE DELETE ON media_views FOR EACH ROW EXECUTE FUNCTION registry_forbid_delete();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('access records are never rolled back');
}
