import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FlagDetail } from '../../core/analysis/flag-contract.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { JobPayloads } from '../../core/jobs.js';
import type { Logger } from '../../core/log.js';
import { extractClip } from './clip-extractor.js';
import { decideEvidence, evidenceBounds, type EvidenceSettings } from './evidence-plan.js';
import { withEvidenceLock, type EvidenceRepository } from './evidence.repository.js';
import { segmentWindow } from './segment-window.js';

type Send = {
  (name: 'flags.raised', p: JobPayloads['flags.raised']): Promise<unknown>;
  (name: 'flags.evidence', p: JobPayloads['flags.evidence'], options: { startAfter: number }): Promise<unknown>;
};

export type FlagEvidenceDeps = {
  db: Db;
  blobs: BlobStore;
  /** The file-system blob store's directory: segments are read in place, never copied. */
  blobsDir: string;
  ffmpegPath: string;
  queue: { send: Send };
  log: Logger;
  preRollS?: number;
  postRollS?: number;
  /** An event still going on: its first clip reaches this far past its start. */
  firstClipS?: number;
  /** While it goes on, a longer version this often. */
  extendEveryS?: number;
  /** The longest clip (pre-roll included); that version is the last even if the event goes on. */
  maxClipS?: number;
  /** After this long since the window's end, cut from whatever is recorded, live session or not. */
  giveUpAfterS?: number;
  /** Where the clip is made before it goes into the blob store (default: the OS temp dir). */
  workDir?: string;
  now?: () => Date;
};

/** The evidence start the event gave (flag detail `evidenceFrom`), if it is a valid time. */
function evidenceFromOf(detail: FlagDetail | null): Date | null {
  const v = detail?.evidenceFrom;
  const d = typeof v === 'string' ? new Date(v) : null;
  return d && Number.isFinite(d.getTime()) ? d : null;
}

/**
 * The 'flags.evidence' job: cuts a flag's evidence from the original segments — for an event
 * still going on too. The flag writer asks for it when the flag opens and when it ends; each run
 * decides the next version (evidence-plan.ts): a first clip as soon as the pre-roll and the first
 * seconds are recorded, a longer one while the event goes on, the last at its end or at the
 * maximum length. Each version is a new write-once clip with its own hash and ledger entry; the
 * flag points at the newest. While a window is still being recorded, the run asks for itself
 * again a little later (a new job) instead of failing. Idempotent: one run at a time per flag
 * (advisory lock), and a version is only added past the newest.
 */
export function flagEvidenceWorker(deps: FlagEvidenceDeps) {
  const { db, blobs, ffmpegPath } = deps;
  const log = deps.log.child({ module: 'flag-evidence' });
  const now = deps.now ?? (() => new Date());
  const settings: EvidenceSettings = {
    preRollMs: (deps.preRollS ?? 10) * 1000,
    postRollMs: (deps.postRollS ?? 10) * 1000,
    firstMs: (deps.firstClipS ?? 20) * 1000,
    extendMs: (deps.extendEveryS ?? 60) * 1000,
    maxMs: (deps.maxClipS ?? 600) * 1000,
    giveUpMs: (deps.giveUpAfterS ?? 900) * 1000,
  };
  const fileOf = (sha: string) => path.join(deps.blobsDir, sha.slice(0, 2), sha.slice(2, 4), sha);

  async function step(repo: EvidenceRepository, { flagId, correlationId }: JobPayloads['flags.evidence']): Promise<void> {
    const flag = await repo.flag(flagId);
    if (!flag) {
      log.warn({ flagId }, 'evidence asked for a flag that does not exist');
      return;
    }
    if (flag.evidence_status === 'unavailable') return;
    const newest = await repo.newestClip(flagId);
    if (newest?.final) return;
    const f = { state: flag.state, startedAt: flag.started_at, endedAt: flag.ended_at, evidenceFrom: evidenceFromOf(flag.detail) };
    const { from, maxTo, needTo } = evidenceBounds(f, settings);
    const rows = await repo.segments(flag.device_id, from, needTo);
    const segments = rows.map((r) => ({ id: r.id, sha256: r.blob_sha256, file: fileOf(r.blob_sha256), startedAt: r.started_at, endedAt: r.ended_at }));
    const reach = segmentWindow(segments, from, needTo);
    // Retention keeps what a flag points to: record the cover before anything else can fail.
    await repo.recordCover(flag.id, reach.segments.map((s) => s.id));
    const live = await repo.live(flag.device_id);
    const d = decideEvidence(f, newest ? { version: newest.version, requestedTo: newest.requested_to, final: newest.final } : null, { coveredUntil: reach.coveredUntil, anySegment: reach.segments.length > 0, live }, settings, now());

    if (d.kind === 'done') return;
    if (d.kind === 'wait') {
      log.debug({ flagId, until: d.until, afterS: d.afterS }, 'evidence window not recorded yet');
      await deps.queue.send('flags.evidence', { flagId, correlationId }, { startAfter: d.afterS });
      return;
    }
    if (d.kind === 'unavailable') {
      const provenance = { reason: 'no recording covers the window', requested: { from: from.toISOString(), to: (flag.ended_at ?? maxTo).toISOString() }, checkedAt: now().toISOString() };
      if (await repo.markUnavailable(flag.id, provenance, correlationId)) {
        log.warn({ flagId, from }, 'no recording covers the flag: evidence unavailable');
        await deps.queue.send('flags.raised', { flagId, correlationId });
      }
      return;
    }

    const plan = segmentWindow(segments, d.from, d.to);
    const t0 = performance.now();
    const workDir = await mkdtemp(path.join(deps.workDir ?? os.tmpdir(), 'vigil-evidence-'));
    try {
      const clip = await extractClip({ segments: plan.segments, from: d.from, to: d.to, ffmpegPath, workDir });
      const blob = await blobs.put(createReadStream(clip.file), 'video/mp4');
      if (blob.sha256 !== clip.provenance.outputSha256) throw new Error(`stored clip hashes to ${blob.sha256}, not ${clip.provenance.outputSha256}`);
      const p = clip.provenance;
      const added = await repo.addClip(
        flag.id,
        { sha256: blob.sha256, size: blob.size, requestedFrom: d.from, requestedTo: d.to, coversFrom: new Date(p.startsAt), durationMs: p.durationMs, coverage: d.coverage, final: d.final, provenance: p },
        correlationId,
      );
      if (!added) return; // a newer or the last version got there first
      log.info({ flagId, version: added.version, coverage: d.coverage, sha256: blob.sha256, size: blob.size, durationMs: p.durationMs, segments: plan.segments.length, gaps: plan.gaps.length, ms: Math.round(performance.now() - t0) }, 'evidence clip attached');
      await deps.queue.send('flags.raised', { flagId, correlationId });
      // Still going on: the next, longer version when its seconds are recorded.
      if (!d.final) await deps.queue.send('flags.evidence', { flagId, correlationId }, { startAfter: Math.max(3, Math.round(settings.extendMs / 1000)) });
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  return async (job: JobPayloads['flags.evidence']): Promise<void> => {
    const ran = await withEvidenceLock(db, job.flagId, (repo) => step(repo, job));
    // Another run holds the flag: it asks for the next step itself.
    if (!ran) log.debug({ flagId: job.flagId }, 'evidence for this flag is being cut by another run');
  };
}
