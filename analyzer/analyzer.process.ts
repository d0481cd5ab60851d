import path from 'node:path';
import { parseRuleDefinition } from '../core/analysis/rule-definition.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import type { Config } from '../core/config.js';
import { createDb } from '../core/db/connect.js';
import { startHeartbeat } from '../core/heartbeat.js';
import { internalToken } from '../core/internal-token.js';
import type { Logger } from '../core/log.js';
import { startQueue } from '../core/queue.js';
import { createCameraSupervisor, type CameraCheckpoint, type CameraSupervisor } from './camera.supervisor.js';
import { createDetector } from './detectors/detector-registry.js';
import { createDetectScheduler } from './detectors/detect-scheduler.js';
import { flagEvidenceWorker } from './evidence/flag-evidence.worker.js';
import { createReadingRules, type ReadingRules } from './sensors/reading-rules.js';
import { createReadingStore } from './sensors/reading.store.js';
import { createFlagStore } from './flags/flag.store.js';
import { createReferenceStore } from './flags/reference.store.js';
import { createLeaseManager } from './leases/lease-manager.js';
import type { ActiveRule } from './rules/rule-evaluator.js';

/**
 * The analyzer process: takes its share of the cameras through leases, runs one supervisor per
 * camera (frames → tamper checks → model on motion → rules → flags), and cuts evidence clips
 * for flags, ongoing ones too (pg-boss 'flags.evidence'). Several can run against one database.
 */
export async function startAnalyzer(config: Config, appUrl: string, log: Logger) {
  const { db } = createDb(appUrl, 6);
  const blobsDir = path.join(config.dataDir, 'blobs');
  const blobs = createFsBlobStore(blobsDir);
  const a = config.analyzer;
  const detector = createDetector(a.detector, { threads: a.threads, workers: a.workers, inputSize: a.inputSize, log });
  await detector.load();
  const scheduler = createDetectScheduler(detector);
  const supervisors = new Map<string, CameraSupervisor>();
  const beat = startHeartbeat(db, 'analyzer', log, () => ({ detector: detector.model, cameras: supervisors.size, ...scheduler.stats() }));
  let readingRules: ReadingRules | null = null;
  const queue = await startQueue({
    url: appUrl,
    owner: 'analyzer',
    handlers: {
      // Sensors that reported in the last quarter hour (the rules are idempotent; the overlap covers a missed minute).
      'readings.evaluate': async () => void (await readingRules?.sweep(new Date(Date.now() - 15 * 60_000))),
      'flags.evidence': flagEvidenceWorker({
        db,
        blobs,
        blobsDir,
        ffmpegPath: config.ffmpegPath,
        queue: { send: (n: 'flags.raised' | 'flags.evidence', p: { flagId: string; correlationId?: string }, options?: { startAfter: number }) => queue.send(n, p, options) },
        log: log.child({ module: 'evidence' }),
        preRollS: a.preRollS,
        postRollS: a.postRollS,
        firstClipS: a.firstClipS,
        extendEveryS: a.extendEveryS,
        maxClipS: a.maxClipS,
      }),
    },
    log: log.child({ module: 'queue' }),
  });
  const flags = createFlagStore({ db, blobs, queue, analyzer: beat.instance });
  readingRules = createReadingRules({ store: createReadingStore(db), flags, log: log.child({ module: 'sensor-rules' }) });
  const references = createReferenceStore({ db, blobs, analyzer: beat.instance });
  const leases = createLeaseManager({ db, holder: beat.instance, ttlMs: a.leaseTtlMs, maxCameras: a.maxCameras, log: log.child({ module: 'leases' }) });
  const token = internalToken(config);
  const relearnSeen = new Map<string, number>();

  const settings = { ffmpegPath: config.ffmpegPath, fps: a.fps, width: a.frameWidth, decode: a.decode, idleDetectMs: a.idleDetectMs, streamLostMs: a.streamLostMs, graceMs: Math.max(1500, 2500 / a.fps), tamperCloseAfterMs: 30_000 };

  async function rulesFor(deviceIds: string[]): Promise<Map<string, ActiveRule[]>> {
    const out = new Map<string, ActiveRule[]>(deviceIds.map((id) => [id, []]));
    if (!deviceIds.length) return out;
    const rows = await db.selectFrom('analysis_rules').selectAll().where('device_id', 'in', deviceIds).where('enabled', '=', true).execute();
    for (const r of rows) {
      try {
        out.get(r.device_id)!.push({ id: r.id, version: r.version, kind: r.kind, name: r.name, definition: parseRuleDefinition(r.kind, r.definition) });
      } catch (err) {
        log.warn({ err, ruleId: r.id }, 'rule unreadable; skipped');
      }
    }
    return out;
  }

  /** Closed recorded segments, read in place from the blob store (for catching up after a takeover). */
  const recordings = {
    segmentMs: config.recording.segmentMs,
    async closedSegments(deviceId: string, fromMs: number, toMs: number) {
      const rows = await db.selectFrom('recording_segments').select(['blob_sha256', 'started_at', 'ended_at']).where('device_id', '=', deviceId).where('purged_at', 'is', null).where('ended_at', '>', new Date(fromMs)).where('started_at', '<', new Date(toMs)).orderBy('started_at').execute();
      return rows.map((r) => ({ file: path.join(blobsDir, r.blob_sha256.slice(0, 2), r.blob_sha256.slice(2, 4), r.blob_sha256), startedMs: r.started_at.getTime(), endedMs: r.ended_at.getTime() }));
    },
    async recording(deviceId: string) {
      return !!(await db.selectFrom('publish_sessions').select('id').where('device_id', '=', deviceId).where('ended_at', 'is', null).executeTakeFirst());
    },
  };
  /** At most this much unseen video is analysed after a takeover (a long outage is not replayed). */
  const CATCH_UP_MAX_MS = 5 * 60_000;

  async function startCamera(deviceId: string, checkpoint: CameraCheckpoint, rules: ActiveRule[]) {
    const place = await flags.place(deviceId);
    if (!place) return;
    // Open flags of this camera that the checkpoint does not know (a holder that died before it
    // wrote one) are continued, not duplicated.
    const events = { ...(checkpoint.events ?? {}) };
    for (const f of await flags.active(deviceId)) {
      const key = f.rule_id ? `rule:${f.rule_id}:${f.rule_version}` : `tamper:${f.type}`;
      if (Object.values(events).some((e) => e.flagId === f.id)) continue;
      const last = Math.max(f.started_at.getTime(), f.peak_at?.getTime() ?? 0);
      events[key] = { flagId: f.id, startedMs: f.started_at.getTime(), lastTrueMs: last, peakScore: f.peak_score ?? 0, peakAtMs: f.peak_at?.getTime() ?? last };
    }
    const ref = await references.load(deviceId);
    relearnSeen.set(deviceId, ref.relearnAt?.getTime() ?? 0);
    const seenUntil = checkpoint.everLive && checkpoint.lastFrameMs ? Math.max(checkpoint.lastFrameMs, Date.now() - CATCH_UP_MAX_MS) : undefined;
    const sup = createCameraSupervisor(deviceId, place, { settings, source: { url: `${config.streamsInternal.url}/live/${deviceId}.flv`, headers: { Authorization: `Bearer ${token}` } }, scheduler, model: detector.model, flags, references, recordings, log: log.child({ camera: deviceId }) }, { rules, checkpoint: { ...checkpoint, events }, reference: ref.scene, catchUpFromMs: seenUntil });
    supervisors.set(deviceId, sup);
    await sup.retireStaleEvents();
  }

  const stopCameras = async (ids: string[]) => {
    await Promise.all(ids.map(async (id) => {
      const sup = supervisors.get(id);
      supervisors.delete(id);
      await sup?.stop();
      finalCheckpoints.set(id, sup?.checkpoint() ?? { events: {} });
    }));
  };
  const finalCheckpoints = new Map<string, CameraCheckpoint>();
  const checkpointOf = (id: string) => (supervisors.get(id)?.checkpoint() ?? finalCheckpoints.get(id) ?? { events: {} }) as Record<string, unknown>;

  let ticking = false;
  async function tick() {
    if (ticking) return;
    ticking = true;
    try {
      const r = await leases.tick(checkpointOf, stopCameras);
      finalCheckpoints.clear();
      const rules = await rulesFor(leases.held());
      for (const acq of r.acquired) {
        if (!supervisors.has(acq.deviceId)) await startCamera(acq.deviceId, acq.checkpoint as CameraCheckpoint, rules.get(acq.deviceId) ?? []);
      }
      for (const [id, sup] of supervisors) {
        sup.setRules(rules.get(id) ?? []);
        await sup.retireStaleEvents();
      }
      // An officer asked for a camera's scene to be learned again.
      const held = leases.held();
      if (held.length) {
        const asks = await db.selectFrom('device_reference_scenes').select(['device_id', 'relearn_requested_at']).where('device_id', 'in', held).where('relearn_requested_at', 'is not', null).execute();
        for (const q of asks) {
          const at = q.relearn_requested_at!.getTime();
          if (at > (relearnSeen.get(q.device_id) ?? 0)) {
            relearnSeen.set(q.device_id, at);
            supervisors.get(q.device_id)?.relearnReference();
            log.info({ deviceId: q.device_id }, 'relearning the reference scene on request');
          }
        }
      }
    } catch (err) {
      log.error({ err }, 'analyzer tick failed');
    } finally {
      ticking = false;
    }
  }
  await tick();
  const timer = setInterval(() => void tick(), Math.max(1000, Math.floor(a.leaseTtlMs / 3)));
  log.info({ detector: detector.model.name, version: detector.model.version, inputSize: a.inputSize, workers: detector.concurrency, fps: a.fps, decode: a.decode, instance: beat.instance }, 'analyzer started');

  return {
    instance: beat.instance,
    cameras: () => [...supervisors.keys()],
    stats: () => Object.fromEntries([...supervisors].map(([id, s]) => [id, s.stats()])),
    async stop() {
      clearInterval(timer);
      while (ticking) await new Promise((r) => setTimeout(r, 50));
      const ids = [...supervisors.keys()];
      await stopCameras(ids);
      await leases.releaseAll(checkpointOf).catch((err: unknown) => log.warn({ err }, 'could not release camera leases'));
      beat.stop();
      await queue.stop();
      await detector.close();
      await db.destroy();
    },
  };
}
