import type { Gray } from './luma.js';

/** Mean brightness and standard deviation (contrast) of a grey picture, in grey levels. */
export function meanStd(g: Gray): { mean: number; std: number } {
  const d = g.data;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < d.length; i++) {
    s += d[i];
    s2 += d[i] * d[i];
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(Math.max(0, s2 / d.length - mean * mean)) };
}

/** Variance of the 4-neighbour Laplacian over the interior of a w×h float or byte picture. */
function laplacianVariance(d: ArrayLike<number>, w: number, h: number): number {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const l = 4 * d[i] - d[i - 1] - d[i + 1] - d[i - w] - d[i + w];
      s += l;
      s2 += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const m = s / n;
  return Math.max(0, s2 / n - m * m);
}

/** Raw variance of the Laplacian (grey levels²): high for crisp detail, but it scales with contrast squared. */
export function laplacianVar(g: Gray): number {
  return laplacianVariance(g.data, g.width, g.height);
}

/**
 * Sharpness as a contrast-free focus measure: the variance of the Laplacian over the variance of
 * the picture. Blur removes fine detail first, so the ratio falls steadily with it (vtest.avi: 0.8–1.0
 * as people walk; box blur of 2, 3, 5, 10, 40 pixels at 768 columns: 0.52, 0.33, 0.13, 0.02, 0.002),
 * while a change of exposure, gain or night-time contrast scales both terms alike (a quarter of
 * the contrast: 1.02). The raw variance of the Laplacian does not: dusk with a quarter of the
 * daytime contrast would look "16 times blurrier". (A ratio of fine to coarse Laplacian energy was
 * tried and rejected: past a 40-pixel blur both scales hold only rounding noise and it rises again.)
 * Sensor noise raises it, which errs on the side of "not blurred" at night. 0 for a flat picture.
 */
export function sharpness(g: Gray): number {
  const { std } = meanStd(g);
  return std < 1 ? 0 : laplacianVariance(g.data, g.width, g.height) / (std * std);
}

/**
 * Mean absolute difference between two same-sized grey pictures, and the largest mean absolute
 * difference of any block of `block`×`block` pixels (a change confined to a small area, such as
 * an on-screen clock ticking, shows in the block figure long before it moves the mean).
 */
export function frameDiff(a: Gray, b: Gray, block = 8): { mean: number; maxBlock: number } {
  if (a.width !== b.width || a.height !== b.height) return { mean: 255, maxBlock: 255 };
  const w = a.width;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(a.height / block);
  const sums = new Float64Array(bw * bh);
  const counts = new Uint32Array(bw * bh);
  let total = 0;
  for (let y = 0; y < a.height; y++) {
    const row = Math.floor(y / block) * bw;
    for (let x = 0, i = y * w; x < w; x++, i++) {
      const d = Math.abs(a.data[i] - b.data[i]);
      total += d;
      const k = row + Math.floor(x / block);
      sums[k] += d;
      counts[k]++;
    }
  }
  let maxBlock = 0;
  for (let k = 0; k < sums.length; k++) maxBlock = Math.max(maxBlock, sums[k] / counts[k]);
  return { mean: total / a.data.length, maxBlock };
}

/**
 * Area-average downscale of a grey picture to `width` columns and `height` rows (by default the
 * height that keeps the aspect ratio); never upscales.
 */
export function shrink(g: Gray, width: number, height?: number): Gray {
  const w = Math.max(1, Math.min(Math.round(width), g.width));
  const h = Math.max(1, Math.min(g.height, Math.round(height ?? (g.height * w) / g.width)));
  const sums = new Float64Array(w * h);
  const counts = new Uint32Array(w * h);
  const cols = new Uint32Array(g.width);
  for (let x = 0; x < g.width; x++) cols[x] = Math.floor((x * w) / g.width);
  for (let y = 0; y < g.height; y++) {
    const row = Math.floor((y * h) / g.height) * w;
    for (let x = 0, i = y * g.width; x < g.width; x++, i++) {
      sums[row + cols[x]] += g.data[i];
      counts[row + cols[x]]++;
    }
  }
  const data = new Uint8Array(w * h);
  for (let k = 0; k < data.length; k++) data[k] = Math.round(sums[k] / counts[k]);
  return { width: w, height: h, data };
}

/** Columns of a scene signature: 32×24 for 4:3, 32×18 for 16:9 (one byte a cell). */
export const SIGNATURE_WIDTH = 32;

/**
 * How alike a picture's thumbnail is to a reference signature (both `shrink`ed to the same size),
 * from −1 to 1: the larger of two normalised cross-correlations, each of the 3×3-blurred thumbnails,
 * (a) of their brightness, normalised to zero mean and unit variance, and (b) of their gradient
 * magnitude. Why both, and why this size:
 * - At 32 columns a pedestrian is a cell or two wide, so people walking through cost little
 *   (vtest.avi: never below 0.94), while a view turned by a quarter of its width puts every edge
 *   and every bright area somewhere else (≈ 0.1–0.2, unrelated pictures −0.2–0.4).
 * - Brightness correlation ignores gain and offset (exposure, dusk, a uniform light change) and
 *   holds up on flat scenes with few edges, but a lamp switched on in a corner, or a window that is
 *   bright by day and black by night (polarity flips under infrared), breaks the tonal layout.
 * - Gradient magnitude keeps the structure (door frames, shelves, the window's outline) through
 *   those, whichever side is brighter, but is noisy where there are few edges.
 * A moved camera breaks both; a lighting change rarely breaks both at once, hence the maximum.
 */
export function sceneSimilarity(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) return 0;
  const A = blur3(a);
  const B = blur3(b);
  return Math.max(ncc(A, B), ncc(gradientMagnitude(A, a.width, a.height), gradientMagnitude(B, b.width, b.height)));
}

function blur3(g: Gray): Float32Array {
  const { width: w, height: h, data: d } = g;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++, n++) s += d[yy * w + xx];
      }
      out[y * w + x] = s / n;
    }
  }
  return out;
}

function gradientMagnitude(f: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) out[i] = Math.hypot(f[i + 1] - f[i - 1], f[i + w] - f[i - w]);
  }
  return out;
}

/** Normalised cross-correlation; 0 when either side is flat (a flat picture resembles nothing). */
function ncc(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  // Below 0.25 grey levels of standard deviation there is no picture to compare, only rounding.
  if (saa < 0.0625 * n || sbb < 0.0625 * n) return 0;
  return sab / Math.sqrt(saa * sbb);
}
