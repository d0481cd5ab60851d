import type { FlagDetail } from '../core/analysis/flag-contract.js';
import type { FlagType } from '../core/analysis/rule-definition.js';
import type { Logger } from '../core/log.js';
import type { DetectScheduler } from './detectors/detect-scheduler.js';
import type { Frame } from './detectors/detector.js';
import { renderSnapshot } from './evidence/snapshot.js';
import type { FlagStore, DevicePlace } from './flags/flag.store.js';
import type { ReferenceStore } from './flags/reference.store.js';
import { startFrameSource, type DecodeMode, type FrameSource } from './frames/ffmpeg-frames.js';
import { createMotionGate } from './frames/motion-gate.js';
import { createEventMerger, type EventMerger, type OpenEvent } from './rules/event-merger.js';
import { evaluateRule, reasonFor, relativeTo, type ActiveRule, type RelDetection } from './rules/rule-evaluator.js';
import { createTamperMonitor, type ReferenceScene, type TamperConfig, type TamperType } from './tamper/tamper-monitor.js';
import { TAMPER_REASONS } from './tamper/tamper-reasons.js';

export type CameraSettings = {
  ffmpegPath: string;
  fps: number;
  width: number;
  decode: 'auto' | DecodeMode;
  idleDetectMs: number;
  streamLostMs: number;
  /** Missed frames tolerated while a rule's dwell builds up. */
  graceMs: number;
  /** A tamper condition gone this long ends its flag (covers a new holder re-learning the scene). */
  tamperCloseAfterMs: number;
  tamper?: Partial<TamperConfig>;
};

export type CameraDeps = {
  settings: CameraSettings;
  source: { url: string; headers?: Record<string, string>; realtime?: boolean; preInput?: string[] };
  scheduler: DetectScheduler;
  model: { name: string; version: string; sha256: string };
  flags: FlagStore;
  references: ReferenceStore;
  /** Closed recorded segments (for catching up after a takeover). */
  recordings?: RecordingSource;
  log: Logger;
};

export type RecordingSource = {
  segmentMs: number;
  closedSegments(deviceId: string, fromMs: number, toMs: number): Promise<{ file: string; startedMs: number; endedMs: number }[]>;
  /** Whether the device is publishing now (its current segment will close). */
  recording(deviceId: string): Promise<boolean>;
};

/** What another analyzer needs to carry on with this camera without losing or doubling an event. */
export type CameraCheckpoint = {
  events: Record<string, OpenEvent & { flagId: string; detail?: FlagDetail }>;
  everLive?: boolean;
  lastFrameMs?: number;
};

const TAMPER: TamperType[] = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved'];
const ruleKey = (r: { id: string; version: number }) => `rule:${r.id}:${r.version}`;

/**
 * One camera: pulls frames with ffmpeg (restarted with back-off, one camera's failure never
 * touches another), checks tampering on every frame, runs the shared model when the picture
 * moves (or every idleDetectMs), evaluates the device's rules and turns sightings into flags.
 */
export function createCameraSupervisor(deviceId: string, place: DevicePlace, deps: CameraDeps, init: { rules: ActiveRule[]; checkpoint: CameraCheckpoint; reference: ReferenceScene | null; catchUpFromMs?: number }) {
  const { settings: s, log } = deps;
  const tamper = createTamperMonitor({ config: s.tamper, reference: init.reference });
  const motion = createMotionGate({ idleMs: s.idleDetectMs });
  const mergers = new Map<string, EventMerger>();
  const events: CameraCheckpoint['events'] = { ...init.checkpoint.events };
  let rules = init.rules;
  let everLive = init.checkpoint.everLive ?? false;
  // Silence is counted from when this holder started watching, not from the last holder's last
  // frame; after a takeover, the checkpoint says "seen until" the catch-up's progress.
  let lastFrameMs = init.catchUpFromMs ?? Date.now();
  let lastFrame: Frame | null = null;
  let lastDets: RelDetection[] = [];
  let lastEvalMs = 0;
  let pendingDetections = 0;
  const tamperMetrics: Partial<Record<TamperType, Record<string, number>>> = {};
  let stopped = false;
  let source: FrameSource | null = null;
  let mode: DecodeMode = s.decode === 'auto' ? 'keyframes' : s.decode;
  const stats = { frames: 0, detections: 0, restarts: 0, caughtUpFrames: 0, lastError: '' as string };
  // Frames are handled one at a time; a frame that arrives while one is being handled waits,
  // and a newer one replaces it (the analysis rate is a ceiling, never a backlog).
  // After a takeover: the time the last holder stopped seeing, analysed from the recording first.
  let catchingUp = deps.recordings !== undefined && init.catchUpFromMs !== undefined;
  let firstLiveMs: number | null = null;
  const liveBacklog: { frame: Frame; atMs: number }[] = [];
  let draining = false;
  let waiting: { frame: Frame; atMs: number } | null = null;
  let chain: Promise<void> = Promise.resolve();

  const mergerFor = (key: string, rule: ActiveRule | null) => {
    let m = mergers.get(key);
    if (!m) {
      m = rule
        ? createEventMerger({ minDwellMs: rule.definition.minDwellS * 1000, closeAfterMs: Math.max(rule.definition.cooldownS * 1000, s.graceMs), graceMs: s.graceMs })
        : createEventMerger({ minDwellMs: 0, closeAfterMs: s.tamperCloseAfterMs, graceMs: 0 });
      const ev = events[key];
      if (ev) m.resume(ev);
      mergers.set(key, m);
    }
    return m;
  };

  // Events carried over from another holder continue under mergers of their own.
  for (const key of Object.keys(events)) {
    if (key.startsWith('tamper:') && key !== 'tamper:stream_lost') mergerFor(key, null);
    const rule = rules.find((r) => ruleKey(r) === key);
    if (rule) mergerFor(key, rule);
  }

  async function openFlag(key: string, type: FlagType, rule: ActiveRule | null, ev: OpenEvent, detail: FlagDetail, frame: Frame | null) {
    const snapshotJpeg = frame ? await renderSnapshot(frame, { boxes: detail.boxes ?? [], zone: detail.zone ?? null, ffmpegPath: s.ffmpegPath }).catch((err: unknown) => (log.warn({ err }, 'snapshot failed'), null)) : null;
    const r = await deps.flags.open({
      place,
      source: rule ? 'rule' : 'tamper',
      type,
      rule: rule ? { id: rule.id, version: rule.version } : null,
      model: rule ? deps.model : null,
      startedAt: new Date(ev.startedMs),
      peakScore: ev.peakScore,
      peakAt: new Date(ev.peakAtMs),
      detail,
      snapshotJpeg,
    });
    events[key] = { ...ev, flagId: r.id, detail };
    log.info({ deviceId, type, flagId: r.id, created: r.created }, 'flag raised');
  }

  async function closeFlag(key: string, ev: OpenEvent) {
    const open = events[key];
    delete events[key];
    if (!open) return;
    const detail = { ...(open.detail ?? {}), durationS: Math.round((ev.lastTrueMs - ev.startedMs) / 100) / 10 };
    await deps.flags.close(open.flagId, { endedAt: new Date(ev.lastTrueMs), peakScore: ev.peakScore, peakAt: new Date(ev.peakAtMs), detail });
    log.info({ deviceId, flagId: open.flagId }, 'flag ended');
  }

  async function step(key: string, type: FlagType, rule: ActiveRule | null, atMs: number, condition: boolean, score: number, detail: () => FlagDetail, frame: Frame) {
    const m = mergerFor(key, rule);
    const r = m.feed(atMs, condition, score);
    if (r.kind === 'open') {
      try {
        await openFlag(key, type, rule, r.event, detail(), frame);
      } catch (err) {
        // Not written: drop the event so the next sighting opens it afresh (no half-written flag).
        m.forceClose();
        throw err;
      }
    } else if (r.kind === 'peak' && events[key]) {
      const now = detail();
      Object.assign(events[key], r.event, { detail: { ...now, reason: events[key].detail?.reason ?? now.reason } });
    } else if (r.kind === 'close') {
      await closeFlag(key, r.event);
    } else if (condition && events[key]) {
      events[key].lastTrueMs = atMs;
    }
  }

  async function handle(frame: Frame, atMs: number, sync = false) {
    stats.frames++;
    lastFrame = frame;
    const wasLost = events['tamper:stream_lost'];
    everLive = true;
    lastFrameMs = atMs;
    if (wasLost) await closeFlag('tamper:stream_lost', { ...wasLost, lastTrueMs: atMs });

    const t = tamper.feed(atMs, frame);
    for (const tr of t.transitions) if (tr.active) tamperMetrics[tr.type] = tr.metrics;
    if (t.learned) {
      const jpeg = await renderSnapshot(frame, { boxes: [], ffmpegPath: s.ffmpegPath });
      await deps.references.save(deviceId, t.learned, jpeg, new Date(atMs));
      log.info({ deviceId }, 'reference scene learned');
    }
    const active = new Set(tamper.active());
    for (const type of TAMPER) {
      await step(`tamper:${type}`, type, null, atMs, active.has(type), 1, () => ({ metrics: tamperMetrics[type] ?? {}, reason: TAMPER_REASONS[type], frame: { width: frame.width, height: frame.height } }), frame);
    }

    if (sync && rules.length && !active.has('camera_covered') && motion.check(frame, atMs).run) {
      // Catching up on recorded video: in order, the model's answer before the next frame.
      const found = await deps.scheduler.detect(deviceId, frame);
      if (found) stats.detections++;
      await evaluateRules(frame, atMs, found ? relativeTo(frame, found) : lastDets);
      return;
    }
    if (!sync && rules.length && !active.has('camera_covered') && motion.check(frame, atMs).run) {
      // The model runs beside the frame loop (tamper checks never wait for it); the rules are
      // evaluated when its answer comes. A newer moving frame replaces one still waiting.
      pendingDetections++;
      void deps.scheduler
        .detect(deviceId, frame)
        .then((found) => {
          if (!found || stopped) return;
          stats.detections++;
          chain = chain.then(() => evaluateRules(frame, atMs, relativeTo(frame, found))).catch((err: unknown) => log.error({ err, deviceId }, 'rule evaluation failed'));
        })
        .catch((err: unknown) => {
          stats.lastError = err instanceof Error ? err.message : String(err);
          log.error({ err, deviceId }, 'detection failed');
        })
        .finally(() => pendingDetections--);
      return;
    }
    if (pendingDetections === 0) await evaluateRules(frame, atMs, lastDets);
  }

  /** Rules on one frame's detections (a still picture reuses the last ones: nothing moved). */
  async function evaluateRules(frame: Frame, atMs: number, dets: RelDetection[]) {
    if (atMs < lastEvalMs) return; // an answer overtaken by a later frame's
    lastEvalMs = atMs;
    lastDets = dets;
    const at = new Date(atMs);
    for (const rule of rules) {
      const v = evaluateRule(rule, dets, at);
      const key = ruleKey(rule);
      const since = events[key]?.startedMs;
      await step(key, rule.kind, rule, atMs, v.match, v.score, () => ({ boxes: v.boxes, count: v.count, zone: rule.definition.zone, reason: reasonFor(rule, v), dwellS: since ? Math.round((atMs - since) / 100) / 10 : rule.definition.minDwellS, frame: { width: frame.width, height: frame.height } }), frame);
    }
  }

  function onFrame(frame: Frame, atMs: number) {
    if (stopped) return;
    if (catchingUp) {
      firstLiveMs ??= atMs;
      // Held until the recorded gap before them is analysed (at most two minutes of frames).
      if (liveBacklog.length < s.fps * 120) liveBacklog.push({ frame, atMs });
      return;
    }
    waiting = { frame, atMs };
    if (draining) return;
    draining = true;
    chain = chain.then(async () => {
      while (waiting && !stopped) {
        const next: { frame: Frame; atMs: number } = waiting;
        waiting = null;
        try {
          await handle(next.frame, next.atMs);
        } catch (err) {
          stats.lastError = err instanceof Error ? err.message : String(err);
          log.error({ err, deviceId }, 'frame handling failed');
        }
      }
      draining = false;
    });
  }

  /** No picture: nothing is seen any more, so open events run out their cooldown and end. */
  async function silence(atMs: number) {
    for (const [key, m] of mergers) {
      const r = m.feed(atMs, false, 0);
      if (r.kind === 'close') await closeFlag(key, r.event);
    }
  }

  /** Stream lost: the camera was live and no picture came for streamLostMs. */
  const lostTimer = setInterval(() => {
    if (stopped || !everLive || catchingUp) return;
    const quietMs = Date.now() - lastFrameMs;
    if (quietMs > Math.max(3000, 3000 / s.fps) && !draining) {
      chain = chain.then(() => (Date.now() - lastFrameMs > 3000 ? silence(Date.now()) : undefined)).catch((err: unknown) => log.error({ err, deviceId }, 'closing events failed'));
    }
    if (events['tamper:stream_lost'] || quietMs < s.streamLostMs) return;
    chain = chain.then(async () => {
      if (stopped || events['tamper:stream_lost'] || Date.now() - lastFrameMs < s.streamLostMs) return;
      const now = Date.now();
      await openFlag('tamper:stream_lost', 'stream_lost', null, { startedMs: lastFrameMs, lastTrueMs: now, peakScore: 1, peakAtMs: now }, { reason: TAMPER_REASONS.stream_lost, metrics: { silentS: Math.round((now - lastFrameMs) / 1000) } }, lastFrame).catch((err: unknown) => log.error({ err, deviceId }, 'stream lost flag failed'));
    });
  }, 1000);
  lostTimer.unref();

  async function run() {
    let failures = 0;
    while (!stopped) {
      const started = Date.now();
      let frames = 0;
      const src = startFrameSource({ ffmpegPath: s.ffmpegPath, url: deps.source.url, headers: deps.source.headers, realtime: deps.source.realtime, preInput: deps.source.preInput, fps: s.fps, width: s.width, mode, readTimeoutMs: 10_000 }, (f, at) => {
        frames++;
        onFrame(f, at);
      });
      source = src;
      // Auto: key frames only while they come often enough for the analysis rate.
      const check = s.decode === 'auto' && mode === 'keyframes' ? setTimeout(() => {
        const rate = frames / ((Date.now() - started) / 1000);
        if (frames > 0 && rate < 0.6 * s.fps) {
          log.info({ deviceId, keyframesPerS: Math.round(rate * 100) / 100 }, 'key frames too sparse for the analysis rate: decoding every frame');
          mode = 'all';
          src.stop();
        }
      }, 8000) : null;
      const r = await src.done;
      if (check) clearTimeout(check);
      if (stopped) break;
      const ranMs = Date.now() - started;
      if (frames > 0 && ranMs > 10_000) failures = 0;
      else failures++;
      if (mode === 'all' && frames > 0 && r.signal === 'SIGKILL' && ranMs < 9000) failures = 0; // the switch above
      stats.restarts++;
      const backoff = failures === 0 ? 250 : Math.min(15_000, 500 * 2 ** Math.min(failures, 5));
      log.debug({ deviceId, code: r.code, frames, backoff, err: r.stderr.slice(-300) }, 'frame source ended');
      await new Promise((res) => setTimeout(res, backoff));
    }
  }

  /**
   * No event lost between holders: the video the dead analyzer never saw — from its last frame to
   * this holder's first — is analysed from the recorded segments (once they are closed), in order,
   * through the same mergers, before the live frames held meanwhile.
   */
  async function catchUp(fromMs: number) {
    const rec = deps.recordings!;
    const started = Date.now();
    while (firstLiveMs === null && Date.now() - started < 15_000 && !stopped) await new Promise((r) => setTimeout(r, 200));
    const toMs = firstLiveMs ?? Date.now();
    let segments = await rec.closedSegments(deviceId, fromMs, toMs);
    // The segment being written when we started closes within a segment's length.
    while (!stopped && (segments.at(-1)?.endedMs ?? 0) < toMs - 1000 && Date.now() - started < rec.segmentMs + 20_000 && (await rec.recording(deviceId))) {
      await new Promise((r) => setTimeout(r, 500));
      segments = await rec.closedSegments(deviceId, fromMs, toMs);
    }
    let frames = 0;
    for (const seg of segments) {
      if (stopped) break;
      const offsetMs = Math.max(0, fromMs - seg.startedMs);
      const untilMs = Math.min(seg.endedMs, toMs);
      if (untilMs <= seg.startedMs + offsetMs) continue;
      const batch: { frame: Frame; atMs: number }[] = [];
      let i = 0;
      const src = startFrameSource({ ffmpegPath: s.ffmpegPath, url: seg.file, fps: s.fps, width: s.width, mode: 'all', preInput: ['-ss', (offsetMs / 1000).toFixed(3), '-t', ((untilMs - seg.startedMs - offsetMs) / 1000).toFixed(3)] }, (f) => {
        batch.push({ frame: f, atMs: seg.startedMs + offsetMs + (i++ * 1000) / s.fps });
      });
      await src.done;
      for (const b of batch) {
        if (stopped) break;
        await handle(b.frame, b.atMs, true);
        frames++;
      }
    }
    log.info({ deviceId, fromMs, toMs, segments: segments.length, frames, ms: Date.now() - started }, 'caught up on the recording an earlier analyzer did not see');
    stats.caughtUpFrames = frames;
  }

  if (catchingUp) {
    chain = chain
      .then(() => catchUp(init.catchUpFromMs!))
      .catch((err: unknown) => log.error({ err, deviceId }, 'catch-up failed; carrying on live'))
      .then(async () => {
        // The live frames held meanwhile, in order; frames arriving during that are held too, for a
        // few rounds (a model too busy to ever drain them falls back to the latest frame).
        lastFrameMs = Date.now();
        let held = 0;
        for (let round = 0; round < 4 && liveBacklog.length && !stopped; round++) {
          for (const h of liveBacklog.splice(0)) {
            if (stopped) break;
            held++;
            await handle(h.frame, h.atMs, true).catch((err: unknown) => log.error({ err, deviceId }, 'frame handling failed'));
          }
        }
        catchingUp = false;
        const rest = liveBacklog.splice(0);
        for (const h of rest) onFrame(h.frame, h.atMs);
        if (held) log.info({ deviceId, frames: held, skipped: Math.max(0, rest.length - 1) }, 'analysed the live frames held during the catch-up');
      });
  }
  const running = run();
  return {
    deviceId,
    setRules(next: ActiveRule[]) {
      rules = next;
    },
    /** Rules whose version changed or that were removed end their open events. */
    async retireStaleEvents() {
      const live = new Set(rules.map(ruleKey));
      for (const key of Object.keys(events)) {
        if (!key.startsWith('rule:') || live.has(key)) continue;
        const ev = mergers.get(key)?.forceClose() ?? events[key];
        mergers.delete(key);
        await closeFlag(key, ev);
      }
    },
    relearnReference() {
      tamper.setReference(null);
    },
    checkpoint(): CameraCheckpoint {
      return { events: JSON.parse(JSON.stringify(events)) as CameraCheckpoint['events'], everLive, lastFrameMs };
    },
    stats: () => ({ ...stats, mode, openEvents: Object.keys(events).length, lastFrameMs }),
    /** ffmpeg's pid (for CPU accounting in benchmarks). */
    sourcePid: () => source?.child.pid ?? null,
    async stop() {
      stopped = true;
      clearInterval(lostTimer);
      source?.stop();
      await running;
      await chain;
    },
  };
}
export type CameraSupervisor = ReturnType<typeof createCameraSupervisor>;
