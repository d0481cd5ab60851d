import { DAY_MS, nextDay, shanghaiDay, startOfDay } from '../calendar/calendar.js';
import { AppError } from '../errors.js';

/**
 * The dashboard's period (issue 16 item 1): whole Beijing days `from..to`, both included, at most
 * 366 days (a leap year), ending today at the latest; and the previous period of the same length
 * just before it, for comparison. Instants are half-open: [start, end) with end the first instant
 * of the day after `to` (or now, for a period that ends today: nothing after now has happened).
 */
export const MAX_PERIOD_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type Period = { from: string; to: string; days: number; start: Date; end: Date };
export type Periods = { period: Period; previous: Period };

const invalid = (path: string, message: string) => new AppError('validation_failed', '', [{ path: [path], message }]);

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(s: string): boolean {
  return DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

function periodOf(from: string, to: string, now: Date): Period {
  const start = startOfDay(from);
  const dayEnd = startOfDay(nextDay(to));
  return { from, to, days: daysBetween(from, to), start, end: dayEnd.getTime() > now.getTime() ? now : dayEnd };
}

/**
 * The period asked for and the one before it; refused (400, naming the field) when a day is not a
 * date, `from` is after `to`, the period is longer than 366 days, or `to` is after today in Beijing.
 * Without `from`/`to`: the last 30 days up to today.
 */
export function dashboardPeriods(q: { from?: string; to?: string }, now: Date): Periods {
  const today = shanghaiDay(now);
  const to = q.to ?? today;
  if (!isDay(to)) throw invalid('to', 'dashboard.day_invalid');
  const from = q.from ?? nextDay(to, -29);
  if (!isDay(from)) throw invalid('from', 'dashboard.day_invalid');
  if (from > to) throw invalid('to', 'dashboard.period_order');
  if (to > today) throw invalid('to', 'dashboard.period_future');
  const days = daysBetween(from, to);
  if (days > MAX_PERIOD_DAYS) throw invalid('from', 'dashboard.period_too_long');
  const prevTo = nextDay(from, -1);
  return { period: periodOf(from, to, now), previous: periodOf(nextDay(prevTo, -(days - 1)), prevTo, now) };
}

/** Every day of a period, in order. */
export function daysOf(p: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = nextDay(d)) out.push(d);
  return out;
}
