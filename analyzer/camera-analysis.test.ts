import { describe, expect, it } from 'vitest';
import { parseRuleDefinition } from '../core/analysis/rule-definition.js';
import { createLogger } from '../core/log.js';
import { createCameraAnalysis } from './camera-analysis.js';
import { createDetectScheduler } from './detectors/detect-scheduler.js';
import type { Detection, Detector, Frame } from './detectors/detector.js';
import type { FlagClose, FlagOpen } from './flags/flag.store.js';
import type { ActiveRule } from './rules/rule-evaluator.js';

// The event logic of one camera with a fake clock, a fake detector and fake stores: what ends an
// event is analysed frames without the object, never time in which nothing was analysed.
const W = 96;
const H = 72;
const DOG: Detection[] = [{ label: 'dog', score: 0.9, box: [20, 20, 60, 60] }];
/** The same animal, first taken for a cat at a lower score. */
const CAT: Detection[] = [{ label: 'cat', score: 0.5, box: [20, 20, 60, 60] }];

/** A textured picture with a small square that moves every frame (so the motion gate runs the model and no tamper check trips). */
function frame(i: number): Frame {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = ((x >> 3) + (y >> 3)) % 2 ? 200 : 60;
      const inSquare = Math.abs(x - 10 - ((i * 9) % 70)) < 6 && Math.abs(y - 36) < 6;
      rgb.fill(inSquare ? 255 : v + ((x * 7 + y * 13 + i) % 9), (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { width: W, height: H, rgb };
}

/** A lens cap: black with a little noise. */
function dark(i: number): Frame {
  const rgb = new Uint8Array(W * H * 3);
  for (let k = 0; k < rgb.length; k++) rgb[k] = 3 + ((k * 7 + i * 13) % 3);
  return { width: W, height: H, rgb };
}

/** A detector the test drives: it sees the dog, sees nothing, or stalls until released. */
function drivenDetector() {
  let mode: 'dog' | 'cat' | 'nothing' | 'stall' = 'dog';
  const stalled: ((d: Detection[]) => void)[] = [];
  const detector: Detector = {
    model: { name: 'fake', version: '1', sha256: '0'.repeat(64) },
    load: async () => {},
    close: async () => {},
    detect: () => (mode === 'stall' ? new Promise<Detection[]>((r) => stalled.push(r)) : Promise.resolve(mode === 'dog' ? DOG : mode === 'cat' ? CAT : [])),
  };
  return {
    detector,
    set: (m: typeof mode) => (mode = m),
    /** The stalled inferences answer now. */
    release: (answer: Detection[]) => stalled.splice(0).forEach((r) => r(answer)),
  };
}

function rig(opts: { streamLostMs?: number; noRules?: boolean } = {}) {
  let now = 0;
  const det = drivenDetector();
  const opened: FlagOpen[] = [];
  const closed: (FlagClose & { id: string })[] = [];
  const learned: number[] = [];
  const flags = {
    open: async (f: FlagOpen) => (opened.push(f), { id: `f${opened.length}`, created: true }),
    close: async (id: string, c: FlagClose) => (closed.push({ id, ...c }), true),
  };
  const rule: ActiveRule = { id: 'food', version: 1, kind: 'animal', name: '备餐台', definition: parseRuleDefinition('animal', { zone: null, minScore: 0.3, minDwellS: 1, cooldownS: 4 }) };
  const place = { deviceId: 'cam', siteId: 's', businessId: 'b', agencyId: 'a', category: 'food' };
  const analysis = createCameraAnalysis(
    'cam',
    place,
    {
      settings: { idleDetectMs: 10_000, streamLostMs: opts.streamLostMs ?? 60_000, graceMs: 1500, tamperCloseAfterMs: 30_000 },
      scheduler: createDetectScheduler(det.detector),
      model: det.detector.model,
      flags: flags as never,
      references: { save: async (_device: string, _scene: unknown, _jpeg: Buffer, at: Date) => void learned.push(at.getTime()) },
      snapshot: async () => Buffer.alloc(0),
      now: () => now,
      log: createLogger('silent'),
    },
    { rules: opts.noRules ? [] : [rule], checkpoint: { events: {} }, reference: null },
  );
  /** Lets every answer given so far be evaluated (no timers: pending promises and the camera's chain). */
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setImmediate(r));
      await analysis.serial(async () => {});
    }
  };
  let n = 0;
  /** Live frames every 500 ms of the clock from `fromMs` to `toMs`, with the once-a-second stream check. */
  const frames = async (fromMs: number, toMs: number, picture: (i: number) => Frame = frame) => {
    for (let t = fromMs; t <= toMs; t += 500) {
      now = t;
      analysis.offer(picture(n++), t);
      if (t % 1000 === 0) analysis.checkStreamLost();
      await settle();
    }
  };
  /** The clock runs with no frame at all (a pull restarting, a stream gone), checked every second. */
  const quiet = async (untilMs: number) => {
    while (now < untilMs) {
      now += 1000;
      analysis.checkStreamLost();
      await settle();
    }
  };
  /** One frame stamped `atMs` (its stream time) arriving when the clock reads `nowMs`. */
  const late = async (atMs: number, nowMs: number, picture: Frame) => {
    now = nowMs;
    analysis.offer(picture, atMs);
    await settle();
  };
  const ruleFlags = () => opened.filter((f) => f.source === 'rule');
  const ofType = (type: string) => opened.map((f, i) => ({ ...f, id: `f${i + 1}` })).filter((f) => f.type === type);
  return { det, analysis, frames, quiet, late, settle, opened, closed, ruleFlags, ofType, learned };
}

describe('camera analysis: events end on analysed frames', () => {
  it('the model stalls for longer than the cooldown, its first answer after misses the dog, then sightings resume: one event', async () => {
    const r = rig();
    await r.frames(0, 3000);
    expect(r.ruleFlags()).toHaveLength(1);
    r.det.set('stall');
    await r.frames(3500, 13_500); // 10 s of frames, none answered
    r.det.set('nothing');
    r.det.release([]); // the stalled frame's answer: no dog (one miss)
    await r.settle(); // …and the latest waiting frame's: no dog either
    r.det.set('dog');
    await r.frames(14_000, 16_000);
    expect(r.ruleFlags()).toHaveLength(1);
    expect(r.closed).toEqual([]);
    expect(r.analysis.checkpoint().events['rule:food:1']).toMatchObject({ flagId: 'f1', startedMs: 0, lastTrueMs: 16_000 });
  });

  it('no frame at all for longer than the cooldown (a pull restarting), then the dog again: one event', async () => {
    const r = rig();
    await r.frames(0, 3000);
    await r.quiet(13_000);
    await r.frames(13_500, 15_000);
    expect(r.ruleFlags()).toHaveLength(1);
    expect(r.closed).toEqual([]);
  });

  it('analysed frames without the dog over the cooldown end the event, at its last sighting', async () => {
    const r = rig();
    await r.frames(0, 3000);
    r.det.set('nothing');
    await r.frames(3500, 6500);
    expect(r.closed).toEqual([]); // misses, but not yet a cooldown's worth of them
    await r.frames(7000, 7000);
    expect(r.closed).toHaveLength(1);
    expect(r.closed[0]).toMatchObject({ id: 'f1', endedAt: new Date(3000) });
    await r.frames(7500, 9000);
    expect(r.ruleFlags()).toHaveLength(1);
  });

  it('a stream lost ends the open event at its last sighting and raises stream_lost', async () => {
    const r = rig({ streamLostMs: 6000 });
    await r.frames(0, 3000);
    await r.quiet(8000);
    expect(r.closed).toEqual([]);
    await r.quiet(10_000);
    expect(r.closed).toEqual([expect.objectContaining({ id: 'f1', endedAt: new Date(3000) })]);
    expect(r.opened.map((f) => f.type)).toEqual(['animal', 'stream_lost']);
    expect(r.opened[1].startedAt).toEqual(new Date(3000));
  });
});

describe('camera analysis: a stopped stream (issue 12, item 8)', () => {
  it('one stream_lost at the configured silence; a picture from before it, coming out late, neither ends it nor raises a tamper flag; a returning covered camera needs the full hold again', async () => {
    const r = rig({ streamLostMs: 6000 });
    r.det.set('nothing');
    await r.frames(0, 12_000); // the scene is learned
    await r.frames(12_500, 30_000, dark); // covered
    expect(r.ofType('camera_covered')).toHaveLength(1);
    // The flag starts when the picture went dark (its evidence clip's pre-roll then shows how), not when it was raised.
    expect(r.ofType('camera_covered')[0].startedAt).toEqual(new Date(12_500));
    await r.quiet(35_000);
    expect(r.ofType('stream_lost')).toEqual([]);
    await r.quiet(36_000);
    // Lost at the last picture + 6 s, the covered flag ended at its last sighting.
    expect(r.ofType('stream_lost')).toHaveLength(1);
    expect(r.ofType('stream_lost')[0].startedAt).toEqual(new Date(30_000));
    const covered = r.ofType('camera_covered')[0];
    expect(r.closed.find((c) => c.id === covered.id)?.endedAt).toEqual(new Date(30_000));
    const closedSoFar = r.closed.length;

    // A picture ffmpeg had held back comes out after the loss, stamped with its stream time.
    await r.late(30_500, 40_000, dark(999));
    await r.quiet(100_000);
    expect(r.ofType('stream_lost')).toHaveLength(1);
    expect(r.ofType('camera_covered')).toHaveLength(1);
    expect(r.closed).toHaveLength(closedSoFar);
    expect(r.analysis.stats().lateFrames).toBe(1);

    // The camera comes back, still covered: stream_lost ends, covered is raised only after its full hold.
    await r.frames(100_500, 104_000, dark);
    const lost = r.ofType('stream_lost')[0];
    expect(r.closed.find((c) => c.id === lost.id)?.endedAt).toEqual(new Date(100_500));
    expect(r.ofType('camera_covered')).toHaveLength(1);
    await r.frames(104_500, 112_000, dark);
    const again = r.ofType('camera_covered');
    expect(again).toHaveLength(2);
    expect(again[1].startedAt).toEqual(new Date(100_500));
  });

  it('a decoder 3 s behind the stream, then a pull restart of 3.5 s: not lost (silence is counted from when pictures were due); a real stop is', async () => {
    const r = rig({ streamLostMs: 6000 });
    for (let t = 3000; t <= 20_000; t += 500) await r.late(t - 3000, t, frame(t)); // stamped with their stream time, 3 s behind
    for (let t = 21_000; t <= 23_500; t += 500) await r.quiet(t);
    for (let t = 24_000; t <= 30_000; t += 500) await r.late(t - 3000, t, frame(t));
    expect(r.ofType('stream_lost')).toEqual([]);
    await r.quiet(35_000);
    expect(r.ofType('stream_lost')).toEqual([]);
    await r.quiet(36_000); // last picture 27 s + its 3 s lag + 6 s
    expect(r.ofType('stream_lost')).toHaveLength(1);
    expect(r.ofType('stream_lost')[0].startedAt).toEqual(new Date(27_000));
  });

  it('a pull restarted on the same broadcast is sent the cached pictures again: they are not analysed twice', async () => {
    const r = rig();
    await r.frames(0, 3000);
    const before = r.analysis.stats().frames;
    await r.late(2000, 3500, frame(2)); // the GOP cache again
    await r.late(3000, 3600, frame(3));
    expect(r.analysis.stats()).toMatchObject({ frames: before, lateFrames: 2 });
    await r.frames(3500, 4000);
    expect(r.analysis.stats().frames).toBe(before + 2);
  });
});

describe('camera analysis: what a flag says', () => {
  it('an animal first taken for a cat, then clearly a dog: the flag ends saying dog, in its boxes and its reason', async () => {
    const r = rig();
    r.det.set('cat');
    await r.frames(0, 2000);
    expect(r.ruleFlags()).toHaveLength(1);
    r.det.set('dog');
    await r.frames(2500, 4000);
    r.det.set('nothing');
    await r.frames(4500, 9000);
    expect(r.closed).toHaveLength(1);
    const detail = r.closed[0].detail as { reason: { zh: string; en: string }; boxes: { label: string }[] };
    expect(detail.boxes.map((b) => b.label)).toEqual(['dog']);
    expect(detail.reason).toEqual({ zh: '画面内出现动物：狗', en: 'animal in the picture: dog' });
  });
});

describe('camera analysis: the reference scene', () => {
  for (const noRules of [false, true]) {
    it(`is not learned while the model sees a dog in the picture, and is learned once it has gone${noRules ? ' (a camera without rules too)' : ''}`, async () => {
      const r = rig({ noRules });
      await r.frames(0, 20_000); // 20 s with the dog: twice the learning time
      expect(r.learned).toEqual([]);
      r.det.set('nothing');
      await r.frames(20_500, 32_000);
      expect(r.learned).toHaveLength(1);
      // Learned from the frames after the dog left: not before 10 s of them (learnS).
      expect(r.learned[0]).toBeGreaterThanOrEqual(30_500);
    });
  }

  it('a scene never without someone in it (a busy kitchen) is learned after three learning times, not never', async () => {
    const r = rig();
    await r.frames(0, 25_000); // the dog all along
    expect(r.learned).toEqual([]);
    await r.frames(25_500, 32_000);
    expect(r.learned).toHaveLength(1);
    expect(r.learned[0]).toBeGreaterThanOrEqual(30_000);
  });

  it('a picture without anyone in it is learned after the learning time, as before', async () => {
    const r = rig();
    r.det.set('nothing');
    await r.frames(0, 12_000);
    expect(r.learned).toHaveLength(1);
  });
});
