import type { TamperType as FlagTamperType } from '../../core/analysis/rule-definition.js';
import type { Frame } from '../detectors/detector.js';
import { toGray, type Gray } from './luma.js';
import { DEFAULT_TAMPER_CONFIG, type TamperConfig } from './tamper-config.js';
import { frameDiff, meanStd, sceneSimilarity, sharpness, shrink, SIGNATURE_WIDTH } from './tamper-metrics.js';
import { medianReference, referenceGray, type ReferenceScene } from './scene-reference.js';

export { decodeReference, encodeReference, type ReferenceScene } from './scene-reference.js';
export { DEFAULT_TAMPER_CONFIG, type TamperConfig } from './tamper-config.js';

/** What the picture itself shows; 'stream_lost' (no frames at all) is decided by the frame source. */
export type TamperType = Exclude<FlagTamperType, 'stream_lost'>;
export type TamperTransition = { type: TamperType; active: boolean; atMs: number; metrics: Record<string, number> };

export type TamperMonitor = {
  /** Feed one analysed frame (atMs = wall-clock ms). Returns raise/clear transitions only. */
  /**
   * Feed one analysed frame (atMs = wall-clock ms). Returns raise/clear transitions only.
   * `occupied`: the model last saw someone or an animal in the picture (true), or has not answered
   * yet (null). The reference scene is learned only from learnS of frames in a row without anyone:
   * an occupied frame restarts learning, an unknown one is skipped (a dog lying in view for the
   * whole learning time was learned into the scene).
   */
  feed(atMs: number, frame: Frame, opts?: { occupied?: boolean | null }): { transitions: TamperTransition[]; learned: ReferenceScene | null };
  active(): TamperType[];
  /** When an active condition began (the first frame of the run that raised it): the tampering's onset. */
  onset(type: TamperType): number | null;
  /**
   * Forget every condition, raised or pending, and the still-picture anchor (the reference scene is
   * kept): after the stream was lost, nothing seen before the silence says anything about the next
   * picture, which must hold a condition for its full duration again.
   */
  reset(): void;
  /** null → learn anew from the next good frames. */
  setReference(ref: ReferenceScene | null): void;
  reference(): ReferenceScene | null;
};

const TYPES: TamperType[] = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved'];
/** A scene with someone in it all along is learned after this many learning times, from all its frames. */
const BUSY_LEARN_FACTOR = 3;

/** Cap on thumbnails kept while learning (the median of 25 is plenty; at 5 frames/s, 10 s is 50). */
const LEARN_KEEP = 25;

/** Frames gathered towards a reference scene, from when the window began. */
type LearnWindow = { startMs: number; thumbs: Gray[]; sharpness: number[] };

type State = { active: boolean; since: number | null; absentSince: number | null; onset: number | null };

/**
 * One camera's tamper state. Per frame each condition is observed present, absent or unknown
 * (blurred and moved without a reference; everything but covered while the picture is covered).
 * Present on every frame for its duration raises it; absent on every frame for `clearS` clears it;
 * unknown restarts both clocks and keeps what is active, so one odd frame never raises or clears.
 */
export function createTamperMonitor(opts: { config?: Partial<TamperConfig>; reference?: ReferenceScene | null } = {}): TamperMonitor {
  const cfg: TamperConfig = { ...DEFAULT_TAMPER_CONFIG, ...opts.config };
  const duration: Record<TamperType, number> = { camera_covered: cfg.coveredS, camera_blurred: cfg.blurredS, picture_frozen: cfg.frozenS, view_moved: cfg.movedS };
  const states = Object.fromEntries(TYPES.map((t) => [t, { active: false, since: null, absentSince: null, onset: null }])) as Record<TamperType, State>;
  let ref: ReferenceScene | null = null;
  let refGray: Gray | null = null;
  let lastMs: number | null = null;
  let anchor: Gray | null = null; // first frame of the current still run
  let anchorMs = 0;
  let proved = false; // a key frame of the still run repeated the picture exactly
  let prevSample: Uint8Array | null = null; // every 7th byte of the previous frame (a copy: callers may reuse their buffer)
  let learning: LearnWindow | null = null;
  // Every good frame, people or not: a scene never empty for BUSY_LEARN_FACTOR × learnS (a busy
  // kitchen, a street) is learned from the median of these instead of never (then nothing could
  // tell that the camera was turned).
  let busy: LearnWindow | null = null;

  const setReference = (r: ReferenceScene | null) => {
    ref = r;
    refGray = r ? referenceGray(r) : null;
    learning = null;
    busy = null;
    for (const t of ['camera_blurred', 'view_moved'] as const) states[t].since = states[t].absentSince = null;
  };
  setReference(opts.reference ?? null);

  const step = (t: TamperType, present: boolean | null, atMs: number, metrics: Record<string, number>, run: { sinceMs?: number; holdS?: number } = {}): TamperTransition | null => {
    const s = states[t];
    if (present === null) {
      s.since = s.absentSince = null;
      return null;
    }
    if (present) {
      s.absentSince = null;
      if (s.active) return null;
      s.since ??= Math.min(atMs, run.sinceMs ?? atMs);
      if (atMs - s.since < (run.holdS ?? duration[t]) * 1000) return null;
      s.active = true;
      s.onset = s.since;
      return { type: t, active: true, atMs, metrics: { ...metrics, heldS: (atMs - s.since) / 1000 } };
    }
    s.since = null;
    if (!s.active) return null;
    s.absentSince ??= atMs;
    if (atMs - s.absentSince < cfg.clearS * 1000) return null;
    s.active = false;
    s.absentSince = null;
    s.onset = null;
    return { type: t, active: false, atMs, metrics };
  };

  const feed = (atMs: number, frame: Frame, opts?: { occupied?: boolean | null }) => {
    if (lastMs !== null && (atMs - lastMs > cfg.maxGapS * 1000 || atMs < lastMs)) {
      for (const t of TYPES) states[t].since = states[t].absentSince = null;
      anchor = null;
      prevSample = null;
      learning = null;
      busy = null;
    }
    lastMs = atMs;
    const g = toGray(frame, cfg.analysisWidth);
    const { mean, std } = meanStd(g);
    const sharp = sharpness(g);
    const covered = (mean < cfg.darkMean && std < cfg.darkStd) || std < cfg.uniformStd;

    let still = false;
    let diff = { mean: 255, maxBlock: 255 };
    const sample = sampleBytes(frame.rgb);
    const exact = prevSample && prevSample.length === sample.length ? exactShare(prevSample, sample) : 0;
    prevSample = sample;
    if (anchor && anchor.width === g.width && anchor.height === g.height) {
      diff = frameDiff(g, anchor);
      // Unchanged on average, but most bytes differ from the last picture: fresh sensor noise, live.
      still = diff.mean < cfg.frozenMeanDiff && diff.maxBlock < cfg.frozenBlockDiff && exact >= cfg.liveShare;
    }
    if (!still) {
      anchor = g;
      anchorMs = atMs;
      proved = false;
    } else if (frame.key === true && exact >= cfg.frozenExactShare) proved = true;

    const thumb = shrink(g, refGray?.width ?? SIGNATURE_WIDTH, refGray?.height);
    const similarity = refGray ? sceneSimilarity(thumb, refGray) : NaN;
    const sharpnessRatio = ref ? sharp / Math.max(ref.sharpness, 1e-6) : NaN;
    const metrics: Record<string, number> = { brightness: mean, contrast: std, sharpness: sharp, frameDiff: diff.mean, blockDiff: diff.maxBlock, exactShare: Math.round(exact * 1000) / 1000 };
    if (ref) Object.assign(metrics, { sharpnessRatio, similarity });

    const transitions: TamperTransition[] = [];
    const push = (t: TamperTransition | null) => t && transitions.push(t);
    push(step('camera_covered', covered, atMs, metrics));
    push(step('picture_frozen', covered ? null : still, atMs, metrics, { sinceMs: anchorMs, holdS: proved ? cfg.frozenS : cfg.frozenUnprovedS }));
    push(step('camera_blurred', covered || !ref ? null : sharpnessRatio < cfg.blurRatio, atMs, metrics));
    push(step('view_moved', covered || !ref ? null : similarity < cfg.movedSimilarity, atMs, metrics));

    let learned: ReferenceScene | null = null;
    if (!ref) learned = learn(atMs, thumb, sharp, covered || sharp < cfg.minSharpness, opts?.occupied === true, still || opts?.occupied === null);
    return { transitions, learned };
  };

  /**
   * Bad frames (dark, blurred-looking, someone in view) restart learning; still ones and ones not
   * yet checked by the model are skipped (a frozen picture never completes it).
   */
  const learn = (atMs: number, thumb: Gray, sharp: number, bad: boolean, occupied: boolean, skip: boolean): ReferenceScene | null => {
    if (bad) {
      learning = null;
      busy = null;
      return null;
    }
    if (skip) return null;
    busy = collect(busy, atMs, thumb, sharp);
    if (occupied) {
      learning = null;
      return learnedFrom(busy, atMs, cfg.learnS * 1000 * BUSY_LEARN_FACTOR);
    }
    learning = collect(learning, atMs, thumb, sharp);
    return learnedFrom(learning, atMs, cfg.learnS * 1000);
  };

  /** Adds a frame to a learning window (the last LEARN_KEEP are kept). */
  const collect = (w: LearnWindow | null, atMs: number, thumb: Gray, sharp: number): LearnWindow => {
    const win = w ?? { startMs: atMs, thumbs: [], sharpness: [] };
    win.thumbs.push(thumb);
    win.sharpness.push(sharp);
    if (win.thumbs.length > LEARN_KEEP) {
      win.thumbs.shift();
      win.sharpness.shift();
    }
    return win;
  };

  /** The window's median becomes the reference once it spans `spanMs` with enough frames. */
  const learnedFrom = (w: LearnWindow, atMs: number, spanMs: number): ReferenceScene | null => {
    if (atMs - w.startMs < spanMs || w.thumbs.length < cfg.learnMinFrames) return null;
    const r = medianReference(w.thumbs, w.sharpness);
    setReference(r);
    return r;
  };

  return {
    feed,
    active: () => TYPES.filter((t) => states[t].active),
    onset: (t) => (states[t].active ? states[t].onset : null),
    reset() {
      for (const t of TYPES) Object.assign(states[t], { active: false, since: null, absentSince: null, onset: null });
      anchor = null;
      prevSample = null;
      proved = false;
      learning = null;
      busy = null;
      lastMs = null;
    },
    setReference,
    reference: () => ref,
  };
}

/** Every 7th byte of a picture: the share of equal bytes comes out the same, for a seventh of the work. */
function sampleBytes(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(rgb.length / 7));
  for (let i = 0, k = 0; i < rgb.length; i += 7, k++) out[k] = rgb[i];
  return out;
}

/** Share of equal bytes in two same-sized samples. */
function exactShare(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}
