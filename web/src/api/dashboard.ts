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

/** `query` is the dashboard's own (drill.ts apiQuery): "?agencyId=…&from=…&to=…&category=…". */
export const getDashboard = (query: string, signal?: AbortSignal) => api.get<DashboardDto>(`/api/dashboard${query}`, { signal });
/** The downloads: the same query; the browser sends the session cookie with the link. */
export const dashboardExportPath = (query: string, kind: 'xlsx' | 'csv') => `/api/dashboard/export.${kind}${query}`;
