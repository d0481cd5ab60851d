import type { Frame } from '../detectors/detector.js';

const W = 64;

/**
 * Cheap motion test on a 64-pixel-wide grey thumbnail (Frigate's lesson: a static scene should
 * cost almost nothing). The model runs when enough of the picture changed since the last
 * frame, and anyway every `idleMs`, so people standing still are still seen.
 */
export function createMotionGate(opts: { pixelDelta?: number; areaFraction?: number; idleMs: number }) {
  const pixelDelta = opts.pixelDelta ?? 20;
  const areaFraction = opts.areaFraction ?? 0.002;
  let prev: Uint8Array | null = null;
  let lastRunMs = Number.NEGATIVE_INFINITY;
  return {
    /** Whether to run the model on this frame; `changed` is the share of the picture that moved. */
    check(frame: Frame, atMs: number): { run: boolean; changed: number } {
      const thumb = thumbnail(frame);
      let changed = 1;
      if (prev && prev.length === thumb.length) {
        let n = 0;
        for (let i = 0; i < thumb.length; i++) if (Math.abs(thumb[i] - prev[i]) > pixelDelta) n++;
        changed = n / thumb.length;
      }
      prev = thumb;
      const run = changed >= areaFraction || atMs - lastRunMs >= opts.idleMs;
      if (run) lastRunMs = atMs;
      return { run, changed };
    },
  };
}

function thumbnail(frame: Frame): Uint8Array {
  const h = Math.max(1, Math.round((frame.height * W) / frame.width));
  const out = new Uint8Array(W * h);
  const sx = frame.width / W;
  const sy = frame.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < W; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let sum = 0;
      let n = 0;
      // Sample every other pixel of the cell: enough for a motion test, half the cost.
      for (let yy = y0; yy < y1; yy += 2) {
        let p = (yy * frame.width + x0) * 3;
        for (let xx = x0; xx < x1; xx += 2, p += 6) {
          sum += frame.rgb[p] * 77 + frame.rgb[p + 1] * 150 + frame.rgb[p + 2] * 29;
          n++;
        }
      }
      out[y * W + x] = n ? sum / n / 256 : 0;
    }
  }
  return out;
}
