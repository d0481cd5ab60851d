import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { FlagsTable } from '../../core/db/database.js';
import { FLAG_CHANNEL } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';

const SYSTEM = { type: 'system' as const, id: 'analyzer:test' };
export type FlagValues = Partial<Insertable<FlagsTable>>;

/** The first camera of a business, by the business's demo name. */
export async function cameraOf(db: Db, businessName: string): Promise<string> {
  const r = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select('d.id').where('b.name', '=', businessName).where('d.kind', '=', 'camera').orderBy('d.created_at').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Flags on a device as the analyzer writes them: rows in one statement, each ledgered with its
 * full row (the analyzer is not needed). With `notify`, also the NOTIFY the analyzer sends, so
 * a running API pushes them to dashboards.
 */
export async function insertFlags(db: Db, deviceId: string, many: FlagValues[], opts: { notify?: boolean; ledger?: boolean } = {}) {
  const d = await db
    .selectFrom('devices as d')
    .innerJoin('businesses as b', 'b.id', 'd.business_id')
    .select(['d.id', 'd.site_id', 'd.business_id', 'b.agency_id', 'b.category'])
    .where('d.id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto('flags')
      .values(
        many.map((v) => ({
          dedupe_key: randomUUID(),
          device_id: d.id,
          site_id: d.site_id,
          business_id: d.business_id,
          agency_id: d.agency_id,
          category: d.category,
          source: 'tamper' as const,
          type: 'camera_covered' as const,
          analyzer: 'test',
          state: 'ended' as const,
          started_at: new Date(Date.now() - 120_000),
          ended_at: new Date(Date.now() - 60_000),
          peak_score: 0.75,
          deadline_at: new Date(Date.now() + 86400_000),
          detail: JSON.stringify({ reason: { zh: '遮挡', en: 'covered' }, metrics: { brightness: 3 } }),
          ...v,
        })),
      )
      .returningAll()
      .execute();
    if (opts.ledger !== false) for (const row of rows) await appendLedger(trx, { actor: SYSTEM, action: 'flag.raised', entityType: 'flag', entityId: row.id, state: row });
    if (opts.notify) for (const row of rows) await sql`SELECT pg_notify(${FLAG_CHANNEL}, ${JSON.stringify({ flagId: row.id })})`.execute(trx);
    return rows;
  });
}
