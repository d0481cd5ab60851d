import { statfs } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Database } from '../db/database.js';
import { appendLedger } from '../ledger/append.js';
import { canonicalJson } from '../ledger/canonical.js';
import type { LedgerSigner } from '../ledger/signer.js';
import type { Logger } from '../log.js';

export type RetentionPolicy = { ordinaryDays: number; byCategory: Record<string, number> };

/** The bytes a deletion record's signature covers. */
export function deletionMessage(d: { sha256: string; size: number | string; rule: string; subject: unknown; deletedAt: Date | string }): Buffer {
  return Buffer.from(canonicalJson({ sha256: d.sha256, size: Number(d.size), rule: d.rule, subject: d.subject, deletedAt: new Date(d.deletedAt).toISOString() }));
}

/**
 * R11: deletes ordinary recordings past their retention period (per business category), never
 * evidence or held material. Each deletion commits a deletion record signed with the ledger key
 * and a ledger entry first; the bytes are removed after the commit (a crash in between leaves
 * bytes that the next run removes). Idempotent; at most `limit` segments a run.
 */
export async function purgeExpiredRecordings(deps: { db: Kysely<Database>; blobs: BlobStore; signer: LedgerSigner; policy: RetentionPolicy; log: Logger; now?: Date; limit?: number }) {
  const { db, blobs, signer, policy } = deps;
  const now = deps.now ?? new Date();
  const categories = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'];
  const days = (c: string) => Math.max(policy.ordinaryDays, policy.byCategory[c] ?? policy.ordinaryDays);
  const due = await db
    .selectFrom('recording_segments as s')
    .innerJoin('devices as d', 'd.id', 's.device_id')
    .innerJoin('businesses as b', 'b.id', 'd.business_id')
    .select(['s.id', 's.blob_sha256', 's.size', 's.device_id', 's.started_at', 's.ended_at', 'b.category'])
    .where('s.purged_at', 'is', null)
    .where('s.retention_class', '=', 'ordinary')
    // Segments that cover a flag are its evidence: never purged as ordinary footage.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('flag_segments as fs').select('fs.segment_id').whereRef('fs.segment_id', '=', 's.id'))))
    .where((eb) => eb.or(categories.map((c) => eb.and([eb('b.category', '=', c as never), eb('s.ended_at', '<', new Date(now.getTime() - days(c) * 86400_000))]))))
    .orderBy('s.ended_at')
    .limit(deps.limit ?? 500)
    .execute();
  let purged = 0;
  for (const seg of due) {
    const rule = `recording.ordinary.${days(seg.category)}d`;
    const removed = await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('recording_segments')
        .set({ purged_at: now })
        .where('id', '=', seg.id)
        .where('purged_at', 'is', null)
        .where('retention_class', '=', 'ordinary')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('flag_segments as fs').select('fs.segment_id').whereRef('fs.segment_id', '=', 'recording_segments.id'))))
        .returningAll()
        .executeTakeFirst();
      if (!row) return false;
      // Identical bytes still needed elsewhere (another segment not purged) stay.
      const shared = await trx.selectFrom('recording_segments').select('id').where('blob_sha256', '=', seg.blob_sha256).where('purged_at', 'is', null).executeTakeFirst();
      await appendLedger(trx, { actor: { type: 'system', id: 'retention' }, action: 'recording.purged', entityType: 'recording_segment', entityId: seg.id, state: row, context: { rule, sha256: seg.blob_sha256 } });
      if (shared) return false;
      const subject = { segmentId: seg.id, deviceId: seg.device_id, startedAt: new Date(seg.started_at).toISOString(), endedAt: new Date(seg.ended_at).toISOString() };
      const signature = signer.sign(deletionMessage({ sha256: seg.blob_sha256, size: seg.size, rule, subject, deletedAt: now }));
      await trx.insertInto('blob_deletions').values({ sha256: seg.blob_sha256, size: seg.size, rule, subject: JSON.stringify(subject), deleted_at: now, key_id: signer.keyId, signature }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
      return true;
    });
    if (removed) await blobs.remove(seg.blob_sha256);
    purged++;
  }
  // Bytes whose deletion committed but whose removal did not happen (crash in between).
  const leftovers = await db.selectFrom('blob_deletions').select('sha256').where('deleted_at', '>', sql<Date>`now() - interval '2 days'`).execute();
  for (const l of leftovers) if (await blobs.has(l.sha256)) await blobs.remove(l.sha256);
  if (purged) deps.log.info({ purged }, 'recordings past retention purged');
  return { purged };
}

/** Share of free space where recordings are stored; below the threshold: an alert, never a purge of held material. */
export async function diskStatus(dir: string, lowPercent: number): Promise<{ freePercent: number; low: boolean }> {
  const s = await statfs(dir);
  const freePercent = (Number(s.bavail) / Number(s.blocks)) * 100;
  return { freePercent: Math.round(freePercent * 10) / 10, low: freePercent < lowPercent };
}
