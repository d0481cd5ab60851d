import { outOfRange, type Limit } from './quantities.js';

export type Point = { at: Date; value: number };

/**
 * A reading out of range once is a dosing transient or a bubble on the probe; out of range for
 * this long, over at least this many readings in a row, is water the public is exposed to.
 */
export const EXCURSION_SUSTAIN_MS = 10 * 60_000;
export const EXCURSION_MIN_READINGS = 3;

export type Excursion = {
  /** The run of consecutive out-of-range readings ending at the newest reading (empty when it is in range). */
  run: Point[];
  /** The run is long enough to raise a flag. */
  sustained: boolean;
  /** The reading furthest outside the limits in the run. */
  worst: Point | null;
};

/** Looks at a quantity's readings, oldest first, as they stand after the newest one. */
export function currentExcursion(points: readonly Point[], limit: Limit, opts = { sustainMs: EXCURSION_SUSTAIN_MS, minReadings: EXCURSION_MIN_READINGS }): Excursion {
  let i = points.length;
  while (i > 0 && outOfRange(points[i - 1].value, limit)) i--;
  const run = points.slice(i);
  if (run.length === 0) return { run, sustained: false, worst: null };
  const span = run[run.length - 1].at.getTime() - run[0].at.getTime();
  const distance = (v: number) => Math.max(limit.min !== null ? limit.min - v : 0, limit.max !== null ? v - limit.max : 0);
  const worst = run.reduce((w, p) => (distance(p.value) > distance(w.value) ? p : w), run[0]);
  return { run, sustained: run.length >= opts.minReadings && span >= opts.sustainMs, worst };
}
