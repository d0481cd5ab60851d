/**
 * Blind time (R2, R3): the stretches in which a device should have been recording and was not.
 * A device is only expected to record while it is both installed (it has streamed once) and
 * covered by a signed consent in force (002 §12: no device is used before the business confirms
 * its installation). Before installation, before consent, after a revocation or expiry, and
 * after "now" nothing is blind: an open gap ends at now, not at midnight.
 *
 * Pure: instants are epoch milliseconds, intervals half-open [from, to).
 */
export type Span = { from: number; to: number };

/** Recorded segments closer than this are one run (segments tile the stream; clocks jitter). */
export const JOIN_MS = 1500;

/** Sorted, merged copy of the spans; spans closer than `joinMs` become one. Empty spans drop. */
export function merge(spans: readonly Span[], joinMs = 0): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to + joinMs) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** The parts of `spans` inside [from, to). */
export function clip(spans: readonly Span[], from: number, to: number): Span[] {
  return spans.map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) })).filter((s) => s.to > s.from);
}

/** `base` minus `cut` (both merged first). */
export function subtract(base: readonly Span[], cut: readonly Span[]): Span[] {
  const cuts = merge(cut);
  const out: Span[] = [];
  for (const b of merge(base)) {
    let from = b.from;
    for (const c of cuts) {
      if (c.to <= from || c.from >= b.to) continue;
      if (c.from > from) out.push({ from, to: c.from });
      from = Math.max(from, c.to);
    }
    if (from < b.to) out.push({ from, to: b.to });
  }
  return out;
}

export const total = (spans: readonly Span[]) => spans.reduce((n, s) => n + (s.to - s.from), 0);

/**
 * When the device was expected to record: each consent's time in force (an open end: still in
 * force) from the device's installation on, never past now.
 */
export function watchedSpans(consents: readonly { from: number; to: number | null }[], installedAt: number | null, now: number): Span[] {
  if (installedAt === null) return [];
  return merge(consents.map((c) => ({ from: Math.max(c.from, installedAt), to: Math.min(c.to ?? now, now) })));
}

/** Blind stretches inside [from, to): expected to record, nothing recorded. */
export function blindSpans(watched: readonly Span[], recorded: readonly Span[], from: number, to: number): Span[] {
  return subtract(clip(watched, from, to), merge(recorded, JOIN_MS));
}

export type DayFigures = { watchedSeconds: number; recordedSeconds: number; blindSeconds: number; uptimePercent: number | null };

/** One day's figures (or any window): recorded share of the time the device was expected to record. */
export function figures(watched: readonly Span[], recorded: readonly Span[], from: number, to: number): DayFigures {
  const w = clip(watched, from, to);
  const rec = merge(clip(recorded, from, to), JOIN_MS);
  const recordedInWatched = total(w) - total(subtract(w, rec));
  const blind = total(blindSpans(w, rec, from, to));
  const watchedMs = total(w);
  return {
    watchedSeconds: Math.round(watchedMs / 1000),
    recordedSeconds: Math.round(total(rec) / 1000),
    blindSeconds: Math.round(blind / 1000),
    uptimePercent: watchedMs > 0 ? Math.round((recordedInWatched / watchedMs) * 10000) / 100 : null,
  };
}
