/**
 * The one way the web writes dates and times, per UI language, always in the authority's time
 * zone (Asia/Shanghai: a record's time is the place's time, whatever the viewer's computer says).
 *   zh-CN: 2026-12-04 16:30      en: 4 Dec 2026, 16:30
 * Absent values are "—"; a value that is not a date is shown as it is.
 */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const parts = new Intl.DateTimeFormat('en-GB', { timeZone: DISPLAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function fields(d: Date) {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: p.year, m: p.month, d: p.day, hh: p.hour, mm: p.minute };
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
