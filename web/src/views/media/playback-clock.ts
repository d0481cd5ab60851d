import type { Playback } from '../../api/media';

/**
 * The wall-clock instant (ms) of a position (seconds) in a playback window: each joined segment
 * keeps its own recorded start, so a window's clock follows the recording's, not a running sum.
 */
export function wallClockOf(p: Pick<Playback, 'segments'>, seconds: number): number {
  const at = seconds * 1000;
  const seg = [...p.segments].reverse().find((s) => s.offsetMs <= at) ?? p.segments[0];
  return new Date(seg.startedAt).getTime() + (at - seg.offsetMs);
}
