import { describe, expect, it } from 'vitest';
import { planWindow } from './playback-window.js';

const t0 = Date.UTC(2026, 11, 1, 2);
const seg = (i: number, startS: number, lenS = 10) => ({ id: `s${i}`, startedAt: new Date(t0 + startS * 1000), endedAt: new Date(t0 + (startS + lenS) * 1000) });
const at = (s: number) => new Date(t0 + s * 1000);

describe('playback window', () => {
  // Six touching segments (0–60 s), a gap, then two more (120–140 s).
  const segs = [...Array.from({ length: 6 }, (_, i) => seg(i, i * 10)), seg(6, 120), seg(7, 130)];

  it('joins touching segments from the one holding the instant, and seeks inside it', () => {
    const p = planWindow(segs, at(25), at(55), 600_000)!;
    expect(p.segments.map((s) => s.id)).toEqual(['s2', 's3', 's4', 's5']);
    expect(p.segments.map((s) => s.offsetMs)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(p.seekMs).toBe(5000);
    expect(p.durationMs).toBe(40_000);
  });

  it('stops at a gap, never squeezing it out', () => {
    const p = planWindow(segs, at(0), at(200), 600_000)!;
    expect(p.segments.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    expect(p.endedAt).toEqual(at(60));
  });

  it('an instant in a gap starts at the next recording; the window keeps to its longest length', () => {
    const p = planWindow(segs, at(80), at(200), 600_000)!;
    expect(p.startedAt).toEqual(at(120));
    expect(p.seekMs).toBe(0);
    expect(planWindow(segs, at(0), at(200), 20_000)!.segments.map((s) => s.id)).toEqual(['s0', 's1']);
    expect(planWindow(segs, at(150), at(200), 600_000)).toBeNull();
  });
});
