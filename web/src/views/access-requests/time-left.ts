import type { TFunction } from 'i18next';

/** "3 天 4 小时" / "2 小时 5 分钟" / "12 分钟": what a grant has left. */
export function timeLeft(t: TFunction, seconds: number): string {
  const m = Math.max(0, Math.floor(seconds / 60));
  if (m >= 24 * 60) return t('accessRequests.days', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
  if (m >= 60) return t('accessRequests.hours', { h: Math.floor(m / 60), m: m % 60 });
  return t('accessRequests.minutes', { m });
}

/** A Beijing-time instant from a datetime-local value ("2026-12-05T08:30"), as ISO; null when empty or invalid. */
export function beijingIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  return new Date(`${value}:00+08:00`).toISOString();
}

/** The start of a Beijing day ("2026-12-05") as ISO, `plusDays` later; null when invalid. */
export function beijingDayIso(day: string, plusDays = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();
}

/** A datetime-local value in Beijing time for an instant. */
export function beijingLocal(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
}
