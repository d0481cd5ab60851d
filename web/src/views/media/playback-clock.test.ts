import { describe, expect, it } from 'vitest';
import { wallClockOf } from './playback-clock';

const seg = (id: string, startedAt: string, offsetMs: number) => ({ id, sha256: '', startedAt, endedAt: startedAt, offsetMs });

describe('playback clock', () => {
  it('maps a position in a joined window to the recorded time of the segment playing', () => {
    // The second segment was stored 0.4 s after the first one's nominal end: its own start counts.
    const p = { segments: [seg('a', '2026-12-04T02:00:00.000Z', 0), seg('b', '2026-12-04T02:00:10.400Z', 10_000)] };
    expect(new Date(wallClockOf(p, 0)).toISOString()).toBe('2026-12-04T02:00:00.000Z');
    expect(new Date(wallClockOf(p, 9.5)).toISOString()).toBe('2026-12-04T02:00:09.500Z');
    expect(new Date(wallClockOf(p, 12)).toISOString()).toBe('2026-12-04T02:00:12.400Z');
  });
});
