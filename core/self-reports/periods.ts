import type { BusinessCategory } from '../db/database.js';
import { endOfDay, nextDay, shanghaiDay, startOfDay } from '../calendar/calendar.js';

/**
 * Self-inspection reporting periods (R14; seed 002 §14 自律信息报送): pure maths on Beijing calendar
 * days ('YYYY-MM-DD', Asia/Shanghai). A period runs from its first to its last day inclusive; its
 * report is due by the end of the DUE_DAYS-th day after the period ends, may still be submitted
 * late (marked 逾期) until the next period's due day ends, and after that the period is closed:
 * nothing more can be submitted for it and, if nothing came, it stays missing for good.
 *
 * Why these lengths (one table, to change in one place):
 * - kitchens (school canteens; hospitals, whose monitored places are their kitchens): monthly —
 *   food handled every day is the highest risk a device watches, and 《餐饮服务食品安全操作规范》
 *   (市场监管总局 2018) asks the operator to inspect itself regularly; a month keeps the report
 *   close to what the cameras see;
 * - public places, water supply and others: quarterly — 《公共场所卫生管理条例实施细则》 art. 19
 *   asks for hygiene tests at least once a year and 二次供水 facilities are cleaned and
 *   disinfected at least yearly (GB 17051), so a quarter gives several reports between them.
 */
export type PeriodLength = 'month' | 'quarter';

export const REPORT_PERIODS: Record<BusinessCategory, PeriodLength> = {
  school_canteen: 'month',
  medical: 'month',
  public_place: 'quarter',
  water_supply: 'quarter',
  other: 'quarter',
};

/** Days after a period's last day by which its report is on time (that day included). */
export const DUE_DAYS = 10;

export type Period = {
  /** '2026-12' (month) or '2026-Q4' (quarter). */
  key: string;
  /** First and last Beijing day, inclusive. */
  start: string;
  end: string;
  /** Last day on time; last day a late report is taken (the next period's due day). */
  due: string;
  closes: string;
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m 1..12

function build(length: PeriodLength, y: number, firstMonth: number): Period {
  const months = length === 'month' ? 1 : 3;
  const lastMonth = firstMonth + months - 1;
  const start = `${y}-${pad(firstMonth)}-01`;
  const end = `${y}-${pad(lastMonth)}-${pad(lastDayOfMonth(y, lastMonth))}`;
  const key = length === 'month' ? `${y}-${pad(firstMonth)}` : `${y}-Q${(firstMonth - 1) / 3 + 1}`;
  const due = nextDay(end, DUE_DAYS);
  // The next period's due day: its end plus DUE_DAYS.
  const nextStart = nextDay(end);
  const ny = Number(nextStart.slice(0, 4));
  const nm = Number(nextStart.slice(5, 7));
  const nextEnd = `${ny}-${pad(nm + months - 1)}-${pad(lastDayOfMonth(ny, nm + months - 1))}`;
  return { key, start, end, due, closes: nextDay(nextEnd, DUE_DAYS) };
}

/** The period of this length that holds a Beijing day. */
export function periodOfDay(length: PeriodLength, day: string): Period {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return build(length, y, length === 'month' ? m : Math.floor((m - 1) / 3) * 3 + 1);
}

/** The period that starts on this day, or null when no period of this length starts then. */
export function periodStarting(length: PeriodLength, start: string): Period | null {
  if (!/^\d{4}-\d{2}-01$/.test(start)) return null;
  const p = periodOfDay(length, start);
  return p.start === start ? p : null;
}

export const periodAt = (length: PeriodLength, at: Date) => periodOfDay(length, shanghaiDay(at));
export const previousPeriod = (length: PeriodLength, p: Period) => periodOfDay(length, nextDay(p.start, -1));
export const nextPeriod = (length: PeriodLength, p: Period) => periodOfDay(length, nextDay(p.end));

/** Instants: the period's first moment, the end of its due day, the end of its closing day. */
export const beginsAt = (p: Period) => startOfDay(p.start);
export const dueAt = (p: Period) => endOfDay(p.due);
export const closesAt = (p: Period) => endOfDay(p.closes);

/**
 * Where a period stands for one business at `now`, given when its report was first submitted
 * (null: not yet):
 * - upcoming: not begun (nothing may be submitted yet);
 * - open: running, or ended with its due day not past, nothing submitted;
 * - late: due day past, still taken (marked 逾期) until it closes;
 * - missing: closed with nothing submitted;
 * - submitted / submitted_late: by the end of the due day, or after it.
 */
export type PeriodState = 'upcoming' | 'open' | 'late' | 'missing' | 'submitted' | 'submitted_late';

export function periodState(p: Period, now: Date, submittedAt: Date | null): PeriodState {
  if (submittedAt) return submittedAt.getTime() <= dueAt(p).getTime() ? 'submitted' : 'submitted_late';
  if (now.getTime() < beginsAt(p).getTime()) return 'upcoming';
  if (now.getTime() <= dueAt(p).getTime()) return 'open';
  if (now.getTime() <= closesAt(p).getTime()) return 'late';
  return 'missing';
}

/** Whether a report for the period may be submitted at `now`, and if so whether it is late. */
export function submission(p: Period, now: Date): { ok: true; late: boolean } | { ok: false; reason: 'self_report.period_not_begun' | 'self_report.period_closed' } {
  if (now.getTime() < beginsAt(p).getTime()) return { ok: false, reason: 'self_report.period_not_begun' };
  if (now.getTime() > closesAt(p).getTime()) return { ok: false, reason: 'self_report.period_closed' };
  return { ok: true, late: now.getTime() > dueAt(p).getTime() };
}

/**
 * The periods a business owes, oldest first: from the one holding the day it was registered
 * (`since`) to the one holding `until`.
 */
export function periodsBetween(length: PeriodLength, since: Date, until: Date): Period[] {
  const out: Period[] = [];
  const last = periodAt(length, until);
  for (let p = periodAt(length, since); p.start <= last.start; p = nextPeriod(length, p)) out.push(p);
  return out;
}
