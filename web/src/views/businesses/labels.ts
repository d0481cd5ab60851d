import type { TFunction } from 'i18next';

/** Dates and times have one formatter for the whole web (web/src/format/datetime.ts). */
export { formatDate, formatDateTime } from '../../format/datetime';

export function yesNo(t: TFunction, v: boolean): string {
  return v ? t('common.yes') : t('common.no');
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
