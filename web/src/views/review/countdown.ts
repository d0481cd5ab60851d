import type { TFunction } from 'i18next';

/** "2天3小时", "3小时5分", "4分12秒" (or English); "超期 …" once past. */
export function formatCountdown(t: TFunction, seconds: number): string {
  const s = Math.abs(Math.trunc(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = d > 0 ? t('review.dh', { d, h }) : h > 0 ? t('review.hm', { h, m }) : t('review.ms', { m, s: s % 60 });
  return seconds < 0 ? t('review.overdueBy', { time: parts }) : t('review.left', { time: parts });
}

/** Seconds until `deadlineAt` by the server's clock (`offsetMs` = server − browser). */
export const secondsUntil = (deadlineAt: string, now: number, offsetMs: number) => Math.trunc((Date.parse(deadlineAt) - (now + offsetMs)) / 1000);
