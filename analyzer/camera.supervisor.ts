import type { Logger } from '../core/log.js';
import { createCameraAnalysis, type CameraCheckpoint } from './camera-analysis.js';
import type { DetectScheduler } from './detectors/detect-scheduler.js';
import type { Frame } from './detectors/detector.js';
import { renderSnapshot } from './evidence/snapshot.js';
import type { FlagStore, DevicePlace } from './flags/flag.store.js';
import type { ReferenceStore } from './flags/reference.store.js';
import { startFrameSource, type DecodeMode, type FrameSource } from './frames/ffmpeg-frames.js';
import type { ActiveRule } from './rules/rule-evaluator.js';
import type { ReferenceScene, TamperConfig } from './tamper/tamper-monitor.js';

export type { CameraCheckpoint } from './camera-analysis.js';

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
  /** Where frames come from (ffmpeg; a fake in unit tests). */
  startFrames?: typeof startFrameSource;
};

export type RecordingSource = {
  segmentMs: number;
  closedSegments(deviceId: string, fromMs: number, toMs: number): Promise<{ file: string; startedMs: number; endedMs: number }[]>;
  /** Whether the device is publishing now (its current segment will close). */
  recording(deviceId: string): Promise<boolean>;
};

/**
 * One camera: pulls frames with ffmpeg (restarted with back-off, one camera's failure never
 * touches another), catches up on recorded video after a takeover, and hands the frames to the
 * camera's analysis (tamper checks, model, rules, events: camera-analysis.ts).
 */
export function createCameraSupervisor(deviceId: string, place: DevicePlace, deps: CameraDeps, init: { rules: ActiveRule[]; checkpoint: CameraCheckpoint; reference: ReferenceScene | null; catchUpFromMs?: number }) {
  const { settings: s, log } = deps;
  const analysis = createCameraAnalysis(deviceId, place, { settings: s, scheduler: deps.scheduler, model: deps.model, flags: deps.flags, references: deps.references, snapshot: (frame, o) => renderSnapshot(frame, { ...o, ffmpegPath: s.ffmpegPath }), now: Date.now, log }, { rules: init.rules, checkpoint: init.checkpoint, reference: init.reference, watchingFromMs: init.catchUpFromMs });
  let stopped = false;
  let source: FrameSource | null = null;
  let mode: DecodeMode = s.decode === 'auto' ? 'keyframes' : s.decode;
  const stats = { restarts: 0, caughtUpFrames: 0 };
  // After a takeover: the time the last holder stopped seeing, analysed from the recording first.
  let catchingUp = deps.recordings !== undefined && init.catchUpFromMs !== undefined;
  let firstLiveMs: number | null = null;
  const liveBacklog: { frame: Frame; atMs: number }[] = [];

  function onFrame(frame: Frame, atMs: number) {
    if (stopped) return;
    if (catchingUp) {
      firstLiveMs ??= atMs;
      // Held until the recorded gap before them is analysed (at most two minutes of frames).
      if (liveBacklog.length < s.fps * 120) liveBacklog.push({ frame, atMs });
      return;
    }
    analysis.offer(frame, atMs);
  }

  /** Stream lost: the camera was live and no picture came for streamLostMs. */
  const lostTimer = setInterval(() => {
    if (!stopped && !catchingUp) analysis.checkStreamLost();
  }, 1000);
  lostTimer.unref();

  async function run() {
    let failures = 0;
    while (!stopped) {
      const started = Date.now();
      let frames = 0;
      const judge: { timer: NodeJS.Timeout | null; switched: boolean } = { timer: null, switched: false };
      // Frames come stamped with their stream time; the key-frame rate is judged on when they arrive.
      const src = (deps.startFrames ?? startFrameSource)({ ffmpegPath: s.ffmpegPath, url: deps.source.url, headers: deps.source.headers, realtime: deps.source.realtime, preInput: deps.source.preInput, fps: s.fps, width: s.width, mode, readTimeoutMs: 10_000 }, (f, at) => {
        if (++frames === 1 && s.decode === 'auto' && mode === 'keyframes') {
          const firstArrivalMs = Date.now();
          judge.timer = setTimeout(() => judgeKeyFrames(firstArrivalMs), 8000);
        }
        onFrame(f, at);
      });
      source = src;
      // Auto: key frames only while they come often enough for the analysis rate. The rate is
      // measured from the first frame: the seconds ffmpeg takes to connect and probe (longer on a
      // busy machine) are no evidence of sparse key frames, and switching needlessly would
      // restart the pull and decode every frame from then on.
      const judgeKeyFrames = (firstAtMs: number) => {
        const rate = (frames - 1) / ((Date.now() - firstAtMs) / 1000);
        if (rate < 0.6 * s.fps) {
          log.info({ deviceId, keyframesPerS: Math.round(rate * 100) / 100 }, 'key frames too sparse for the analysis rate: decoding every frame');
          mode = 'all';
          judge.switched = true;
          src.stop();
        }
      };
      const r = await src.done;
      if (judge.timer) clearTimeout(judge.timer);
      if (stopped) break;
      const ranMs = Date.now() - started;
      if (frames > 0 && ranMs > 10_000) failures = 0;
      else failures++;
      if (mode === 'all' && frames > 0 && judge.switched) failures = 0; // the switch above
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
      // Each frame at its time in the segment (from the seek point), not at its count × the rate.
      const src = startFrameSource({ ffmpegPath: s.ffmpegPath, url: seg.file, fps: s.fps, width: s.width, mode: 'all', originMs: seg.startedMs + offsetMs, preInput: ['-ss', (offsetMs / 1000).toFixed(3), '-t', ((untilMs - seg.startedMs - offsetMs) / 1000).toFixed(3)] }, (f, atMs) => {
        batch.push({ frame: f, atMs });
      });
      await src.done;
      for (const b of batch) {
        if (stopped) break;
        await analysis.handleInOrder(b.frame, b.atMs);
        frames++;
      }
    }
    log.info({ deviceId, fromMs, toMs, segments: segments.length, frames, ms: Date.now() - started }, 'caught up on the recording an earlier analyzer did not see');
    stats.caughtUpFrames = frames;
  }

  if (catchingUp) {
    analysis.serial(async () => {
      await catchUp(init.catchUpFromMs!).catch((err: unknown) => log.error({ err, deviceId }, 'catch-up failed; carrying on live'));
      // The live frames held meanwhile, in order; frames arriving during that are held too, for a
      // few rounds (a model too busy to ever drain them falls back to the latest frame).
      analysis.watchingFrom(Date.now());
      let held = 0;
      for (let round = 0; round < 4 && liveBacklog.length && !stopped; round++) {
        for (const h of liveBacklog.splice(0)) {
          if (stopped) break;
          held++;
          await analysis.handleInOrder(h.frame, h.atMs).catch((err: unknown) => log.error({ err, deviceId }, 'frame handling failed'));
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
    setRules: analysis.setRules,
    /** Rules whose version changed or that were removed end their open events. */
    retireStaleEvents: analysis.retireStaleEvents,
    relearnReference: analysis.relearnReference,
    checkpoint: analysis.checkpoint,
    stats: () => ({ ...analysis.stats(), ...stats, mode }),
    /** ffmpeg's pid (for CPU accounting in benchmarks). */
    sourcePid: () => source?.child.pid ?? null,
    async stop() {
      stopped = true;
      clearInterval(lostTimer);
      source?.stop();
      await running;
      await analysis.stop();
    },
  };
}
export type CameraSupervisor = ReturnType<typeof createCameraSupervisor>;
