import { describe, expect, it } from 'vitest';
import { concatPositionMs, segmentWindow } from './segment-window.js';

const T0 = Date.parse('2026-11-30T02:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000);
const seg = (id: string, from: number, to: number) => ({ id, startedAt: at(from), endedAt: at(to), sha256: id.repeat(4) });

// Session one: 0–10, 10–20, 20–30; a gap; session two: 45–55, 55–65.
const SEGS = [seg('a', 0, 10), seg('b', 10, 20), seg('c', 20, 30), seg('d', 45, 55), seg('e', 55, 65)];

describe('segmentWindow', () => {
  it('a window inside one session: the overlapping segments, the offset in the first, covered', () => {
    const w = segmentWindow(SEGS, at(7.5), at(22));
    expect(w.segments.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(w.offsetMs).toBe(7500);
    expect(w.covered).toBe(true);
    expect(w.gaps).toEqual([]);
    expect(w.coveredUntil).toEqual(at(30));
    // The caller's own fields travel with the segments.
    expect(w.segments[0].sha256).toBe('aaaa');
  });

  it('segments that only touch the window are not in it', () => {
    expect(segmentWindow(SEGS, at(10), at(20)).segments.map((s) => s.id)).toEqual(['b']);
  });

  it('a window across sessions: the gap between them is reported, not covered', () => {
    const w = segmentWindow(SEGS, at(25), at(50));
    expect(w.segments.map((s) => s.id)).toEqual(['c', 'd']);
    expect(w.offsetMs).toBe(5000);
    expect(w.covered).toBe(false);
    expect(w.gaps).toEqual([{ from: at(30), to: at(45) }]);
  });

  it('a window starting before the recording: offset 0 and a leading gap; ending after it: a trailing gap', () => {
    const w = segmentWindow(SEGS, at(-5), at(70));
    expect(w.offsetMs).toBe(0);
    expect(w.gaps).toEqual([
      { from: at(-5), to: at(0) },
      { from: at(30), to: at(45) },
      { from: at(65), to: at(70) },
    ]);
    expect(w.coveredUntil).toEqual(at(65));
  });

  it('a window nothing covers: no segments, one gap, nothing covered', () => {
    const w = segmentWindow(SEGS, at(32), at(40));
    expect(w).toEqual({ segments: [], offsetMs: 0, covered: false, gaps: [{ from: at(32), to: at(40) }], coveredUntil: null });
  });

  it('wall-clock jitter between adjacent segments is within tolerance; a longer hole is a gap', () => {
    const jitter = [seg('x', 0, 10), { ...seg('y', 10.1, 20) }];
    expect(segmentWindow(jitter, at(5), at(15)).covered).toBe(true);
    expect(segmentWindow(jitter, at(5), at(15), 50).gaps).toEqual([{ from: at(10), to: at(10.1) }]);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => segmentWindow(SEGS, at(5), at(4))).toThrow(/before it starts/);
  });
});

describe('concatPositionMs', () => {
  it('maps wall-clock instants onto the joined timeline, squeezing gaps out', () => {
    const w = segmentWindow(SEGS, at(25), at(60)).segments; // c, d, e
    expect(concatPositionMs(w, at(25))).toBe(5000);
    expect(concatPositionMs(w, at(30))).toBe(10_000);
    expect(concatPositionMs(w, at(40))).toBe(10_000); // in the gap: where c ended
    expect(concatPositionMs(w, at(47))).toBe(12_000);
    expect(concatPositionMs(w, at(60))).toBe(25_000);
    expect(concatPositionMs(w, at(99))).toBe(30_000);
    expect(concatPositionMs(w, at(0))).toBe(0);
  });
});
