/**
 * Handling deadlines of flags (R5, seed 002 §8: leads are handled "within the set time limit").
 * Pure: the caller loads the policies and the holiday calendar (see policy.repository.ts).
 *
 * Working days are counted in China's time (Asia/Shanghai, UTC+8 all year, no daylight
 * saving): Monday to Friday, minus public holidays, plus the weekend days worked instead
 * (调休). The day a flag arrives does not count: a lead at 17:00 on a Friday with one working
 * day is due at the end of Monday (23:59:59.999 Shanghai time).
 */
import { addWorkingDays, type HolidayCalendar } from '../calendar/calendar.js';

// The calendar's days live in core/calendar (the cases' legal clock counts on them too).
export { addWorkingDays, isWorkingDay, secondsLeft, shanghaiDay, type HolidayCalendar } from '../calendar/calendar.js';

/** One handling policy: a deadline in working days or in hours, and whether two officers must confirm. */
export type HandlingPolicy = {
  flagType: string; // a flag type, or '*'
  category: string; // a business category, or '*'
  deadlineWorkingDays: number | null;
  deadlineHours: number | null;
  twoPerson: boolean;
};

/** Used when no policy matches (not even '*' / '*'). */
export const DEFAULT_POLICY: HandlingPolicy = { flagType: '*', category: '*', deadlineWorkingDays: 2, deadlineHours: null, twoPerson: false };

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
