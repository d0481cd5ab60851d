/**
 * A KPI's change against the previous period: the arrow (▲ up, ▼ down, none when equal or not
 * comparable) and whether the move is good or bad for the figure (more coverage is good, more
 * overdue flags are bad; a count of flags is neither).
 */
export type Better = 'up' | 'down' | 'neither';
export type Change = { arrow: '▲' | '▼' | ''; tone: 'good' | 'bad' | 'neutral'; /** cur − prev; for ratios in points (0..1). */ delta: number | null };

export function change(cur: number | null, prev: number | null, better: Better): Change {
  if (cur === null || prev === null) return { arrow: '', tone: 'neutral', delta: null };
  const delta = cur - prev;
  // Float noise from ratios (0.1 + 0.2) is not a change.
  if (Math.abs(delta) < 1e-9) return { arrow: '', tone: 'neutral', delta: 0 };
  const arrow = delta > 0 ? '▲' : '▼';
  if (better === 'neither') return { arrow, tone: 'neutral', delta };
  const good = (delta > 0) === (better === 'up');
  return { arrow, tone: good ? 'good' : 'bad', delta };
}

/** A ratio (0..1) as a percentage with one decimal, "—" when there is no denominator. */
export function pct(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** A change's size as people read it: ratios in percentage points (one decimal), counts as signed numbers; the unit is the caller's (i18n). */
export function formatDelta(c: Change, ratio: boolean): string {
  if (c.delta === null) return '';
  if (c.delta === 0) return '±0';
  const sign = c.delta > 0 ? '+' : '−';
  const abs = Math.abs(c.delta);
  return ratio ? `${sign}${(Math.round(abs * 1000) / 10).toFixed(1)}` : `${sign}${Math.round(abs * 10) / 10}`;
}
