import { zoneDayStart, shiftDay } from '../../format/datetime';
import { isDay, presetPeriod, type Period } from './period';

/**
 * Where the dashboard stands (all of it in the URL, so a drill is shareable and Back works) and
 * the addresses of the lists behind each figure, keeping region, period and category.
 */
export type DashboardContext = Period & { agencyId: string | null; category: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The dashboard's context from its URL; a missing period is this month (a bad one stays, for the page to refuse). */
export function readContext(params: URLSearchParams, today: string): DashboardContext {
  const def = presetPeriod('thisMonth', today);
  const agencyId = params.get('agencyId');
  return {
    agencyId: agencyId || null,
    category: params.get('category') || null,
    from: params.get('from') ?? def.from,
    to: params.get('to') ?? def.to,
  };
}

/** Whether an agency id in the URL is well-formed (the server still decides whether it is the caller's). */
export const isAgencyId = (s: string | null) => s === null || UUID.test(s);

const qs = (o: Record<string, string | null | undefined | false>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** The dashboard's own address for a context (a region drilled, a period picked). */
export function dashboardUrl(c: DashboardContext): string {
  return `/dashboard${qs({ agencyId: c.agencyId, from: c.from, to: c.to, category: c.category })}`;
}

/** The API's query for the context (GET /api/dashboard and its exports). */
export function apiQuery(c: DashboardContext): string {
  return qs({ agencyId: c.agencyId, from: c.from, to: c.to, category: c.category });
}

/** What a flag figure counts; each maps to the queue's filters. */
export type FlagDrill = { status?: 'all' | 'open' | 'confirmed' | 'dismissed'; overdue?: boolean; assignee?: string; type?: string; source?: 'tamper' };

/**
 * The triage queue (/flags) filtered to the flags behind a figure: raised in the period, under the
 * region, of the category. Flags of a period are all of them whatever their state (status=all)
 * unless the figure says otherwise; overdue = decided after the deadline or still open past it.
 */
export function flagsUrl(c: DashboardContext, d: FlagDrill = {}): string {
  return `/flags${qs({
    agencyId: c.agencyId,
    from: c.from,
    to: c.to,
    category: c.category,
    status: d.status ?? 'all',
    overdue: d.overdue ? 'true' : null,
    assignee: d.assignee,
    type: d.type,
    source: d.source,
  })}`;
}

/**
 * The register's businesses the dashboard counts (active ones) under the region and category;
 * coverage picks those covered in the period (a device online on some day of it while under
 * consent, as the dashboard counts them) or not.
 */
export function businessesUrl(c: DashboardContext, coverage?: 'covered' | 'uncovered'): string {
  return `/businesses${qs({ regionId: c.agencyId, category: c.category, status: 'active', coverage, from: coverage && c.from, to: coverage && c.to })}`;
}

/** The staff device list under the region and category; online picks the online or offline ones. */
export function devicesUrl(c: DashboardContext, online?: boolean): string {
  return `/devices${qs({ regionId: c.agencyId, category: c.category, online: online === undefined ? null : String(online) })}`;
}

/** The case list under the region, filed in the period; overdue narrows to cases with an overdue stage. */
export function casesUrl(c: DashboardContext, overdue?: boolean): string {
  return `/cases${qs({ regionId: c.agencyId, from: c.from, to: c.to, overdue: overdue ? 'true' : null })}`;
}

/**
 * A list's day filters (from/to, both days included, as the dashboard writes them) as the
 * half-open moments the APIs take: from the first day's start to the start of the day after `to`.
 */
export function dayRange(from: string | null, to: string | null): { from?: string; to?: string } {
  return {
    ...(from && isDay(from) ? { from: new Date(zoneDayStart(from)).toISOString() } : {}),
    ...(to && isDay(to) ? { to: new Date(zoneDayStart(shiftDay(to, 1))).toISOString() } : {}),
  };
}
