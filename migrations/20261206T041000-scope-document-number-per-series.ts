import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// A 编号 ("2026-0001") is numbered per agency, year and kind (one series per kind: the 询问笔录
// and the 现场笔录 of an agency each start at 2026-0001), so a printed number is unique within its
// series, not across the agency: the first case's 受理记录 and 立案报告 were both 2026-0001 and the
// second was refused by documents_number_key. 文号 carry their nature (婺卫医罚…, 婺卫医告…), so
// per series they stay as unique as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX documents_number_key;
    CREATE UNIQUE INDEX documents_number_key ON documents (agency_id, series, number) WHERE version = 1 AND number IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX documents_number_key;
    CREATE UNIQUE INDEX documents_number_key ON documents (agency_id, number) WHERE version = 1 AND number IS NOT NULL;
  `.execute(db);
}
