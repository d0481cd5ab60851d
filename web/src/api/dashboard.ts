import { api } from './client';

/**
 * The managers' dashboard (issue 16 item 1): GET /api/dashboard (built by i16-dash-api) and its
 * exports. Ratios are fractions 0..1; null means there was no denominator (shown as "—").
 */
export type Figures = {
  businesses: number;
  coveredBusinesses: number;
  coverage: number | null;
  devices: number;
  onlineDevices: number;
  uptime: number | null;
  blindMinutes: number;
  tamperEvents: number;
  gaps: number;
  gapMinutes: number;
  flags: number;
  decided: number;
  confirmed: number;
  dismissed: number;
  precision: number | null;
  medianTriageMinutes: number | null;
  overdue: number;
  openOverdue: number;
  casesFiled: number;
  medianFilingDays: number | null;
  medianCaseDays: number | null;
  medianServiceHours: number | null;
  overdueStages: number;
};
export type DashboardAgency = { id: string; name: string; level: 'province' | 'city' | 'district'; parentId: string | null };
export type OfficerRow = { userId: string; name: string; agencyId: string; agencyName: string; assigned: number; decided: number; confirmed: number; overdue: number; openOverdue: number; medianTriageMinutes: number | null };
export type DashboardDto = {
  agency: DashboardAgency;
  period: { from: string; to: string };
  previous: { from: string; to: string };
  generatedAt: string;
  totals: Figures;
  previousTotals: Figures;
  regions: { agency: { id: string; name: string; level: string }; figures: Figures }[];
  categories: { category: string; figures: Figures }[];
  flagTypes: { type: string; flags: number; confirmed: number; dismissed: number; precision: number | null }[];
  gapReasons: { reason: string; gaps: number; minutes: number }[];
  officers: OfficerRow[];
  daily: { day: string; flags: number; decided: number; overdue: number; uptime: number | null }[];
};

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
