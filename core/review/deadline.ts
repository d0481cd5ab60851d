/**
 * Handling deadlines of flags (R5, seed 002 §8: leads are handled "within the set time limit").
 * Pure: the caller loads the policies and the holiday calendar (see policy.repository.ts).
 *
 * Working days are counted in China's time (Asia/Shanghai, UTC+8 all year, no daylight
 * saving): Monday to Friday, minus public holidays, plus the weekend days worked instead
 * (调休). The day a flag arrives does not count: a lead at 17:00 on a Friday with one working
 * day is due at the end of Monday (23:59:59.999 Shanghai time).
 */

/** One handling policy: a deadline in working days or in hours, and whether two officers must confirm. */
export type HandlingPolicy = {
  flagType: string; // a flag type, or '*'
  category: string; // a business category, or '*'
  deadlineWorkingDays: number | null;
  deadlineHours: number | null;
  twoPerson: boolean;
};

/** The holiday calendar: days off ('holiday') and weekend days worked ('workday'), as 'YYYY-MM-DD'. */
export type HolidayCalendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> };

/** Used when no policy matches (not even '*' / '*'). */
export const DEFAULT_POLICY: HandlingPolicy = { flagType: '*', category: '*', deadlineWorkingDays: 2, deadlineHours: null, twoPerson: false };

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86400_000;

/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whether a Shanghai calendar day is a working day under the calendar. */
export function isWorkingDay(day: string, cal: HolidayCalendar): boolean {
  if (cal.holidays.has(day)) return false;
  if (cal.workdays.has(day)) return true;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The end (23:59:59.999 Shanghai) of the n-th working day after the day of `from`. */
export function addWorkingDays(from: Date, n: number, cal: HolidayCalendar): Date {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive integer, got ${n}`);
  let day = shanghaiDay(from);
  let left = n;
  // A calendar can hold at most a few weeks off in a row; a year of searching means a broken one.
  for (let guard = 0; guard < 366 + n * 7; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, cal) && --left === 0) return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + DAY_MS - 1);
  }
  throw new Error('no working day found within a year: is every day marked a holiday?');
}

/** A flag's deadline under a policy: `createdAt` + N working days, or + N hours. */
export function deadlineFor(createdAt: Date, policy: Pick<HandlingPolicy, 'deadlineWorkingDays' | 'deadlineHours'>, cal: HolidayCalendar): Date {
  if (policy.deadlineHours !== null) return new Date(createdAt.getTime() + policy.deadlineHours * 3600_000);
  return addWorkingDays(createdAt, policy.deadlineWorkingDays ?? DEFAULT_POLICY.deadlineWorkingDays!, cal);
}

/**
 * The most specific policy for a flag: type + category, then type, then category, then the
 * default ('*' / '*'), then the built-in default.
 */
export function pickPolicy(policies: readonly HandlingPolicy[], flagType: string, category: string): HandlingPolicy {
  const rank = (p: HandlingPolicy) => {
    const t = p.flagType === flagType ? 2 : p.flagType === '*' ? 0 : -10;
    const c = p.category === category ? 1 : p.category === '*' ? 0 : -10;
    return t + c;
  };
  let best: HandlingPolicy | null = null;
  for (const p of policies) if (rank(p) >= 0 && (!best || rank(p) > rank(best))) best = p;
  return best ?? DEFAULT_POLICY;
}

/** Seconds until a deadline (negative when overdue), rounded towards zero. */
export function secondsLeft(deadline: Date, now: Date): number {
  return Math.trunc((deadline.getTime() - now.getTime()) / 1000);
}
