import type { DashboardDto, Figures } from '../../api/dashboard';

/**
 * A realistic answer of GET /api/dashboard (the contract i16-dash-api builds to): 金华市 in
 * November 2026 with its two districts, for the view logic's tests. The numbers add up: the
 * city's totals are the districts' sums, ratios are their counts' quotients.
 */
const fig = (f: Partial<Figures>): Figures => ({
  businesses: 0, coveredBusinesses: 0, coverage: null, devices: 0, onlineDevices: 0, uptime: null, blindMinutes: 0, tamperEvents: 0, gaps: 0, gapMinutes: 0,
  flags: 0, decided: 0, confirmed: 0, dismissed: 0, precision: null, medianTriageMinutes: null, overdue: 0, openOverdue: 0,
  casesFiled: 0, medianFilingDays: null, medianCaseDays: null, medianServiceHours: null, overdueStages: 0, ...f,
});

export const WC = '6f1c2a4e-0b1d-4c55-9a0e-3c1f00000702';
export const JD = '6f1c2a4e-0b1d-4c55-9a0e-3c1f00000703';
export const JH = '6f1c2a4e-0b1d-4c55-9a0e-3c1f00000700';

const wc = fig({ businesses: 40, coveredBusinesses: 30, coverage: 0.75, devices: 120, onlineDevices: 114, uptime: 0.962, blindMinutes: 310, tamperEvents: 9, gaps: 14, gapMinutes: 260, flags: 180, decided: 170, confirmed: 51, dismissed: 119, precision: 0.3, medianTriageMinutes: 95, overdue: 12, openOverdue: 3, casesFiled: 4, medianFilingDays: 5, medianCaseDays: 41, medianServiceHours: 30, overdueStages: 1 });
const jd = fig({ businesses: 25, coveredBusinesses: 15, coverage: 0.6, devices: 60, onlineDevices: 51, uptime: 0.901, blindMinutes: 540, tamperEvents: 15, gaps: 22, gapMinutes: 610, flags: 90, decided: 80, confirmed: 32, dismissed: 48, precision: 0.4, medianTriageMinutes: 150, overdue: 20, openOverdue: 7, casesFiled: 2, medianFilingDays: 8, medianCaseDays: 55, medianServiceHours: 44, overdueStages: 2 });

export const dashboardFixture: DashboardDto = {
  agency: { id: JH, name: '金华市卫生健康委员会', level: 'city', parentId: '6f1c2a4e-0b1d-4c55-9a0e-3c1f00000330' },
  period: { from: '2026-11-01', to: '2026-11-30' },
  previous: { from: '2026-10-02', to: '2026-10-31' },
  generatedAt: '2026-12-05T02:00:00.000Z',
  totals: fig({ businesses: 65, coveredBusinesses: 45, coverage: 45 / 65, devices: 180, onlineDevices: 165, uptime: 0.942, blindMinutes: 850, tamperEvents: 24, gaps: 36, gapMinutes: 870, flags: 270, decided: 250, confirmed: 83, dismissed: 167, precision: 83 / 250, medianTriageMinutes: 110, overdue: 32, openOverdue: 10, casesFiled: 6, medianFilingDays: 6, medianCaseDays: 44, medianServiceHours: 36, overdueStages: 3 }),
  previousTotals: fig({ businesses: 64, coveredBusinesses: 40, coverage: 40 / 64, devices: 176, onlineDevices: 166, uptime: 0.951, blindMinutes: 700, tamperEvents: 30, gaps: 36, gapMinutes: 900, flags: 240, decided: 230, confirmed: 70, dismissed: 160, precision: 70 / 230, medianTriageMinutes: 130, overdue: 28, openOverdue: 6, casesFiled: 6, medianFilingDays: null, medianCaseDays: 40, medianServiceHours: 36, overdueStages: 3 }),
  regions: [
    { agency: { id: WC, name: '婺城区卫生健康局', level: 'district' }, figures: wc },
    { agency: { id: JD, name: '金东区卫生健康局', level: 'district' }, figures: jd },
  ],
  categories: [
    { category: 'medical', figures: fig({ businesses: 30, coveredBusinesses: 25, coverage: 25 / 30, flags: 150 }) },
    { category: 'public_place', figures: fig({ businesses: 35, coveredBusinesses: 20, coverage: 20 / 35, flags: 120 }) },
  ],
  flagTypes: [
    { type: 'camera_covered', flags: 24, confirmed: 10, dismissed: 14, precision: 10 / 24 },
    { type: 'no_mask', flags: 246, confirmed: 73, dismissed: 153, precision: 73 / 226 },
  ],
  gapReasons: [
    { reason: 'publisher_gone', gaps: 30, minutes: 700 },
    { reason: 'streams_restart', gaps: 6, minutes: 170 },
  ],
  officers: [
    { userId: '0a7d3b0e-1111-4e2e-8b8b-000000000001', name: '王强', agencyId: WC, agencyName: '婺城区卫生健康局', assigned: 120, decided: 115, confirmed: 35, overdue: 8, openOverdue: 2, medianTriageMinutes: 80 },
    { userId: '0a7d3b0e-1111-4e2e-8b8b-000000000002', name: '陈静', agencyId: JD, agencyName: '金东区卫生健康局', assigned: 90, decided: 80, confirmed: 32, overdue: 20, openOverdue: 7, medianTriageMinutes: 150 },
  ],
  daily: Array.from({ length: 30 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, flags: 9, decided: 8, overdue: i % 3 === 0 ? 2 : 1, uptime: i === 14 ? null : 0.94 })),
};
