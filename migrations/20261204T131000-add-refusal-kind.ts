import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// Refused plays are recorded beside refused publishes: nobody reads a camera from the media
// server itself (every view goes through the API), and each attempt is evidence like a bad key.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE publish_refusals ADD COLUMN kind text NOT NULL DEFAULT 'publish' CHECK (kind IN ('publish', 'play'));
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('recording records are never rolled back');
}
