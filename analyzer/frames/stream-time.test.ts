import { describe, expect, it } from 'vitest';
import type { Frame } from '../detectors/detector.js';
import { createStreamTimer } from './stream-time.js';

const frame = (n: number): Frame => ({ width: 2, height: 1, rgb: Uint8Array.of(n, n, n, n, n, n) });
const line = (n: number, ptsS: number, key: boolean) => `[Parsed_showinfo_2 @ 0x55ac370119c0] n:${String(n).padStart(4)} pts:${Math.round(ptsS * 1000)} pts_time:${ptsS} pos: -1 fmt:rgb24 sar:1/1 s:2x1 i:P iskey:${key ? 1 : 0} type:${key ? 'I' : 'P'} checksum:69E33DD1`;

function rig(origin: number | null, live = true) {
  const out: { n: number; atMs: number; key: boolean | undefined }[] = [];
  const t = createStreamTimer({ origin: () => origin, live, emit: (f, atMs) => out.push({ n: f.rgb[0], atMs, key: f.key }) });
  return { t, out };
}

describe('stream timer: frames paired with their showinfo lines', () => {
  it('pairs in order whichever pipe is read first, and stamps origin + pts', () => {
    const { t, out } = rig(10_000);
    t.frame(frame(0), 13_000); // the frame before its line
    expect(out).toEqual([]);
    expect(t.info(line(0, 0, true))).toBe(true);
    expect(t.info(line(1, 0.5, false))).toBe(true); // the line before its frame
    expect(t.info('[Parsed_showinfo_2 @ 0x55ac370119c0] color_range:tv color_space:bt709')).toBe(true);
    t.frame(frame(1), 13_010);
    expect(t.info('[flv @ 0x1] some warning')).toBe(false);
    expect(out).toEqual([
      { n: 0, atMs: 10_000, key: true },
      { n: 1, atMs: 10_500, key: false },
    ]);
  });

  it('a live frame is never stamped after it arrived, nor believed when minutes older (bad timestamps)', () => {
    const { t, out } = rig(10_000);
    t.info(line(0, 5, true)); // 15 000: after its arrival at 14 000
    t.frame(frame(0), 14_000);
    t.info(line(1, 0, true)); // 10 000, but arriving at 500 000
    t.frame(frame(1), 500_000);
    expect(out.map((o) => o.atMs)).toEqual([14_000, 500_000 - 120_000]);
  });

  it('a file is stamped from its origin whatever the hour of decoding; no origin, or no showinfo at all: on arrival', () => {
    const file = rig(1_000, false);
    file.t.info(line(0, 2, true));
    file.t.frame(frame(0), 9_999_999);
    expect(file.out).toEqual([{ n: 0, atMs: 3_000, key: true }]);

    const early = rig(null);
    early.t.info(line(0, 2, true));
    early.t.frame(frame(0), 7_000);
    expect(early.out).toEqual([{ n: 0, atMs: 7_000, key: true }]);

    const silent = rig(1_000);
    for (let n = 0; n < 4; n++) silent.t.frame(frame(n), 8_000 + n);
    expect(silent.out.map((o) => [o.n, o.atMs, o.key])).toEqual([0, 1, 2, 3].map((n) => [n, 8_000 + n, undefined]));
  });
});
