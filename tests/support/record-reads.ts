import type { Insertable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { RecordReadsTable } from '../../core/db/database.js';

export type ReadRowInput = Partial<Insertable<RecordReadsTable>> & Pick<Insertable<RecordReadsTable>, 'record_kind' | 'record_id'>;

/**
 * Rows of the read log written directly (the records read path writes them in the platform): a
 * served 'view' by default, at the given time. `finished_at` is set with `bytes`, as a finished read.
 */
export async function insertReads(db: Db, rows: readonly ReadRowInput[]): Promise<string[]> {
  if (!rows.length) return [];
  const values = rows.map((r) => ({
    user_name: '测试用户',
    role: 'officer',
    action: 'view' as const,
    outcome: 'served' as const,
    ...r,
    finished_at: r.finished_at ?? (r.bytes !== undefined && r.bytes !== null ? (r.at ?? new Date()) : null),
  }));
  const out = await db.insertInto('record_reads').values(values).returning('id').execute();
  return out.map((o) => String(o.id));
}
