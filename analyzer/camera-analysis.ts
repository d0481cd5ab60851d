import type { Logger } from '../core/log.js';
import type { DetectScheduler } from './detectors/detect-scheduler.js';
import type { Frame } from './detectors/detector.js';
import type { DevicePlace, FlagStore } from './flags/flag.store.js';
import type { ReferenceStore } from './flags/reference.store.js';
import { createMotionGate } from './frames/motion-gate.js';
import { createCameraEvents, ruleKey, type FlagEvent, type RenderSnapshot } from './rules/camera-events.js';
import { evaluateRule, reasonFor, relativeTo, type ActiveRule, type RelDetection } from './rules/rule-evaluator.js';
import { createTamperMonitor, type ReferenceScene, type TamperConfig, type TamperType } from './tamper/tamper-monitor.js';
import { TAMPER_REASONS } from './tamper/tamper-reasons.js';

export type AnalysisSettings = {
  idleDetectMs: number;
  streamLostMs: number;
  /** Missed frames tolerated while a rule's dwell builds up. */
  graceMs: number;
  /** A tamper condition gone this long ends its flag (covers a new holder re-learning the scene). */
  tamperCloseAfterMs: number;
  /** Analysed frames in a row without the condition before an event may end (default 3). */
  closeAfterMisses?: number;
  tamper?: Partial<TamperConfig>;
};

export type AnalysisDeps = {
  settings: AnalysisSettings;
  scheduler: Pick<DetectScheduler, 'detect'>;
  model: { name: string; version: string; sha256: string };
  flags: Pick<FlagStore, 'open' | 'close'>;
  references: Pick<ReferenceStore, 'save'>;
  snapshot: RenderSnapshot;
  /** Wall clock (ms); the stream-lost check reads it. */
  now: () => number;
  log: Logger;
};

/** What another analyzer needs to carry on with this camera without losing or doubling an event. */
export type CameraCheckpoint = { events: Record<string, FlagEvent>; everLive?: boolean; lastFrameMs?: number };

const TAMPER: TamperType[] = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved'];

/** People and animals come and go: a frame with one of them in it is no reference scene (furniture, cups and the like stay). */
const PASSERS_BY = new Set(['person', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe']);
const PASSER_BY_MIN_SCORE = 0.3;
const isPasserBy = (d: RelDetection) => PASSERS_BY.has(d.label) && d.score >= PASSER_BY_MIN_SCORE;

/**
 * What one camera's frames mean, with no process or timer of its own: tamper checks on every
 * frame, the shared model when the picture moves (or every idleDetectMs), the device's rules on
 * its answers, and the events and flags they make. Frames come from the supervisor; the clock and
 * the detector are passed in, so the event logic runs in unit tests with a fake of each.
 */
export function createCameraAnalysis(deviceId: string, place: DevicePlace, deps: AnalysisDeps, init: { rules: ActiveRule[]; checkpoint: CameraCheckpoint; reference: ReferenceScene | null; watchingFromMs?: number }) {
  const { settings: s, log } = deps;
  const tamper = createTamperMonitor({ config: s.tamper, reference: init.reference });
  const motion = createMotionGate({ idleMs: s.idleDetectMs });
  const events = createCameraEvents({ deviceId, place, model: deps.model, flags: deps.flags, snapshot: deps.snapshot, log, graceMs: s.graceMs, tamperCloseAfterMs: s.tamperCloseAfterMs, closeAfterMisses: s.closeAfterMisses ?? 3 }, init.checkpoint.events);
  let rules = init.rules;
  events.adopt(rules);
  let everLive = init.checkpoint.everLive ?? false;
  // Silence is counted from when this holder started watching, not from the last holder's last frame.
  let lastFrameMs = init.watchingFromMs ?? deps.now();
  // Frames are judged in stream-time order. A frame not newer than this is a late one: a pull
  // restarted on the same broadcast is sent the cached pictures again, and a picture held back in
  // a pipe can come out after the stream was declared lost (the silence up to then is judged).
  let judgedUntilMs = Number.NEGATIVE_INFINITY;
  // How far behind the stream the last frame was handed over (decoding, probing, a busy machine):
  // silence is counted from when a picture was due, not from its stream time, so a decoder that
  // lags does not make a live stream look lost — up to half the stream-lost time, so a picture
  // from long ago does not hold the loss off either.
  let lagMs = 0;
  let lastFrame: Frame | null = null;
  let lastDets: RelDetection[] = [];
  /** The model has answered (or failed: then it cannot keep passers-by out of the scene) at least once. */
  let modelAnswered = false;
  let lastEvalMs = 0;
  let pendingDetections = 0;
  let stopped = false;
  const tamperMetrics: Partial<Record<TamperType, Record<string, number>>> = {};
  const stats = { frames: 0, detections: 0, lateFrames: 0, lastError: '' };
  // Live frames are handled one at a time; one arriving meanwhile waits, and a newer one replaces
  // it (the analysis rate is a ceiling, never a backlog). Everything runs on one chain, in order.
  let draining = false;
  let waiting: { frame: Frame; atMs: number } | null = null;
  let chain: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>) => (chain = chain.then(fn).catch((err: unknown) => log.error({ err, deviceId }, 'camera analysis step failed')));
  const failed = (err: unknown) => (stats.lastError = err instanceof Error ? err.message : String(err));

  /** One frame: tamper checks, then the model (beside the frame loop, or in order when `sync`), then the rules. */
  async function handle(frame: Frame, atMs: number, sync = false) {
    if (atMs <= judgedUntilMs) {
      stats.lateFrames++;
      return;
    }
    judgedUntilMs = atMs;
    lagMs = Math.min(Math.max(0, deps.now() - atMs), s.streamLostMs / 2);
    stats.frames++;
    lastFrame = frame;
    const wasLost = events.get('tamper:stream_lost');
    everLive = true;
    lastFrameMs = atMs;
    if (wasLost) await events.close('tamper:stream_lost', { ...wasLost, lastTrueMs: atMs });

    // While no reference scene is known, the model's last answer says whether someone (or an
    // animal) is in the picture: such frames are not learned from.
    const learningScene = tamper.reference() === null;
    const t = tamper.feed(atMs, frame, { occupied: !learningScene ? false : modelAnswered ? lastDets.some(isPasserBy) : null });
    for (const tr of t.transitions) if (tr.active) tamperMetrics[tr.type] = tr.metrics;
    if (t.learned) {
      await deps.references.save(deviceId, t.learned, await deps.snapshot(frame, { boxes: [] }), new Date(atMs));
      log.info({ deviceId }, 'reference scene learned');
    }
    const active = new Set(tamper.active());
    for (const type of TAMPER) {
      await events.step(`tamper:${type}`, type, null, atMs, active.has(type), 1, () => ({ metrics: tamperMetrics[type] ?? {}, reason: TAMPER_REASONS[type], frame: { width: frame.width, height: frame.height } }), frame, tamper.onset(type) ?? undefined);
    }
    // The model also runs while the scene is being learned, rules or not (to keep passers-by out of it).
    if ((rules.length || learningScene) && !active.has('camera_covered') && motion.check(frame, atMs).run) {
      if (sync) {
        // Catching up on recorded video: in order, the model's answer before the next frame.
        const found = await deps.scheduler.detect(deviceId, frame);
        if (found) {
          stats.detections++;
          modelAnswered = true;
        }
        return evaluateRules(frame, atMs, found ? relativeTo(frame, found) : lastDets);
      }
      // The model runs beside the frame loop (tamper checks never wait for it); the rules are
      // evaluated when its answer comes. A frame the model never answered is not analysed.
      pendingDetections++;
      void deps.scheduler
        .detect(deviceId, frame)
        .then((found) => {
          if (!found || stopped) return;
          stats.detections++;
          modelAnswered = true;
          serial(() => evaluateRules(frame, atMs, relativeTo(frame, found)));
        })
        .catch((err: unknown) => ((modelAnswered = true), failed(err), log.error({ err, deviceId }, 'detection failed')))
        .finally(() => pendingDetections--);
      return;
    }
    // Nothing moved: the last answer still describes the picture.
    if (pendingDetections === 0) await evaluateRules(frame, atMs, lastDets);
  }

  /** Rules on one frame's detections. */
  async function evaluateRules(frame: Frame, atMs: number, dets: RelDetection[]) {
    if (atMs < lastEvalMs) return; // an answer overtaken by a later frame's
    lastEvalMs = atMs;
    lastDets = dets;
    const at = new Date(atMs);
    for (const rule of rules) {
      const v = evaluateRule(rule, dets, at);
      const since = events.get(ruleKey(rule))?.startedMs;
      await events.step(ruleKey(rule), rule.kind, rule, atMs, v.match, v.score, () => ({ boxes: v.boxes, count: v.count, zone: rule.definition.zone, reason: reasonFor(rule, v), dwellS: since ? Math.round((atMs - since) / 100) / 10 : rule.definition.minDwellS, frame: { width: frame.width, height: frame.height } }), frame);
    }
  }

  return {
    /** A live frame (latest wins while one is being handled). */
    offer(frame: Frame, atMs: number) {
      if (stopped) return;
      waiting = { frame, atMs };
      if (draining) return;
      draining = true;
      serial(async () => {
        while (waiting && !stopped) {
          const next: { frame: Frame; atMs: number } = waiting;
          waiting = null;
          await handle(next.frame, next.atMs).catch((err: unknown) => (failed(err), log.error({ err, deviceId }, 'frame handling failed')));
        }
        draining = false;
      });
    },
    /** A frame handled in order, the model's answer awaited (recorded video, frames held meanwhile). */
    handleInOrder: (frame: Frame, atMs: number) => handle(frame, atMs, true),
    /** Runs after everything queued so far (the supervisor's catch-up goes on the same chain). */
    serial,
    /** This holder watches live from now on (silence is counted from here). */
    watchingFrom(atMs: number) {
      lastFrameMs = atMs;
      lagMs = 0;
    },
    /**
     * Called about once a second. A short silence (a pull restarting, frames dropped) ends
     * nothing: no frame was analysed. Once no picture came for streamLostMs, the stream is lost:
     * every open event ends at its last sighting and a stream_lost flag opens.
     */
    checkStreamLost() {
      if (stopped || !everLive || events.get('tamper:stream_lost') || deps.now() - lastFrameMs - lagMs < s.streamLostMs) return;
      serial(async () => {
        const now = deps.now();
        if (stopped || events.get('tamper:stream_lost') || now - lastFrameMs - lagMs < s.streamLostMs) return;
        await events.endAll();
        // Nothing seen before the silence holds after it: a condition (raised or building up) must
        // be seen for its full duration on the pictures that come back, and the silence up to now is
        // judged — a late picture from before it neither ends this flag nor raises another.
        tamper.reset();
        judgedUntilMs = Math.max(judgedUntilMs, now);
        await events
          .open('tamper:stream_lost', 'stream_lost', null, { startedMs: lastFrameMs, lastTrueMs: now, peakScore: 1, peakAtMs: now }, { reason: TAMPER_REASONS.stream_lost, metrics: { silentS: Math.round((now - lastFrameMs) / 1000) } }, lastFrame)
          .catch((err: unknown) => log.error({ err, deviceId }, 'stream lost flag failed'));
      });
    },
    setRules(next: ActiveRule[]) {
      rules = next;
    },
    retireStaleEvents: () => events.retire(new Set(rules.map(ruleKey))),
    relearnReference: () => tamper.setReference(null),
    checkpoint: (): CameraCheckpoint => ({ events: events.snapshot(), everLive, lastFrameMs }),
    stats: () => ({ ...stats, openEvents: events.count(), lastFrameMs }),
    /** Stops taking frames; resolves when everything queued is done. */
    async stop() {
      stopped = true;
      await chain;
    },
  };
}
export type CameraAnalysis = ReturnType<typeof createCameraAnalysis>;
