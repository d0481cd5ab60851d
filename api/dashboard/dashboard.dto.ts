import { BUSINESS_CATEGORIES } from '../../core/db/database.js';
import { z } from '../http/openapi.js';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dashboard.day_invalid');

/** GET /api/dashboard (and its exports): the region (default: the caller's agency), the period of whole Beijing days, a category. */
export const DashboardQuery = z.object({
  agencyId: z.uuid().optional(),
  from: DAY.optional().openapi({ description: 'First Beijing day, YYYY-MM-DD (default: 29 days before `to`)' }),
  to: DAY.optional().openapi({ description: 'Last Beijing day, included, not after today (default: today)' }),
  category: z.enum(BUSINESS_CATEGORIES as [string, ...string[]]).optional(),
});

const ratio = z.number().min(0).max(1).nullable();
const n = z.number();
const median = z.number().nullable();

export const FiguresDto = z
  .object({
    businesses: n, coveredBusinesses: n, coverage: ratio,
    devices: n, onlineDevices: n, uptime: ratio,
    blindMinutes: n, tamperEvents: n, gaps: n, gapMinutes: n,
    flags: n, decided: n, confirmed: n, dismissed: n, precision: ratio,
    medianTriageMinutes: median, overdue: n, openOverdue: n,
    casesFiled: n, medianFilingDays: median, medianCaseDays: median, medianServiceHours: median, overdueStages: n,
  })
  .openapi('DashboardFigures');

const Day = z.object({ from: z.string(), to: z.string() });

export const DashboardDto = z
  .object({
    agency: z.object({ id: z.string(), name: z.string(), level: z.enum(['province', 'city', 'district']), parentId: z.string().nullable() }),
    period: Day,
    previous: Day,
    generatedAt: z.string(),
    totals: FiguresDto,
    previousTotals: FiguresDto,
    regions: z.array(z.object({ agency: z.object({ id: z.string(), name: z.string(), level: z.string() }), figures: FiguresDto })),
    categories: z.array(z.object({ category: z.string(), figures: FiguresDto })),
    flagTypes: z.array(z.object({ type: z.string(), flags: n, confirmed: n, dismissed: n, precision: ratio })),
    gapReasons: z.array(z.object({ reason: z.string(), gaps: n, minutes: n })),
    officers: z.array(z.object({ userId: z.string(), name: z.string(), agencyId: z.string(), agencyName: z.string(), assigned: n, decided: n, confirmed: n, overdue: n, openOverdue: n, medianTriageMinutes: median })),
    daily: z.array(z.object({ day: z.string(), flags: n, decided: n, overdue: n, uptime: ratio })),
  })
  .openapi('Dashboard');
