import { api } from './client';

/**
 * The managers' dashboard (issue 16 item 1): GET /api/dashboard (built by i16-dash-api) and its
 * exports. Ratios are fractions 0..1; null means there was no denominator (shown as "—").
 */
export type { DashboardAgency, DashboardDto, Figures, OfficerRow } from '../../../core/dashboard/figures';
import type { DashboardDto } from '../../../core/dashboard/figures';

/** A request started ahead, while the page's code loads (prefetchDashboard); taken once, by the first matching getDashboard. */
let ahead: { query: string; at: number; answer: Promise<DashboardDto> } | null = null;

/** Starts GET /api/dashboard for `query` now, for the page about to ask for it (saves waiting for its code first). */
export function prefetchDashboard(query: string): void {
  const answer = api.get<DashboardDto>(`/api/dashboard${query}`);
  answer.catch(() => undefined); // the page asks again and shows its own error
  ahead = { query, at: Date.now(), answer };
}

/** `query` is the dashboard's own (drill.ts apiQuery): "?agencyId=…&from=…&to=…&category=…". */
export const getDashboard = (query: string, signal?: AbortSignal): Promise<DashboardDto> => {
  if (ahead && ahead.query === query && Date.now() - ahead.at < 10_000) {
    const { answer } = ahead;
    ahead = null;
    return answer;
  }
  return api.get<DashboardDto>(`/api/dashboard${query}`, { signal });
};
/** The downloads: the same query; the browser sends the session cookie with the link. */
export const dashboardExportPath = (query: string, kind: 'xlsx' | 'csv') => `/api/dashboard/export.${kind}${query}`;
