import { endOfDay, isWorkingDay, nextDay, shanghaiDay, type HolidayCalendar } from './calendar.js';

/**
 * Time limits of the procedure on the legal clock (R8).
 *
 * - 行政处罚法 art. 85 and 行政强制法 art. 69: "二日""三日""五日""七日" (and coercion's limits of up to
 *   ten days) are working days, without public holidays → unit 'working_days'.
 * - Longer limits (the 90 days of 行政处罚法 art. 60, the 30 days of 行政强制法 art. 25) are natural days.
 *   行政处罚法 says nothing of how a period is counted; we follow 民事诉讼法 art. 85, which the
 *   health rules also follow: the day (or hour) a period starts does not count, and a period
 *   whose last day is a day off ends on the first working day after it.
 * - Pauses: time that by law does not count (an appraisal's time within a seizure, 行政强制法 art. 25
 *   ¶3; a hearing or appraisal within the 90 days where the rules say so) stops the clock. The day
 *   a pause begins has been counted; the days after it up to and including the day it ends are
 *   not (counting starts again the day after, as at a period's start). While a pause is open the
 *   limit has no due date.
 * - Extensions approved by the competent head (行政强制法 art. 25: once, ≤ 30 days; 行政处罚法 art. 60
 *   "法律、法规、规章另有规定的") add to the limit in its own unit.
 */
export type LimitUnit = 'working_days' | 'natural_days' | 'hours';

export type LegalLimit = {
  amount: number;
  unit: LimitUnit;
  /** The rule that sets it, printed with refusals and on the case page, e.g. '行政处罚法第六十条'. */
  basis: string;
};

export type ClockPause = { from: Date; to: Date | null };
export type ClockExtension = { amount: number };

export type ClockState = {
  /** When the limit runs out (end of its last day; for hours, the exact moment); null while paused. */
  dueAt: Date | null;
  paused: boolean;
  /** Days (or, for an hours limit, hours) added by approved extensions. */
  extendedBy: number;
};

export function assertLimit(limit: Pick<LegalLimit, 'amount' | 'unit'>): void {
  if (!Number.isInteger(limit.amount) || limit.amount < 1) throw new Error(`a time limit must be a positive whole number, got ${limit.amount}`);
}

/** Where the clock of `limit` stands, started at `start`, with its pauses and approved extensions. */
export function legalDeadline(input: { start: Date; limit: Pick<LegalLimit, 'amount' | 'unit'>; calendar: HolidayCalendar; pauses?: readonly ClockPause[]; extensions?: readonly ClockExtension[] }): ClockState {
  const { start, limit, calendar } = input;
  assertLimit(limit);
  const pauses = [...(input.pauses ?? [])].sort((a, b) => a.from.getTime() - b.from.getTime());
  for (const p of pauses) if (p.to && p.to.getTime() < p.from.getTime()) throw new Error('a pause cannot end before it starts');
  const extendedBy = (input.extensions ?? []).reduce((n, e) => {
    assertLimit({ amount: e.amount, unit: limit.unit });
    return n + e.amount;
  }, 0);
  const total = limit.amount + extendedBy;
  const paused = pauses.some((p) => p.to === null);
  if (paused) return { dueAt: null, paused, extendedBy };

  if (limit.unit === 'hours') {
    // The paused time is added back, hour for hour (pauses after the due time do not matter).
    let due = start.getTime() + total * 3600_000;
    for (const p of pauses) {
      const from = Math.max(p.from.getTime(), start.getTime());
      if (from < due) due += p.to!.getTime() - from;
    }
    return { dueAt: new Date(due), paused, extendedBy };
  }

  // Day-based: days not counted are those after a pause's first day up to its last.
  const notCounted = (day: string) => pauses.some((p) => day > shanghaiDay(p.from) && day <= shanghaiDay(p.to!));
  let day = shanghaiDay(start);
  let left = total;
  for (let guard = 0; guard < 3660 + total * 7; guard++) {
    day = nextDay(day);
    if (notCounted(day)) continue;
    if (limit.unit === 'working_days' && !isWorkingDay(day, calendar)) continue;
    if (--left > 0) continue;
    // 民事诉讼法 art. 85 ¶3: a last day that is a day off moves to the first working day after it.
    while (!isWorkingDay(day, calendar)) day = nextDay(day);
    return { dueAt: endOfDay(day), paused, extendedBy };
  }
  throw new Error('no due day found within ten years: is every day marked a holiday?');
}

/** The text of a limit, e.g. '7 个工作日' / '90 日' / '24 小时'. */
export function limitText(limit: Pick<LegalLimit, 'amount' | 'unit'>, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (lang === 'en') return `${limit.amount} ${limit.unit === 'working_days' ? 'working days' : limit.unit === 'natural_days' ? 'days' : 'hours'}`;
  return `${limit.amount} ${limit.unit === 'working_days' ? '个工作日' : limit.unit === 'natural_days' ? '日' : '小时'}`;
}
