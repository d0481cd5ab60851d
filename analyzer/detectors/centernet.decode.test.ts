import { describe, expect, it } from 'vitest';
import { decodeCenternet } from './centernet.decode.js';

describe('CenterNet decode', () => {
  it('keeps 3×3 peaks above the threshold, best first, with boxes from the size map scaled to the frame', () => {
    const size = 8;
    const classes = 2;
    const scores = new Float32Array(size * size * classes);
    const wh = new Float32Array(size * size * 4);
    const set = (y: number, x: number, c: number, s: number) => (scores[(y * size + x) * classes + c] = s);
    set(2, 3, 0, 0.9); // a person peak
    set(2, 4, 0, 0.8); // its neighbour: not a peak
    set(6, 6, 1, 0.5); // a bicycle peak
    set(0, 0, 0, 0.1); // below the threshold
    wh.set([4, 8, 4, 8], (2 * size + 3) * 4);
    const d = decodeCenternet(scores, wh, { size, classes, stride: 4, minScore: 0.3, frameWidth: 64, frameHeight: 32 });
    expect(d.map((x) => [x.label, x.score])).toEqual([
      ['person', expect.closeTo(0.9, 5)],
      ['bicycle', expect.closeTo(0.5, 5)],
    ]);
    // centre (12, 8) in the 32×32 input; ±4 / ±8; frame is 2× wider, same height
    expect(d[0].box).toEqual([16, 0, 32, 16]);
  });
});
