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

/**
 * The read log row a response of the records read path (api/records) names in `x-vigil-read`,
 * once finished: call it after the body was read (its bytes are set when the response ends).
 */
export async function servedRead(db: Db, res: Response) {
  const id = res.headers.get('x-vigil-read');
  if (!id) throw new Error(`no x-vigil-read on a ${res.status} answer: not served through the read path`);
  for (;;) {
    const row = await db.selectFrom('record_reads').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (row.finished_at) return row;
    await new Promise((r) => setTimeout(r, 20));
  }
}
