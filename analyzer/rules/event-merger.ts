/**
 * Turns a frame-by-frame condition into events (Frigate's lesson: one event, not a flood).
 * A condition must hold for `minDwellMs` (missed frames up to `graceMs` tolerated) before an
 * event opens; the event stays open while the condition keeps coming back within `closeAfterMs`
 * (the rule's cooldown), and ends at the last moment the condition was seen.
 *
 * Only analysed frames count: `feed` is called once per frame whose answer is known. An open
 * event ends after `closeAfterMisses` analysed frames in a row without the condition that also
 * span `closeAfterMs` of stream time since the last sighting. Time in which nothing was analysed
 * (frames dropped, a model fallen behind, a pull restarting) never ends an event by itself: one
 * answer arriving late after a stall is one miss, not a cooldown's worth of them.
 */
export type MergerConfig = { minDwellMs: number; closeAfterMs: number; graceMs: number; closeAfterMisses?: number };

export type OpenEvent = { startedMs: number; lastTrueMs: number; peakScore: number; peakAtMs: number };

export type MergerStep =
  | { kind: 'none' }
  | { kind: 'open'; event: OpenEvent }
  | { kind: 'peak'; event: OpenEvent }
  | { kind: 'close'; event: OpenEvent };

export type EventMerger = {
  /** `sinceMs`: when the condition really began, if its source knows it (a tamper check held it before saying so). */
  feed(atMs: number, condition: boolean, score: number, sinceMs?: number): MergerStep;
  /** The open event, if any (for checkpoints). */
  current(): OpenEvent | null;
  /** Continues an event opened earlier (by this or another analyzer). */
  resume(event: OpenEvent): void;
  /** Ends an open event now (rule changed or removed), at its last sighting. */
  forceClose(): OpenEvent | null;
};

export function createEventMerger(cfg: MergerConfig): EventMerger {
  let pending: { sinceMs: number; lastTrueMs: number; peakScore: number; peakAtMs: number } | null = null;
  let open: OpenEvent | null = null;
  let misses = 0;
  const missesNeeded = Math.max(1, cfg.closeAfterMisses ?? 1);
  return {
    feed(atMs, condition, score, sinceMs) {
      if (open) {
        if (condition) {
          misses = 0;
          open.lastTrueMs = atMs;
          if (score > open.peakScore) {
            open.peakScore = score;
            open.peakAtMs = atMs;
            return { kind: 'peak', event: { ...open } };
          }
          return { kind: 'none' };
        }
        misses++;
        if (misses >= missesNeeded && atMs - open.lastTrueMs >= cfg.closeAfterMs) {
          const ended = open;
          open = null;
          return { kind: 'close', event: ended };
        }
        return { kind: 'none' };
      }
      if (!condition) {
        if (pending && atMs - pending.lastTrueMs > cfg.graceMs) pending = null;
        return { kind: 'none' };
      }
      if (!pending) pending = { sinceMs: Math.min(atMs, sinceMs ?? atMs), lastTrueMs: atMs, peakScore: score, peakAtMs: atMs };
      pending.lastTrueMs = atMs;
      if (score > pending.peakScore) Object.assign(pending, { peakScore: score, peakAtMs: atMs });
      if (atMs - pending.sinceMs >= cfg.minDwellMs) {
        open = { startedMs: pending.sinceMs, lastTrueMs: atMs, peakScore: pending.peakScore, peakAtMs: pending.peakAtMs };
        pending = null;
        misses = 0;
        return { kind: 'open', event: { ...open } };
      }
      return { kind: 'none' };
    },
    current: () => (open ? { ...open } : null),
    resume(event) {
      open = { ...event };
      pending = null;
      misses = 0;
    },
    forceClose() {
      const ended = open;
      open = null;
      pending = null;
      misses = 0;
      return ended;
    },
  };
}
