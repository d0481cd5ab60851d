import { shiftDay } from '../../format/datetime';

/**
 * The dashboard's periods: calendar days (YYYY-MM-DD) in the authority's zone, both ends included
 * (the API's `from`/`to`). The previous period is as many days, ending the day before `from`.
 */
export type Period = { from: string; to: string };
export const PRESETS = ['thisMonth', 'lastMonth', 'last30', 'thisQuarter', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

/** The longest period the dashboard answers (a year and a day, for a leap year). */
export const MAX_DAYS = 366;
/** The earliest day a period may start (no records predate the platform). */
export const EARLIEST_DAY = '2020-01-01';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day (2026-02-30 is not). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
const parts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** Days from `from` to `to`, both included. */
export function daysIn(p: Period): number {
  const [a, b] = [p.from, p.to].map((d) => Date.UTC(...(([y, m, dd]) => [y, m - 1, dd] as const)(parts(d))));
  return Math.round((b - a) / 86_400_000) + 1;
}

/** A preset period as of `today` (the authority's calendar day); "this" periods end today. */
export function presetPeriod(preset: Preset, today: string): Period {
  const [y, m] = parts(today);
  switch (preset) {
    case 'thisMonth':
      return { from: ymd(y, m - 1, 1), to: today };
    case 'lastMonth':
      return { from: ymd(y, m - 2, 1), to: ymd(y, m - 1, 0) };
    case 'last30':
      return { from: shiftDay(today, -29), to: today };
    case 'thisQuarter':
      return { from: ymd(y, Math.floor((m - 1) / 3) * 3, 1), to: today };
    case 'thisYear':
      return { from: ymd(y, 0, 1), to: today };
  }
}

/** The preset a period is, as of today (for the picker), or 'custom'. */
export function presetOf(p: Period, today: string): Preset | 'custom' {
  return PRESETS.find((x) => {
    const q = presetPeriod(x, today);
    return q.from === p.from && q.to === p.to;
  }) ?? 'custom';
}

/** The period just before: as many days, ending the day before `from`. */
export function previousPeriod(p: Period): Period {
  const n = daysIn(p);
  return { from: shiftDay(p.from, -n), to: shiftDay(p.from, -1) };
}

/** Why a period makes no sense (an i18n key under dashboard.periodError), or null when it does. */
export function periodError(p: Period, today: string): 'invalid' | 'reversed' | 'future' | 'tooLong' | 'tooEarly' | null {
  if (!isDay(p.from) || !isDay(p.to)) return 'invalid';
  if (p.from > p.to) return 'reversed';
  if (p.from > today) return 'future';
  if (p.from < EARLIEST_DAY) return 'tooEarly';
  if (daysIn(p) > MAX_DAYS) return 'tooLong';
  return null;
}
