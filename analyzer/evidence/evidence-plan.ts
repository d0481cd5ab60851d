import type { ClipCoverage } from '../../core/db/database.js';

/**
 * What a flag's evidence job does next. Pure: the flag's times, its newest clip and what the
 * recording covers in; one decision out.
 *
 * - An event still going on gets a first clip as soon as the pre-roll and `firstMs` after its
 *   start are recorded, then a longer version every `extendMs` (each version a clip of its own,
 *   from the same start), until the clip reaches `maxMs`: that version is the last, even if the
 *   event goes on.
 * - An ended event gets a last version up to its end plus the post-roll (or the maximum).
 * - The window starts where the flag says its evidence starts (`evidenceFrom`, e.g. when the
 *   tampering began), else at its start less the pre-roll.
 */
export type EvidenceSettings = { preRollMs: number; postRollMs: number; firstMs: number; extendMs: number; maxMs: number; giveUpMs: number };
export type EvidenceFlag = { state: 'active' | 'ended'; startedAt: Date; endedAt: Date | null; evidenceFrom: Date | null };
export type NewestClip = { version: number; requestedTo: Date; final: boolean };
export type Recorded = {
  /** Where the closed segments from the window's start onwards end (null: none). */
  coveredUntil: Date | null;
  /** Any closed segment overlaps the window. */
  anySegment: boolean;
  /** The camera is publishing now (its open segment will close). */
  live: boolean;
};

export type EvidenceDecision =
  | { kind: 'done' }
  | { kind: 'wait'; afterS: number; until: Date }
  | { kind: 'cut'; from: Date; to: Date; coverage: ClipCoverage; final: boolean }
  | { kind: 'unavailable' };

/** Wall-clock jitter between a segment's end and the window's end that still counts as covered. */
export const END_TOLERANCE_MS = 250;
/** How often a camera that stopped publishing is looked at again while its flag is still open. */
const IDLE_WAIT_S = 30;

const t = (d: Date) => d.getTime();
const at = (ms: number) => new Date(ms);

/**
 * Where the flag's evidence window starts, the furthest it may reach, and how far the recording
 * it needs goes (an ended event: its end plus the post-roll, at most the maximum).
 */
export function evidenceBounds(f: EvidenceFlag, s: EvidenceSettings): { from: Date; maxTo: Date; needTo: Date } {
  const from = Math.min(t(f.startedAt), f.evidenceFrom ? t(f.evidenceFrom) : t(f.startedAt) - s.preRollMs);
  const maxTo = from + s.maxMs;
  const needTo = f.state === 'ended' && f.endedAt ? Math.min(maxTo, t(f.endedAt) + s.postRollMs) : maxTo;
  return { from: at(from), maxTo: at(maxTo), needTo: at(needTo) };
}

/** The window the next version should reach, before looking at the recording. */
function target(f: EvidenceFlag, newest: NewestClip | null, s: EvidenceSettings, maxTo: Date): { to: number; coverage: ClipCoverage } {
  if (f.state === 'ended' && f.endedAt) {
    const wanted = t(f.endedAt) + s.postRollMs;
    return wanted > t(maxTo) ? { to: t(maxTo), coverage: 'max_length' } : { to: wanted, coverage: 'event_ended' };
  }
  const nominal = newest ? t(newest.requestedTo) + s.extendMs : t(f.startedAt) + s.firstMs;
  return nominal >= t(maxTo) ? { to: t(maxTo), coverage: 'max_length' } : { to: nominal, coverage: 'event_ongoing' };
}

/** Seconds until the window's end should be in a closed segment: its end, plus a little. */
function waitFor(to: number, now: Date): number {
  return Math.min(60, Math.max(3, Math.ceil((to - t(now)) / 1000) + 3));
}

export function decideEvidence(f: EvidenceFlag, newest: NewestClip | null, rec: Recorded, s: EvidenceSettings, now: Date): EvidenceDecision {
  if (newest?.final) return { kind: 'done' };
  const { from, maxTo } = evidenceBounds(f, s);
  const want = target(f, newest, s, maxTo);
  const covered = rec.coveredUntil !== null ? t(rec.coveredUntil) : null;
  const reached = covered !== null && covered >= want.to - END_TOLERANCE_MS;
  const cut = (to: number, coverage: ClipCoverage): EvidenceDecision => ({ kind: 'cut', from, to: at(to), coverage, final: coverage !== 'event_ongoing' });

  if (f.state === 'ended') {
    if (reached) return cut(want.to, want.coverage);
    // The end is still being recorded: wait, but not for ever.
    if (rec.live && t(now) - t(f.endedAt ?? now) < s.giveUpMs) return { kind: 'wait', afterS: waitFor(want.to, now), until: at(want.to) };
    if (!rec.anySegment) return newest ? { kind: 'done' } : { kind: 'unavailable' };
    return cut(want.to, want.coverage); // whatever is recorded; the gaps are in the provenance
  }

  if (reached) {
    // A job that runs late cuts everything already recorded, up to the maximum.
    const to = Math.min(t(maxTo), Math.max(want.to, covered));
    return cut(to, to >= t(maxTo) ? 'max_length' : 'event_ongoing');
  }
  if (rec.live) return { kind: 'wait', afterS: waitFor(want.to, now), until: at(want.to) };
  // Open, but the camera stopped publishing (the analyzer ends the flag when the stream is
  // declared lost): what is recorded since the newest version is cut now, then we wait.
  const since = newest ? t(newest.requestedTo) : t(f.startedAt);
  if (covered !== null && covered > since + END_TOLERANCE_MS) return cut(Math.min(covered, t(maxTo)), covered >= t(maxTo) ? 'max_length' : 'event_ongoing');
  if (t(now) - want.to > s.giveUpMs) return newest ? { kind: 'done' } : rec.anySegment ? cut(want.to, want.coverage) : { kind: 'unavailable' };
  return { kind: 'wait', afterS: IDLE_WAIT_S, until: at(want.to) };
}
