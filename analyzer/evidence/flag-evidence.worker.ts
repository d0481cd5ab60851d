import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { FlagRow } from '../../core/db/database.js';
import type { JobPayloads } from '../../core/jobs.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import { extractClip } from './clip-extractor.js';
import { segmentWindow } from './segment-window.js';

export type FlagEvidenceDeps = {
  db: Db;
  blobs: BlobStore;
  /** The file-system blob store's directory: segments are read in place, never copied. */
  blobsDir: string;
  ffmpegPath: string;
  queue: { send(name: 'flags.raised', p: { flagId: string; correlationId?: string }): Promise<unknown> };
  log: Logger;
  preRollS?: number;
  postRollS?: number;
  /** After this long since the flag ended, cut from whatever is recorded, live session or not. */
  giveUpAfterS?: number;
  /** Where the clip is made before it goes into the blob store (default: the OS temp dir). */
  workDir?: string;
};

const ACTOR: Actor = { type: 'system', id: 'analyzer' };
/** Wall-clock jitter between a segment's end and the window's end that still counts as covered. */
const END_TOLERANCE_MS = 250;

export class SegmentsNotClosedError extends Error {
  constructor(flagId: string) {
    super(`segments not closed yet for flag ${flagId}`);
    this.name = 'SegmentsNotClosedError';
  }
}

/**
 * The 'flags.evidence' job: once a flag has ended and the recording covering it (with pre- and
 * post-roll) is closed, cuts its evidence clip from the original segments, stores it, and
 * attaches it to the flag with a ledger entry. Idempotent: a flag with evidence is left alone,
 * and only one run can attach it. While the window's end is still being recorded it throws,
 * and pg-boss retries with back-off (retryLimit 20), until `giveUpAfterS` have passed.
 */
export function flagEvidenceWorker(deps: FlagEvidenceDeps) {
  const { db, blobs, ffmpegPath } = deps;
  const log = deps.log.child({ module: 'flag-evidence' });
  const preMs = (deps.preRollS ?? 10) * 1000;
  const postMs = (deps.postRollS ?? 10) * 1000;
  const giveUpMs = (deps.giveUpAfterS ?? 900) * 1000;
  const fileOf = (sha: string) => path.join(deps.blobsDir, sha.slice(0, 2), sha.slice(2, 4), sha);

  /** Updates the flag if it has no evidence yet and ledgers the new row; false if another run did. */
  async function attach(flag: FlagRow, set: { status: 'ready' | 'unavailable'; clip: { sha256: string; size: number } | null; provenance: object }, correlationId?: string) {
    return db.transaction().execute(async (trx) => {
      if (set.clip) await recordBlob(trx, { ...set.clip, mediaType: 'video/mp4' });
      const row = await trx
        .updateTable('flags')
        .set({ clip_sha256: set.clip?.sha256 ?? null, clip_provenance: JSON.stringify(set.provenance), evidence_status: set.status, updated_at: new Date() })
        .where('id', '=', flag.id)
        .where('evidence_status', set.status === 'ready' ? '!=' : '=', set.status === 'ready' ? 'ready' : 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) return false;
      const action = set.status === 'ready' ? 'flag.evidence_attached' : 'flag.evidence_unavailable';
      await appendLedger(trx, { actor: ACTOR, action, entityType: 'flag', entityId: flag.id, state: row, requestId: correlationId ?? null });
      return true;
    });
  }

  return async ({ flagId, correlationId }: JobPayloads['flags.evidence']): Promise<void> => {
    const flag = await db.selectFrom('flags').selectAll().where('id', '=', flagId).executeTakeFirst();
    if (!flag) {
      log.warn({ flagId }, 'evidence asked for a flag that does not exist');
      return;
    }
    if (flag.state !== 'ended' || !flag.ended_at || flag.evidence_status === 'ready') return;
    const from = new Date(flag.started_at.getTime() - preMs);
    const to = new Date(flag.ended_at.getTime() + postMs);

    const rows = await db
      .selectFrom('recording_segments')
      .select(['id', 'blob_sha256', 'started_at', 'ended_at'])
      .where('device_id', '=', flag.device_id)
      .where('purged_at', 'is', null)
      .where('started_at', '<', to)
      .where('ended_at', '>', from)
      .orderBy('started_at')
      .orderBy('seq')
      .execute();
    const plan = segmentWindow(
      rows.map((r) => ({ id: r.id, sha256: r.blob_sha256, file: fileOf(r.blob_sha256), startedAt: r.started_at, endedAt: r.ended_at })),
      from,
      to,
    );
    // Retention keeps what a flag points to: record the cover before anything else can fail.
    if (plan.segments.length) {
      await db
        .insertInto('flag_segments')
        .values(plan.segments.map((s) => ({ flag_id: flag.id, segment_id: s.id })))
        .onConflict((oc) => oc.columns(['flag_id', 'segment_id']).doNothing())
        .execute();
    }

    const endCovered = plan.coveredUntil !== null && plan.coveredUntil.getTime() >= to.getTime() - END_TOLERANCE_MS;
    if (!endCovered && Date.now() - flag.ended_at.getTime() < giveUpMs) {
      const live = await db.selectFrom('publish_sessions').select('id').where('device_id', '=', flag.device_id).where('ended_at', 'is', null).executeTakeFirst();
      if (live) throw new SegmentsNotClosedError(flag.id);
    }

    if (!plan.segments.length) {
      const provenance = { reason: 'no recording covers the window', requested: { from: from.toISOString(), to: to.toISOString() }, checkedAt: new Date().toISOString() };
      if (await attach(flag, { status: 'unavailable', clip: null, provenance }, correlationId)) {
        log.warn({ flagId, from, to }, 'no recording covers the flag: evidence unavailable');
        await deps.queue.send('flags.raised', { flagId, correlationId });
      }
      return;
    }

    const t0 = performance.now();
    const workDir = await mkdtemp(path.join(deps.workDir ?? os.tmpdir(), 'vigil-evidence-'));
    try {
      const clip = await extractClip({ segments: plan.segments, from, to, ffmpegPath, workDir });
      const blob = await blobs.put(createReadStream(clip.file), 'video/mp4');
      if (blob.sha256 !== clip.provenance.outputSha256) throw new Error(`stored clip hashes to ${blob.sha256}, not ${clip.provenance.outputSha256}`);
      const attached = await attach(flag, { status: 'ready', clip: blob, provenance: clip.provenance }, correlationId);
      if (!attached) return; // another run attached its clip first
      log.info({ flagId, sha256: blob.sha256, size: blob.size, durationMs: clip.provenance.durationMs, segments: plan.segments.length, gaps: plan.gaps.length, ms: Math.round(performance.now() - t0) }, 'evidence clip attached');
      await deps.queue.send('flags.raised', { flagId, correlationId });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}
