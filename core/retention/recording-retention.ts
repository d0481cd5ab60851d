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

const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;

/** Days an ordinary recording of a business of this category is kept (never under the policy's floor). */
export function ordinaryDays(policy: RetentionPolicy, category: string): number {
  return Math.max(policy.ordinaryDays, policy.byCategory[category] ?? policy.ordinaryDays);
}

/** The rule a purge names in its deletion record and ledger entry. */
export const ordinaryRule = (days: number) => `recording.ordinary.${days}d`;

/** When an ordinary segment of this category may go: its end plus the category's days. */
function dueAt(policy: RetentionPolicy) {
  const cases = CATEGORIES.map((c) => sql`WHEN ${c} THEN ${sql.lit(Math.trunc(ordinaryDays(policy, c)))}`);
  return sql<Date>`s.ended_at + make_interval(days => CASE b.category::text ${sql.join(cases, sql` `)} ELSE ${sql.lit(Math.trunc(policy.ordinaryDays))} END)`;
}

/**
 * What keeps a segment (aliased `s`) from the purge, whatever its age — the one rule the purge,
 * its re-check in the deleting transaction and the purge report's forecast all apply:
 * - it is not ordinary footage (retention_class 'evidence', 'held' or 'case');
 * - it covers a flag (the flag's evidence), or is named in a case's evidence (case evidence is kept
 *   as long as the case file: 000 §15 ¶2, 001 §22 ¶3, 002-音像 §28);
 * - an approved, unreleased hold covers it: its device's window overlaps it, it is the held
 *   record, its bytes are the held record's, or it is the evidence of a held case
 *   (002-音像 §29; 003 §24; record_holds).
 */
export function keptSql() {
  return sql<boolean>`(
    s.retention_class <> 'ordinary'
    OR EXISTS (SELECT 1 FROM flag_segments fs WHERE fs.segment_id = s.id)
    OR EXISTS (SELECT 1 FROM case_evidence ce WHERE (ce.kind = 'segments' AND ce.source -> 'segments' @> jsonb_build_array(jsonb_build_object('id', s.id::text))) OR ce.source ->> 'sha256' = s.blob_sha256)
    OR EXISTS (
      SELECT 1 FROM record_holds h WHERE h.status = 'in_force' AND (
        (h.record_kind = 'recording' AND h.record_id = s.device_id AND h.window_from < s.ended_at AND h.window_to > s.started_at)
        OR (h.record_kind = 'segment' AND h.record_id = s.id)
        OR h.record_sha256 = s.blob_sha256
        OR (h.record_kind = 'case' AND EXISTS (SELECT 1 FROM case_flags cf JOIN flag_segments fs2 ON fs2.flag_id = cf.flag_id WHERE cf.case_id = h.record_id AND fs2.segment_id = s.id))
      )
    )
  )`;
}

/**
 * The ordinary segments that are (or, with `at` in the future, will be) past their period at `at`
 * and not kept: the purge deletes them at `at` = now, and the purge report forecasts with a later
 * `at`. Joined as `s` (segment), `d` (device), `b` (business); `due` is the moment each may go.
 */
export function purgeableSegments(db: Kysely<Database>, policy: RetentionPolicy, at: Date) {
  const due = dueAt(policy);
  return db
    .selectFrom('recording_segments as s')
    .innerJoin('devices as d', 'd.id', 's.device_id')
    .innerJoin('businesses as b', 'b.id', 'd.business_id')
    .where('s.purged_at', 'is', null)
    .where('s.retention_class', '=', 'ordinary')
    .where(sql<boolean>`${due} < ${at}`)
    .where(sql<boolean>`NOT ${keptSql()}`)
    .select(due.as('due'));
}

/**
 * R11: deletes ordinary recordings past their retention period (per business category; 000 §15
 * ¶2, 001 §22 ¶3, 002-音像 §28: at least 6 months; 003 §23: a year under the general procedure),
 * never evidence, case evidence or held material (keptSql). Each deletion commits a deletion
 * record signed with the ledger key and a ledger entry first; the bytes are removed after the
 * commit (a crash in between leaves bytes that the next run removes). Idempotent; at most `limit`
 * segments a run.
 */
export async function purgeExpiredRecordings(deps: { db: Kysely<Database>; blobs: BlobStore; signer: LedgerSigner; policy: RetentionPolicy; log: Logger; now?: Date; limit?: number }) {
  const { db, blobs, signer, policy } = deps;
  const now = deps.now ?? new Date();
  const days = (c: string) => ordinaryDays(policy, c);
  const due = await purgeableSegments(db, policy, now)
    .select(['s.id', 's.blob_sha256', 's.size', 's.device_id', 's.started_at', 's.ended_at', 'b.category'])
    .orderBy('s.ended_at')
    .limit(deps.limit ?? 500)
    .execute();
  let purged = 0;
  for (const seg of due) {
    const rule = ordinaryRule(days(seg.category));
    const removed = await db.transaction().execute(async (trx) => {
      // Checked again as it is deleted: a hold approved since the select keeps it.
      const row = await trx
        .updateTable('recording_segments as s')
        .set({ purged_at: now })
        .where('s.id', '=', seg.id)
        .where('s.purged_at', 'is', null)
        .where(sql<boolean>`NOT ${keptSql()}`)
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
