/**
 * Which recorded segments cover a time window, and how well. Pure: segments in, plan out.
 * Segments are closed recordings with wall-clock bounds, sorted by start; adjacent segments of
 * one publish session touch (the next starts where the previous ended), sessions leave gaps.
 */
export type TimedSegment = { id: string; startedAt: Date; endedAt: Date };

export type Gap = { from: Date; to: Date };

export type SegmentWindow<S extends TimedSegment> = {
  /** The segments that overlap [from, to], in order. */
  segments: S[];
  /** Where `from` falls inside the first segment (ms; 0 when the window starts before it). */
  offsetMs: number;
  /** True when the segments cover the whole window with no gap (within the tolerance). */
  covered: boolean;
  /** Stretches of the window that no segment covers, in order. */
  gaps: Gap[];
  /** Where the covered part ends: the last overlapping segment's end, or null with no segment. */
  coveredUntil: Date | null;
};

const ms = (d: Date) => d.getTime();

/**
 * Plans a window over segments. A hole shorter than `toleranceMs` (wall-clock jitter between
 * one segment's end and the next one's start) is not a gap.
 */
export function segmentWindow<S extends TimedSegment>(all: readonly S[], from: Date, to: Date, toleranceMs = 250): SegmentWindow<S> {
  if (ms(to) < ms(from)) throw new Error('window ends before it starts');
  const segments = all.filter((s) => ms(s.startedAt) < ms(to) && ms(s.endedAt) > ms(from));
  const gaps: Gap[] = [];
  let cursor = ms(from);
  for (const s of segments) {
    if (ms(s.startedAt) - cursor > toleranceMs) gaps.push({ from: new Date(cursor), to: new Date(ms(s.startedAt)) });
    cursor = Math.max(cursor, ms(s.endedAt));
  }
  if (ms(to) - cursor > toleranceMs) gaps.push({ from: new Date(cursor), to: new Date(ms(to)) });
  const first = segments[0];
  return {
    segments,
    offsetMs: first ? Math.max(0, ms(from) - ms(first.startedAt)) : 0,
    covered: gaps.length === 0,
    gaps,
    coveredUntil: segments.length ? new Date(Math.max(...segments.map((s) => ms(s.endedAt)))) : null,
  };
}

/**
 * Where a wall-clock instant falls on the timeline of the segments played back to back (as
 * ffmpeg's concat demuxer joins them: each lasting endedAt − startedAt, gaps squeezed out), in
 * ms. An instant inside a gap maps to the end of what came before it; before the first segment,
 * to 0; after the last, to the total.
 */
export function concatPositionMs(segments: readonly TimedSegment[], at: Date): number {
  let pos = 0;
  for (const s of segments) {
    const len = ms(s.endedAt) - ms(s.startedAt);
    if (ms(at) <= ms(s.startedAt)) return pos;
    if (ms(at) < ms(s.endedAt)) return pos + (ms(at) - ms(s.startedAt));
    pos += len;
  }
  return pos;
}
