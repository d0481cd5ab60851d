import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Playback of a time range (several recorded segments joined into one stream): the view records
// which stretch of the recording was served, as a segment view records its segment (R12).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE media_views ADD COLUMN range_from timestamptz;
    ALTER TABLE media_views ADD COLUMN range_to timestamptz;
    ALTER TABLE media_views ADD CONSTRAINT media_views_range_ordered CHECK (range_to IS NULL OR range_from IS NULL OR range_to >= range_from);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('access records are never rolled back');
}
