import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/connect.js';
import { canonicalJson } from '../../core/ledger/canonical.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { RecordReadsRepository } from './record-reads.repository.js';

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3600_000;
/** A day is sealed no earlier than this long after its midnight (Beijing) … */
export const SEAL_AFTER_MS = 3600_000;
/** … and while a read of it is still being served, not before this long: then it is sealed as it is. */
export const SEAL_UNFINISHED_AFTER_MS = DAY_MS;
/** Days sealed per run at most (a first run after a long pause catches up over a few runs). */
const DAYS_PER_RUN = 60;
const PAGE = 5000;

const dayOf = (t: Date) => new Date(t.getTime() + BEIJING_MS).toISOString().slice(0, 10);
const endOf = (day: string) => new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS;
const nextDay = (day: string) => dayOf(new Date(endOf(day)));

/**
 * Seals the read log day by day (issue 15 item 6; R12 — the register of draws, 001 §24, 003 §18,
 * must not be altered afterwards): for every closed Beijing day not yet sealed, in order, the
 * count, first and last id and a SHA-256 over the day's rows (canonical JSON per row, one per
 * line, in id order) go into record_read_seals and the ledger (record_reads.sealed) in one
 * transaction; from then on the trigger refuses any change to that day's rows.
 *
 * The rule for reads still open: a day is sealed one hour after its midnight if all its served
 * reads are finished; if one is not (a download still running, or a process that died before it
 * could write the end), the day waits, but no longer than one day after its midnight — then it is
 * sealed as it is and such a read keeps bytes unknown (null) for good. Days are sealed in order,
 * so a waiting day holds back the days after it.
 */
export async function sealRecordReads(deps: { db: Db; repo: RecordReadsRepository }, now: Date = new Date()): Promise<{ sealed: string[] }> {
  const { db, repo } = deps;
  const sealed: string[] = [];
  for (let i = 0; i < DAYS_PER_RUN; i++) {
    const day = await db.transaction().execute(async (trx) => {
      await repo.lockSealer(trx);
      const last = await repo.lastSealedDay(trx);
      const day = last ? nextDay(last) : await repo.firstReadDay(trx);
      if (!day) return null;
      const age = now.getTime() - endOf(day);
      if (age < SEAL_AFTER_MS) return null;
      if (age < SEAL_UNFINISHED_AFTER_MS && (await repo.unfinishedOn(trx, day)) > 0) return null;
      const hash = createHash('sha256');
      let count = 0;
      let firstId: string | null = null;
      let lastId: string | null = null;
      for (;;) {
        const rows = await repo.pageOfDay(trx, day, lastId, PAGE);
        for (const r of rows) hash.update(`${canonicalJson(r)}\n`);
        if (rows.length === 0) break;
        count += rows.length;
        firstId ??= rows[0].id;
        lastId = rows[rows.length - 1].id;
        if (rows.length < PAGE) break;
      }
      const seal = await repo.insertSeal(trx, { day, reads: count, firstId, lastId, digest: hash.digest('hex') });
      await appendLedger(trx, { actor: { type: 'system', id: 'api:record_reads.seal' }, action: 'record_reads.sealed', entityType: 'record_read_seal', entityId: day, state: seal });
      return day;
    });
    if (!day) break;
    sealed.push(day);
  }
  return { sealed };
}
