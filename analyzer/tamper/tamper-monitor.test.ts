import { describe, expect, it } from 'vitest';
import type { Frame } from '../detectors/detector.js';
import { toGray } from './luma.js';
import { meanStd } from './tamper-metrics.js';
import { createTamperMonitor, decodeReference, encodeReference, type TamperMonitor, type TamperTransition } from './tamper-monitor.js';

// Synthetic 320×240 frames: a textured scene (a seeded grid of grey 20-pixel cells, sharp edges),
// per-frame sensor noise, a "person" walking through, and the tampered variants.
const W = 320;
const H = 240;
const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
type SceneOpts = { seed?: number; noiseSeed?: number; noise?: number; person?: number; scale?: number; offset?: number; shiftX?: number };

function scene(o: SceneOpts = {}): Frame {
  const r = rand(o.seed ?? 1);
  const cells = Array.from({ length: 12 * 32 }, () => Math.floor(r() * 200) + 20);
  const n = rand(o.noiseSeed ?? 7);
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = cells[Math.floor(y / 20) * 32 + Math.floor((x + (o.shiftX ?? 0)) / 20)] * (o.scale ?? 1) + (o.offset ?? 0);
      if (o.person !== undefined && Math.abs(x - ((o.person * 13) % W)) < 12 && y > 120) v = 60 * (o.scale ?? 1) + (o.offset ?? 0);
      v += (n() - 0.5) * 2 * (o.noise ?? 3);
      const c = Math.max(0, Math.min(255, Math.round(v)));
      rgb[(y * W + x) * 3] = rgb[(y * W + x) * 3 + 1] = rgb[(y * W + x) * 3 + 2] = c;
    }
  }
  return { width: W, height: H, rgb };
}
/** The live camera: noise differs every frame, someone walks through. */
const live = (i: number) => scene({ noiseSeed: i + 100, person: i });
/** A lens cap: black with a little noise. */
const black = (i: number) => scene({ noiseSeed: i + 100, scale: 0, offset: 3, noise: 2 });
/** 3×3-cell box blur of a frame (repeated 4 times: heavy defocus). */
function blurred(f: Frame, passes = 4): Frame {
  let src = f.rgb;
  for (let p = 0; p < passes; p++) {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let s = 0;
        let k = 0;
        for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) {
          const yy = Math.min(H - 1, Math.max(0, y + dy));
          const xx = Math.min(W - 1, Math.max(0, x + dx));
          s += src[(yy * W + xx) * 3];
          k++;
        }
        out.fill(Math.round(s / k), (y * W + x) * 3, (y * W + x) * 3 + 3);
      }
    }
    src = out;
  }
  return { width: W, height: H, rgb: src };
}

type Log = { transitions: TamperTransition[]; learned: number[]; ms: number };
/** Feeds `frames(i)` every `stepMs` for `seconds`, continuing the log's clock. */
function run(mon: TamperMonitor, log: Log, seconds: number, frames: (i: number) => Frame, stepMs = 500) {
  for (let t = 0; t < seconds * 1000; t += stepMs) {
    log.ms += stepMs;
    const r = mon.feed(log.ms, frames(log.ms / stepMs));
    log.transitions.push(...r.transitions);
    if (r.learned) log.learned.push(log.ms);
  }
}
const newLog = (): Log => ({ transitions: [], learned: [], ms: 0 });
const learnedMonitor = () => {
  const mon = createTamperMonitor({});
  const log = newLog();
  run(mon, log, 12, live);
  expect(log.learned).toHaveLength(1);
  return { mon, log };
};

describe('tamper monitor (synthetic frames)', { timeout: 30_000 }, () => {
  it('learns the scene once after ~10 s of good frames, and again only after setReference(null)', () => {
    const { mon, log } = learnedMonitor();
    expect(log.learned[0]).toBeGreaterThanOrEqual(10_000);
    expect(log.learned[0]).toBeLessThanOrEqual(11_000);
    run(mon, log, 30, live);
    expect(log.learned).toHaveLength(1);
    expect(log.transitions).toEqual([]);
    mon.setReference(null);
    expect(mon.reference()).toBeNull();
    run(mon, log, 12, live);
    expect(log.learned).toHaveLength(2);
  });

  it('does not learn from dark frames, and a dark frame restarts learning', () => {
    const mon = createTamperMonitor({});
    const log = newLog();
    run(mon, log, 8, live);
    run(mon, log, 0.5, black);
    run(mon, log, 8, live);
    expect(log.learned).toEqual([]);
    run(mon, log, 3, live);
    expect(log.learned).toHaveLength(1);
  });

  it('raises covered only after 5 s (the flag starting at the first covered frame), ignores one bright frame in a covered run, clears after 5 s of picture', () => {
    const { mon, log } = learnedMonitor();
    const t0 = log.ms;
    run(mon, log, 4.5, black);
    expect(mon.active()).toEqual([]);
    run(mon, log, 0.5, live); // one odd frame: the 5 s start again
    run(mon, log, 4.5, black);
    expect(mon.active()).toEqual([]);
    run(mon, log, 1, black);
    expect(mon.active()).toEqual(['camera_covered']);
    expect(log.transitions.map((t) => [t.type, t.active, t.atMs - t0])).toEqual([['camera_covered', true, 10_500]]);
    expect(mon.onset('camera_covered')! - t0).toBe(5500); // the first black frame after the odd one
    run(mon, log, 0.5, live);
    run(mon, log, 4, black); // one picture frame does not clear it
    run(mon, log, 4.5, live);
    expect(mon.active()).toEqual(['camera_covered']);
    run(mon, log, 1, live);
    expect(mon.active()).toEqual([]);
    expect(mon.onset('camera_covered')).toBeNull();
    expect(log.transitions.map((t) => t.type)).toEqual(['camera_covered', 'camera_covered']);
  });

  it('a dim but textured picture is not covered', () => {
    const { mon, log } = learnedMonitor();
    const dim = (i: number) => scene({ noiseSeed: i + 100, person: i, scale: 0.25, offset: 5 });
    const { mean, std } = meanStd(toGray(dim(0)));
    expect(mean).toBeLessThan(40); // as dark as the covered threshold…
    expect(std).toBeGreaterThan(10); // …but textured
    run(mon, log, 30, dim);
    expect(mon.active()).not.toContain('camera_covered');
  });

  it('raises blurred after 20 s of heavy blur, not moved, and not at all while covered', () => {
    const { mon, log } = learnedMonitor();
    const blurry = blurred(live(0));
    const t0 = log.ms;
    run(mon, log, 25, () => blurry);
    const raise = log.transitions.find((t) => t.type === 'camera_blurred' && t.active);
    expect(raise?.atMs).toBe(t0 + 500 + 20_000); // first blurred frame at t0 + 500
    expect(raise!.metrics.sharpnessRatio).toBeLessThan(0.3);
    expect(mon.active()).toContain('camera_blurred');
    expect(mon.active()).not.toContain('view_moved');

    const other = learnedMonitor();
    run(other.mon, other.log, 30, black);
    expect(other.mon.active()).toEqual(['camera_covered']);
  });

  it('raises frozen 8 s after the picture stopped changing when frames repeat it exactly (the flag starting then), clears on live frames; live noise alone never freezes', () => {
    const { mon, log } = learnedMonitor();
    run(mon, log, 60, (i) => scene({ noiseSeed: i + 100 })); // static scene, live noise
    expect(log.transitions).toEqual([]);
    const still = live(3);
    const t0 = log.ms;
    run(mon, log, 30, () => ({ ...still, key: true }));
    const raise = log.transitions.find((t) => t.type === 'picture_frozen' && t.active);
    // The first repeated frame (t0 + 500) is where the picture stopped changing.
    expect(raise?.atMs).toBe(t0 + 500 + 8000);
    expect(mon.onset('picture_frozen')).toBe(t0 + 500);
    expect(raise!.metrics.exactShare).toBe(1);
    expect(log.transitions.filter((t) => t.active).map((t) => t.type)).toEqual(['picture_frozen']);
    run(mon, log, 6, live);
    expect(mon.active()).toEqual([]);
  });

  // H.264 as a decoder hands it over: between key frames a static scene's picture is repeated
  // (skipped blocks), every key frame brings the sensor's noise again; a frozen feed repeats its
  // picture through key frames too, but one key frame may come back re-quantised.
  const gop = (picture: (keyIndex: number) => Frame, gopFrames: number) => {
    let last: Frame | null = null;
    return (i: number): Frame => {
      if (i % gopFrames === 0 || !last) last = { ...picture(Math.floor(i / gopFrames)), key: true };
      return { ...last, key: i % gopFrames === 0 };
    };
  };
  /** The same picture with its grey levels changed by one in a few places (a key frame coded at another quantiser). */
  const requantised = (f: Frame): Frame => ({ ...f, rgb: f.rgb.map((v, k) => (k % 5 === 0 ? Math.min(255, v + 1) : v)) });

  it('a live static scene through H.264 (2 s GOP, key frames with fresh noise, exact repeats between) is never frozen', () => {
    const { mon, log } = learnedMonitor();
    run(mon, log, 90, gop((k) => scene({ noiseSeed: k + 500, noise: 1.5 }), 4));
    expect(log.transitions).toEqual([]);
  });

  it('a frozen feed through H.264 (key frames repeat the picture; one comes back re-quantised) is raised 8 s after it froze', () => {
    const { mon, log } = learnedMonitor();
    const still = live(3);
    const t0 = log.ms;
    run(mon, log, 20, (i) => ({ ...(i % 8 === 4 ? requantised(still) : still), key: i % 4 === 0 }));
    const raise = log.transitions.find((t) => t.type === 'picture_frozen' && t.active);
    expect(raise?.atMs).toBeLessThanOrEqual(t0 + 500 + 8000 + 2000); // proved at its first key frame
    expect(raise?.atMs).toBeGreaterThanOrEqual(t0 + 500 + 8000);
  });

  it('a still picture that no key frame repeated exactly (a long GOP) needs 30 s', () => {
    const { mon, log } = learnedMonitor();
    const still = live(3);
    const t0 = log.ms;
    run(mon, log, 40, (i) => ({ ...still, key: i < 0 })); // never a key frame
    const raise = log.transitions.find((t) => t.type === 'picture_frozen' && t.active);
    expect(raise?.atMs).toBe(t0 + 500 + 30_000);
  });

  it('raises moved after 10 s when the view is turned, not for a lighting change, and not while covered', () => {
    const { mon, log } = learnedMonitor();
    run(mon, log, 30, (i) => scene({ noiseSeed: i + 100, person: i, scale: 0.5, offset: 10 })); // dusk: half the contrast
    run(mon, log, 30, (i) => scene({ noiseSeed: i + 100, person: i, scale: 0.9, offset: 40 })); // lights on
    expect(log.transitions).toEqual([]);
    const t0 = log.ms;
    run(mon, log, 20, (i) => scene({ noiseSeed: i + 100, person: i, shiftX: 160 })); // turned by half a picture
    const raise = log.transitions.find((t) => t.type === 'view_moved' && t.active);
    expect(raise?.atMs).toBe(t0 + 500 + 10_000);
    expect(mon.onset('view_moved')).toBe(t0 + 500);
    expect(raise!.metrics.similarity).toBeLessThan(0.5);
    expect(mon.active()).toEqual(['view_moved']);

    const other = learnedMonitor();
    run(other.mon, other.log, 30, black);
    expect(other.mon.active()).toEqual(['camera_covered']);
  });

  it('a reference survives encode/decode and is used as given (no learning)', () => {
    const { mon } = learnedMonitor();
    const ref = mon.reference()!;
    const back = decodeReference(encodeReference(ref));
    expect(back).toEqual(ref);
    expect(ref.width * ref.height).toBe(ref.signature.length);
    expect(() => decodeReference(Buffer.from('nope'))).toThrow(/not an encoded reference/);
    const given = createTamperMonitor({ reference: back });
    const log = newLog();
    run(given, log, 20, (i) => scene({ noiseSeed: i + 100, person: i, shiftX: 160 }));
    expect(log.learned).toEqual([]);
    expect(given.active()).toEqual(['view_moved']);
  });

  it('a gap in the frames restarts pending conditions instead of counting as evidence', () => {
    const { mon, log } = learnedMonitor();
    run(mon, log, 3, black);
    log.ms += 60_000;
    run(mon, log, 3, black);
    expect(mon.active()).toEqual([]);
    run(mon, log, 3, black);
    expect(mon.active()).toEqual(['camera_covered']);
  });

  it('reset() forgets raised and pending conditions: a still-covered picture needs the full hold again', () => {
    const { mon, log } = learnedMonitor();
    run(mon, log, 8, black);
    expect(mon.active()).toEqual(['camera_covered']);
    mon.reset();
    expect(mon.active()).toEqual([]);
    expect(mon.reference()).not.toBeNull();
    const t0 = log.ms;
    run(mon, log, 6, black);
    expect(log.transitions.filter((t) => t.active).map((t) => t.atMs - t0)).toEqual([expect.any(Number), 5500]);
  });
});

describe('tamper monitor: frames whose kind is unknown', () => {
  it('exact repeats prove nothing (they could be skipped blocks between key frames): a still is raised after 30 s', () => {
    const { mon, log } = learnedMonitor();
    const still = live(3);
    const t0 = log.ms;
    run(mon, log, 35, () => still);
    expect(log.transitions.find((t) => t.type === 'picture_frozen' && t.active)?.atMs).toBe(t0 + 500 + 30_000);
  }, 30_000);
});
