/**
 * Which recorded segments one playback window joins. Pure: segments in, plan out.
 *
 * A window starts at the segment holding the requested instant (or the first one after it) and
 * runs over touching segments until the requested end, the window's longest length, or a gap,
 * whichever comes first: a gap is never squeezed out, so a second of the stream is always the
 * same second of the wall clock, and the player jumps the gap itself, saying so.
 */
export type WindowSegment = { id: string; startedAt: Date; endedAt: Date };
export type PlannedSegment<S> = S & { offsetMs: number; durationMs: number };
export type PlaybackPlan<S> = {
  segments: PlannedSegment<S>[];
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
  /** Where the requested instant falls in the window (ms from its start). */
  seekMs: number;
};

/** Two segments further apart than this are separated by a gap. */
export const GAP_MS = 1500;

export function planWindow<S extends WindowSegment>(sorted: readonly S[], from: Date, to: Date, maxMs: number): PlaybackPlan<S> | null {
  const start = sorted.findIndex((s) => s.endedAt.getTime() > from.getTime());
  if (start < 0 || sorted[start].startedAt.getTime() >= to.getTime()) return null;
  const segments: PlannedSegment<S>[] = [];
  let offset = 0;
  for (let i = start; i < sorted.length; i++) {
    const s = sorted[i];
    const prev = segments.at(-1);
    if (prev && s.startedAt.getTime() - prev.endedAt.getTime() > GAP_MS) break;
    if (prev && (s.startedAt.getTime() >= to.getTime() || offset >= maxMs)) break;
    const durationMs = Math.max(1, s.endedAt.getTime() - s.startedAt.getTime());
    segments.push({ ...s, offsetMs: offset, durationMs });
    offset += durationMs;
  }
  const first = segments[0];
  return {
    segments,
    startedAt: first.startedAt,
    endedAt: segments.at(-1)!.endedAt,
    durationMs: offset,
    seekMs: Math.min(Math.max(0, from.getTime() - first.startedAt.getTime()), Math.max(0, offset - 1)),
  };
}
