import { describe, expect, it } from 'vitest';
import { toGray, type Gray } from './luma.js';
import { frameDiff, meanStd, sceneSimilarity, sharpness, shrink } from './tamper-metrics.js';

const rand = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
/** 128×96 grey picture of random 4-pixel cells (sharp edges), contrast `scale` around 128. */
function cells(seed = 1, scale = 1, shiftX = 0): Gray {
  const r = rand(seed);
  const v = Array.from({ length: 24 * 40 }, () => r() * 200 - 100);
  const data = new Uint8Array(128 * 96);
  for (let y = 0; y < 96; y++) for (let x = 0; x < 128; x++) data[y * 128 + x] = Math.round(128 + scale * v[Math.floor(y / 4) * 40 + Math.floor((x + shiftX) / 4)]);
  return { width: 128, height: 96, data };
}
function boxBlur(g: Gray, radius: number): Gray {
  const data = new Uint8Array(g.data.length);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      let s = 0;
      let n = 0;
      for (let yy = Math.max(0, y - radius); yy <= Math.min(g.height - 1, y + radius); yy++) {
        for (let xx = Math.max(0, x - radius); xx <= Math.min(g.width - 1, x + radius); xx++, n++) s += g.data[yy * g.width + xx];
      }
      data[y * g.width + x] = Math.round(s / n);
    }
  }
  return { ...g, data };
}

describe('toGray', () => {
  it('keeps the aspect ratio, averages whole areas, and weighs channels as BT.601 luma', () => {
    const hd = toGray({ width: 1280, height: 720, rgb: new Uint8Array(1280 * 720 * 3).fill(255) });
    expect([hd.width, hd.height, hd.data[0]]).toEqual([128, 72, 255]);
    expect([toGray({ width: 768, height: 576, rgb: new Uint8Array(768 * 576 * 3) }).width, toGray({ width: 768, height: 576, rgb: new Uint8Array(768 * 576 * 3) }).height]).toEqual([128, 96]);
    // 4×2 pure red | pure green, left/right halves, to 2×1: each output pixel is its half's luma.
    const rgb = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) rgb.set(x < 2 ? [255, 0, 0] : [0, 255, 0], (y * 4 + x) * 3);
    expect(Array.from(toGray({ width: 4, height: 2, rgb }, 2).data)).toEqual([77, 149]); // 0.299 × 255 = 76.2, 0.587 × 255 = 149.7, ±1 of fixed point
    // A checkerboard averages to mid grey, not to one of its squares.
    const cb = new Uint8Array(8 * 8 * 3);
    for (let i = 0; i < 64; i++) cb.fill(((i >> 3) + i) % 2 ? 255 : 0, i * 3, i * 3 + 3);
    expect(Array.from(toGray({ width: 8, height: 8, rgb: cb }, 4).data)).toEqual(Array(16).fill(128));
  });
});

describe('tamper metrics', () => {
  it('sharpness ignores contrast (dusk) but falls with blur', () => {
    const day = sharpness(cells(1, 1));
    expect(sharpness(cells(1, 0.25)) / day).toBeGreaterThan(0.85);
    expect(sharpness(cells(1, 0.25)) / day).toBeLessThan(1.15);
    const blurs = [1, 2, 4, 8, 16].map((r) => sharpness(boxBlur(cells(1), r)) / day);
    expect(blurs[0]).toBeLessThan(0.3);
    // Heavier blur never looks sharp again (only 8-bit rounding is left, far below the threshold).
    for (let i = 1; i < blurs.length; i++) expect(blurs[i]).toBeLessThan(0.1);
    expect(sharpness({ width: 128, height: 96, data: new Uint8Array(128 * 96).fill(40) })).toBe(0);
  });

  it('mean/std, and a change confined to one block shows in maxBlock, not in the mean', () => {
    const a = cells(2);
    const b = { ...a, data: Uint8Array.from(a.data) };
    for (let y = 8; y < 16; y++) for (let x = 16; x < 24; x++) b.data[y * 128 + x] = Math.min(255, b.data[y * 128 + x] + 40);
    const d = frameDiff(a, b);
    expect(d.maxBlock).toBeGreaterThan(30);
    expect(d.mean).toBeLessThan(0.3);
    expect(frameDiff(a, a)).toEqual({ mean: 0, maxBlock: 0 });
    const { mean, std } = meanStd({ width: 2, height: 1, data: Uint8Array.from([10, 30]) });
    expect([mean, std]).toEqual([20, 10]);
  });

  it('scene similarity: 1 for the same view (any contrast), low for a turned view, another scene or a flat picture', () => {
    const ref = shrink(cells(3), 32);
    expect([ref.width, ref.height]).toEqual([32, 24]);
    expect(sceneSimilarity(shrink(cells(3, 0.4), 32), ref)).toBeGreaterThan(0.95);
    expect(sceneSimilarity(shrink(cells(3, 1, 40), 32), ref)).toBeLessThan(0.5);
    expect(sceneSimilarity(shrink(cells(4), 32), ref)).toBeLessThan(0.5);
    expect(sceneSimilarity(shrink({ width: 128, height: 96, data: new Uint8Array(128 * 96).fill(9) }, 32), ref)).toBe(0);
  });
});
