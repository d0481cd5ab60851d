/**
 * The legal calendar's days (R5, R8): China's time (Asia/Shanghai, UTC+8 all year, no daylight
 * saving since 1991), Monday to Friday, minus the public holidays the administrator enters,
 * plus the weekend days worked instead (调休). Pure: the caller loads the calendar
 * (calendar.repository.ts).
 */

/** The holiday calendar: days off ('holiday') and weekend days worked ('workday'), as 'YYYY-MM-DD'. */
export type HolidayCalendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> };

export const EMPTY_CALENDAR: HolidayCalendar = { holidays: new Set(), workdays: new Set() };

const OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86400_000;

/** The Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar day after (or n days after) a 'YYYY-MM-DD' day. */
export function nextDay(day: string, n = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The first instant of a Shanghai day. */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

/** The last instant (23:59:59.999 Shanghai) of a day. */
export function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + DAY_MS - 1);
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
    if (isWorkingDay(day, cal) && --left === 0) return endOfDay(day);
  }
  throw new Error('no working day found within a year: is every day marked a holiday?');
}

/** Seconds until a deadline (negative when overdue), rounded towards zero. */
export function secondsLeft(deadline: Date, now: Date): number {
  return Math.trunc((deadline.getTime() - now.getTime()) / 1000);
}
