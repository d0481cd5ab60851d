import { sql, type Insertable, type Kysely } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database, RecordReadsTable } from '../../core/db/database.js';

export type NewRead = Omit<Insertable<RecordReadsTable>, 'id' | 'at'>;

/** The only queries of the read log (record_reads) and its daily seals (record_read_seals). */
export function createRecordReadsRepository(db: Db) {
  return {
    /** A read as it starts (served) or as it is refused (denied, finished at once). */
    async insert(row: NewRead): Promise<string> {
      const r = await db.insertInto('record_reads').values(row).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },

    /** The end of a read, written once (the trigger refuses a second write, or any write on a sealed day). */
    async finish(id: string, bytes: number): Promise<void> {
      await db.updateTable('record_reads').set({ bytes, finished_at: new Date() }).where('id', '=', id).where('finished_at', 'is', null).execute();
    },

    /** The last sealed day (Beijing), or null. */
    async lastSealedDay(trx: Kysely<Database>): Promise<string | null> {
      const r = await trx.selectFrom('record_read_seals').select(sql<string>`max(day)::text`.as('day')).executeTakeFirst();
      return r?.day ?? null;
    },

    /** The first day (Beijing) with any read, or null. */
    async firstReadDay(trx: Kysely<Database>): Promise<string | null> {
      const r = await trx.selectFrom('record_reads').select(sql<string>`(min(at) AT TIME ZONE 'Asia/Shanghai')::date::text`.as('day')).executeTakeFirst();
      return r?.day ?? null;
    },

    /** Served reads of a day not finished yet. */
    async unfinishedOn(trx: Kysely<Database>, day: string): Promise<number> {
      const r = await trx
        .selectFrom('record_reads')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('at', '>=', sql<Date>`(${day}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
        .where('at', '<', sql<Date>`(${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
        .where('finished_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /**
     * One page of a day's rows in id order, locked against change (FOR SHARE) until the sealing
     * transaction ends: a late finish waits, then finds the day sealed and is refused.
     */
    async pageOfDay(trx: Kysely<Database>, day: string, afterId: string | null, limit: number) {
      let q = trx
        .selectFrom('record_reads')
        .selectAll()
        .where('at', '>=', sql<Date>`(${day}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
        .where('at', '<', sql<Date>`(${day}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
        .orderBy('id')
        .limit(limit)
        .forShare();
      if (afterId !== null) q = q.where('id', '>', afterId);
      return q.execute();
    },

    async insertSeal(trx: Kysely<Database>, seal: { day: string; reads: number; firstId: string | null; lastId: string | null; digest: string }) {
      return trx.insertInto('record_read_seals').values({ day: seal.day, reads: seal.reads, first_id: seal.firstId, last_id: seal.lastId, digest: seal.digest }).returningAll().executeTakeFirstOrThrow();
    },

    /** One sealer at a time (the job can run twice). */
    async lockSealer(trx: Kysely<Database>): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('record_reads.seal'))`.execute(trx);
    },
  };
}
export type RecordReadsRepository = ReturnType<typeof createRecordReadsRepository>;
