import type { Frame } from '../detectors/detector.js';

/** A small 8-bit grayscale picture (row-major, one byte a pixel). */
export type Gray = { width: number; height: number; data: Uint8Array };

/**
 * Area-average downscale of an RGB24 frame to `width` columns of BT.601 luma, keeping the
 * aspect ratio (never upscales). Each source pixel is read once and lands in exactly one output
 * pixel (box filter with integer-boundary boxes): one pass, no temporary frame, about 1 ms for
 * 768×576 and 2 ms for 1280×720 on one core (bench/tamper.bench.ts).
 */
export function toGray(frame: Frame, width = 128): Gray {
  const sw = frame.width;
  const sh = frame.height;
  if (sw <= 0 || sh <= 0 || frame.rgb.length < sw * sh * 3) throw new Error(`toGray: bad frame ${sw}×${sh} (${frame.rgb.length} bytes)`);
  const w = Math.max(1, Math.min(Math.round(width), sw));
  const h = Math.max(1, Math.min(sh, Math.round((sh * w) / sw)));
  // Output column of every source column, and how many source columns/rows each output pixel sums.
  const colOf = new Uint16Array(sw);
  const colCount = new Uint32Array(w);
  for (let x = 0; x < sw; x++) {
    const ox = Math.floor((x * w) / sw);
    colOf[x] = ox;
    colCount[ox]++;
  }
  const acc = new Float64Array(w);
  const out = new Uint8Array(w * h);
  const rgb = frame.rgb;
  let oy = 0;
  let rows = 0;
  for (let y = 0; y < sh; y++) {
    let p = y * sw * 3;
    for (let x = 0; x < sw; x++, p += 3) acc[colOf[x]] += 299 * rgb[p] + 587 * rgb[p + 1] + 114 * rgb[p + 2];
    rows++;
    const next = Math.floor(((y + 1) * h) / sh);
    if (next !== oy || y === sh - 1) {
      const base = oy * w;
      for (let ox = 0; ox < w; ox++) {
        out[base + ox] = Math.min(255, Math.round(acc[ox] / (1000 * colCount[ox] * rows)));
        acc[ox] = 0;
      }
      oy = next;
      rows = 0;
    }
  }
  return { width: w, height: h, data: out };
}
