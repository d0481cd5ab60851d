import type { Schedule } from '../../core/analysis/rule-definition.js';

const DAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday (1 = Monday) and minutes since midnight of an instant in a time zone. */
export function localClock(at: Date, timeZone: string): { day: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: DAY[parts.weekday] ?? 1, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls in one of the windows; a window with from > to runs past midnight into the next day. */
export function inWindows(schedule: Schedule, at: Date): boolean {
  const { day, minutes } = localClock(at, schedule.timeZone);
  const yesterday = day === 1 ? 7 : day - 1;
  return schedule.windows.some((w) => {
    const from = toMinutes(w.from);
    const to = toMinutes(w.to);
    if (from <= to) return w.days.includes(day) && minutes >= from && minutes < to;
    // Overnight: the evening part belongs to the listed day, the early-morning part to the day after.
    return (w.days.includes(day) && minutes >= from) || (w.days.includes(yesterday) && minutes < to);
  });
}

/** Whether a rule with this schedule is in force at an instant. */
export function scheduleActive(schedule: Schedule, at: Date): boolean {
  if (schedule.mode === 'always') return true;
  const inside = inWindows(schedule, at);
  return schedule.mode === 'inside' ? inside : !inside;
}
