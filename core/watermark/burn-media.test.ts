import { describe, expect, it } from 'vitest';
import { layerBands, overlayGraph } from './burn-media.js';

/** A 20×12 alpha plane with the given filled boxes [x0, y0, x1, y1). */
function plane(boxes: [number, number, number, number][], w = 20, h = 12): Buffer {
  const b = Buffer.alloc(w * h);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) b.fill(200, y * w + x0, y * w + x1);
  return b;
}

describe('the bands of a watermark layer', () => {
  it('keeps only rows holding text, cut to their columns, on even coordinates, with a margin', () => {
    expect(layerBands(plane([[3, 1, 9, 2], [5, 9, 17, 11]]), 20, 12, 24, 0)).toEqual([
      { x: 2, y: 0, w: 8, h: 2 },
      { x: 4, y: 8, w: 14, h: 4 },
    ]);
    const w = 40;
    const tall = Buffer.alloc(w * 60);
    for (let y = 10; y < 13; y++) tall.fill(9, y * w + 15, y * w + 21);
    for (let y = 40; y < 41; y++) tall.fill(9, y * w + 3, y * w + 7);
    expect(layerBands(tall, w, 60, 24, 2)).toEqual([
      { x: 12, y: 8, w: 12, h: 8 },
      { x: 0, y: 38, w: 10, h: 6 },
    ]);
  });

  it('joins rows whose margins would touch into one band and falls back to the whole layer past the limit', () => {
    expect(layerBands(plane([[0, 0, 4, 1], [10, 4, 12, 5]]), 20, 12, 24, 0)).toEqual([{ x: 0, y: 0, w: 12, h: 6 }]);
    expect(layerBands(plane([[4, 0, 6, 1], [4, 6, 6, 7]]), 20, 12, 24, 2)).toEqual([{ x: 2, y: 0, w: 6, h: 10 }]);
    expect(layerBands(plane([[4, 0, 6, 1], [4, 10, 6, 11]]), 20, 12, 24, 2)).toEqual([
      { x: 2, y: 0, w: 6, h: 4 },
      { x: 2, y: 8, w: 6, h: 4 },
    ]);
    const striped = plane(Array.from({ length: 6 }, (_, i) => [0, i * 2, 2, i * 2 + 1] as [number, number, number, number]), 20, 12);
    expect(layerBands(striped, 20, 12, 0)).toEqual([{ x: 0, y: 0, w: 20, h: 12 }]);
    expect(layerBands(Buffer.alloc(240), 20, 12)).toEqual([]);
  });

  it('lays each band over the video in turn', () => {
    expect(overlayGraph([{ x: 2, y: 0, w: 8, h: 2 }, { x: 4, y: 8, w: 14, h: 4 }])).toBe(
      '[1:v]split=2[l0][l1];[l0]crop=8:2:2:0[c0];[l1]crop=14:4:4:8[c1];[0:v:0][c0]overlay=x=2:y=0:eof_action=repeat:format=yuv420[t0];[t0][c1]overlay=x=4:y=8:eof_action=repeat:format=yuv420[v]',
    );
    expect(overlayGraph([])).toBe('[0:v:0]null[v]');
  });
});
