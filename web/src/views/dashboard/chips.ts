import type { TFunction } from 'i18next';
import { flagTypeLabel } from '../analysis/rule-labels';

/** One removable filter chip: what it says and the URL parameters removing it drops. */
export type Chip = { label: string; params: string[] };

/**
 * The filters a list was opened with (from a dashboard figure or by hand), as chips in the UI's
 * language: region, period, category, overdue, officer, coverage, online, status, type, source.
 * Names come from the lookups given (agencies, users); an unknown id shows as "…".
 */
export function filterChips(params: URLSearchParams, t: TFunction, names: { agency(id: string): string | undefined; user(id: string): string | undefined }): Chip[] {
  const out: Chip[] = [];
  for (const k of ['regionId', 'agencyId', 'districtId']) {
    const id = params.get(k);
    if (id) out.push({ label: names.agency(id) ?? '…', params: [k] });
  }
  const from = params.get('from');
  const to = params.get('to');
  const day = (s: string) => s.slice(0, 10);
  if (from && to) out.push({ label: t('dashboard.chips.period', { from: day(from), to: day(to) }), params: ['from', 'to'] });
  else if (from) out.push({ label: t('dashboard.chips.since', { from: day(from) }), params: ['from'] });
  else if (to) out.push({ label: t('dashboard.chips.until', { to: day(to) }), params: ['to'] });
  const category = params.get('category');
  if (category) out.push({ label: t(`category.${category}`, { defaultValue: category }), params: ['category'] });
  if (params.get('overdue') === 'true') out.push({ label: t('dashboard.chips.overdue'), params: ['overdue'] });
  const assignee = params.get('assignee');
  if (assignee) out.push({ label: t('dashboard.chips.assignee', { name: names.user(assignee) ?? '…' }), params: ['assignee'] });
  const coverage = params.get('coverage');
  if (coverage === 'covered' || coverage === 'uncovered') out.push({ label: t(`dashboard.chips.${coverage}`), params: ['coverage'] });
  const online = params.get('online');
  if (online === 'true' || online === 'false') out.push({ label: t(online === 'true' ? 'dashboard.chips.online' : 'dashboard.chips.offline'), params: ['online'] });
  if (params.get('source') === 'tamper') out.push({ label: t('dashboard.chips.tamper'), params: ['source'] });
  const type = params.get('type');
  if (type) out.push({ label: flagTypeLabel(t, type), params: ['type'] });
  return out;
}

/** The URL's parameters without a chip's. */
export function withoutChip(params: URLSearchParams, chip: Chip): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of chip.params) next.delete(k);
  next.delete('offset');
  return next;
}
