/**
 * The one way the web writes dates and times, per UI language, always in the authority's time
 * zone (Asia/Shanghai: a record's time is the place's time, whatever the viewer's computer says).
 *   zh-CN: 2026-12-04 16:30      en: 4 Dec 2026, 16:30
 * Absent values are "—"; a value that is not a date is shown as it is.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const parts = new Intl.DateTimeFormat('en-GB', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A moment's calendar fields in the authority's zone, as the formatter writes them (zero-padded). */
function fields(d: Date) {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: p.year, m: p.month, d: p.day, hh: p.hour, mm: p.minute, ss: p.second };
}

function parse(value: string): Date | null {
  // A plain calendar day (YYYY-MM-DD) is that day in the authority's zone, not UTC midnight.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const isEn = (lang: string) => lang.startsWith('en');
const day = (f: ReturnType<typeof fields>, lang: string) => (isEn(lang) ? `${Number(f.d)} ${EN_MONTHS[Number(f.m) - 1]} ${f.y}` : `${f.y}-${f.m}-${f.d}`);

/** A moment: date and time to the minute. */
export function formatDateTime(iso: string | Date | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = iso instanceof Date ? iso : parse(iso);
  if (!d) return String(iso);
  const f = fields(d);
  return isEn(lang) ? `${day(f, lang)}, ${f.hh}:${f.mm}` : `${day(f, lang)} ${f.hh}:${f.mm}`;
}

/** A calendar day (YYYY-MM-DD or a moment). */
export function formatDate(iso: string | Date | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = iso instanceof Date ? iso : parse(iso);
  return d ? day(fields(d), lang) : String(iso);
}

/** The time of day only (HH:mm), for a moment already placed by its date. */
export function formatClock(iso: string | Date, lang: string): string {
  void lang; // the same in both languages (24-hour clock)
  const d = iso instanceof Date ? iso : parse(iso);
  if (!d) return String(iso);
  const f = fields(d);
  return `${f.hh}:${f.mm}`;
}

/** The same fields as numbers. */
function zoned(ms: number) {
  const f = fields(new Date(ms));
  return { y: Number(f.y), mo: Number(f.m), d: Number(f.d), h: Number(f.hh), mi: Number(f.mm), s: Number(f.ss) };
}

/** How far the authority's zone is ahead of UTC at a moment (ms). */
function zoneOffsetMs(ms: number): number {
  const z = zoned(ms);
  return Date.UTC(z.y, z.mo - 1, z.d, z.h, z.mi, z.s) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The calendar day (YYYY-MM-DD) of a moment in the authority's zone — what "today" means on a page. */
export function zoneDay(at: number | Date = Date.now()): string {
  const f = fields(typeof at === 'number' ? new Date(at) : at);
  return `${f.y}-${f.m}-${f.d}`;
}

/** The moment a calendar day (YYYY-MM-DD) begins in the authority's zone (ms). */
export function zoneDayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then at the corrected moment (right across a change of offset).
  const first = utcMidnight - zoneOffsetMs(utcMidnight);
  return utcMidnight - zoneOffsetMs(first);
}

/** A calendar day n days later (or earlier). */
export function shiftDay(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The time of day of a moment in the authority's zone: HH:mm, or HH:mm:ss. */
export function zoneClock(at: number, seconds = false): string {
  const f = fields(new Date(at));
  return `${f.hh}:${f.mm}${seconds ? `:${f.ss}` : ''}`;
}

/** The hour (0–23) of a moment in the authority's zone. */
export function zoneHour(at: number): number {
  return zoned(at).h;
}

/** Date and time to the second, for a player's position or a reading's exact moment. */
export function formatDateTimeSeconds(at: number | Date, lang: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return `${formatDate(new Date(ms), lang)}${isEn(lang) ? ',' : ''} ${zoneClock(ms, true)}`;
}
