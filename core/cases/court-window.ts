import { addWorkingDays, endOfDay, isWorkingDay, nextDay, shanghaiDay, type HolidayCalendar } from '../calendar/calendar.js';

/**
 * When the agency may apply to the people's court to enforce a decision (issue 14 item 4). Pure.
 *
 * - 行政强制法 art. 53: "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政
 *   强制执行权的行政机关可以自期限届满之日起三个月内……申请人民法院强制执行". The periods are those
 *   the decision prints (clauses.ts): reconsideration sixty days (行政复议法 art. 20) and litigation
 *   six months (行政诉讼法 art. 46), both from receipt; the later, six months, is when both ran out.
 * - Art. 54: the reminder comes first, and the application only "催告书送达十日后" (ten working
 *   days: art. 69).
 * - Months end on the same day of the month (民事诉讼法 art. 85; the last day of a shorter month
 *   when there is none); a last day off moves to the next working day.
 */
export const LITIGATION_MONTHS = 6;
export const APPLICATION_MONTHS = 3;
export const AFTER_REMINDER_DAYS = 10;

/** The calendar day `months` months after `day` (YYYY-MM-DD), the month's last day when it has no such day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const workingOrNext = (day: string, cal: HolidayCalendar) => {
  let d = day;
  while (!isWorkingDay(d, cal)) d = nextDay(d);
  return d;
};

export type CourtWindow = {
  /** The litigation period's last moment: the application may be made after it. */
  remediesEndAt: Date;
  /** The last moment of the three months (行政强制法 art. 53). */
  closesAt: Date;
};

export function courtApplicationWindow(servedAt: Date, cal: HolidayCalendar): CourtWindow {
  const remediesEnd = workingOrNext(addMonths(shanghaiDay(servedAt), LITIGATION_MONTHS), cal);
  const closes = workingOrNext(addMonths(remediesEnd, APPLICATION_MONTHS), cal);
  return { remediesEndAt: endOfDay(remediesEnd), closesAt: endOfDay(closes) };
}

/** The earliest moment after a reminder served at `servedAt` when the application may be made (art. 54). */
export function afterReminder(servedAt: Date, cal: HolidayCalendar): Date {
  return addWorkingDays(servedAt, AFTER_REMINDER_DAYS, cal);
}
