/**
 * The dashboard's figures (issue 16 item 1) and the arithmetic on them, pure. What each figure
 * counts is defined where it is read (api/dashboard/dashboard.repository.ts); here are the shape,
 * the ratios (fractions 0..1, null when the denominator is 0) and the sums.
 */
export type Figures = {
  /** Active businesses of the region (and category). */
  businesses: number;
  /** Of those, the ones with a device online on some day of the period while counted (under an active consent). */
  coveredBusinesses: number;
  coverage: number | null;
  /** Devices counted on the period's last day: of an active business, under an active consent signed by then. */
  devices: number;
  /** Devices online on some day of the period while counted. */
  onlineDevices: number;
  /** Online share of the counted devices' time: online seconds / Σ over the days (devices counted that day × the day's seconds). */
  uptime: number | null;
  /** Minutes a device was online but blind: covered, turned away or defocused (tamper flags' duration within the period). */
  blindMinutes: number;
  /** Tamper flags (covered, blurred, frozen, moved) started in the period. */
  tamperEvents: number;
  /** Recording gaps started in the period, and the minutes of all gaps within the period. */
  gaps: number;
  gapMinutes: number;
  /** Flags raised in the period; of those decided (confirmed or dismissed) by now; precision = confirmed / (confirmed + dismissed). */
  flags: number;
  decided: number;
  confirmed: number;
  dismissed: number;
  precision: number | null;
  /** Median minutes from a flag's creation to its decision (decided flags of the period). */
  medianTriageMinutes: number | null;
  /** Flags of the period decided after their deadline or still undecided past it now; openOverdue: the latter. */
  overdue: number;
  openOverdue: number;
  /** Cases filed (立案) in the period; median days accepted → filed of those; median days filed → closed of cases closed in the period. */
  casesFiled: number;
  medianFilingDays: number | null;
  medianCaseDays: number | null;
  /** Median hours from a delivery's creation to its service, for deliveries served in the period. */
  medianServiceHours: number | null;
  /** Case clocks (stages' time limits) due in the period and stopped after their due time or still running past it. */
  overdueStages: number;
};

export const EMPTY_FIGURES: Figures = {
  businesses: 0, coveredBusinesses: 0, coverage: null, devices: 0, onlineDevices: 0, uptime: null,
  blindMinutes: 0, tamperEvents: 0, gaps: 0, gapMinutes: 0,
  flags: 0, decided: 0, confirmed: 0, dismissed: 0, precision: null, medianTriageMinutes: null, overdue: 0, openOverdue: 0,
  casesFiled: 0, medianFilingDays: null, medianCaseDays: null, medianServiceHours: null, overdueStages: 0,
};

/** A share, null when there is nothing to share. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The median of some numbers (the mean of the middle two for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The counts a group's figures are made of (medians come ready from the database). */
export type Counts = {
  businesses: number; coveredBusinesses: number; devices: number; onlineDevices: number; onlineSeconds: number; deviceSeconds: number;
  blindSeconds: number; tamperEvents: number; gaps: number; gapSeconds: number;
  flags: number; decided: number; confirmed: number; dismissed: number; medianTriageMinutes: number | null; overdue: number; openOverdue: number;
  casesFiled: number; medianFilingDays: number | null; medianCaseDays: number | null; medianServiceHours: number | null; overdueStages: number;
};

export const ZERO_COUNTS: Counts = {
  businesses: 0, coveredBusinesses: 0, devices: 0, onlineDevices: 0, onlineSeconds: 0, deviceSeconds: 0, blindSeconds: 0, tamperEvents: 0, gaps: 0, gapSeconds: 0,
  flags: 0, decided: 0, confirmed: 0, dismissed: 0, medianTriageMinutes: null, overdue: 0, openOverdue: 0,
  casesFiled: 0, medianFilingDays: null, medianCaseDays: null, medianServiceHours: null, overdueStages: 0,
};

/** Minutes from seconds, to a tenth. */
const minutes = (s: number) => Math.round(s / 6) / 10;

export function figuresOf(c: Counts): Figures {
  return {
    businesses: c.businesses,
    coveredBusinesses: c.coveredBusinesses,
    coverage: ratio(c.coveredBusinesses, c.businesses),
    devices: c.devices,
    onlineDevices: c.onlineDevices,
    uptime: ratio(c.onlineSeconds, c.deviceSeconds),
    blindMinutes: minutes(c.blindSeconds),
    tamperEvents: c.tamperEvents,
    gaps: c.gaps,
    gapMinutes: minutes(c.gapSeconds),
    flags: c.flags,
    decided: c.decided,
    confirmed: c.confirmed,
    dismissed: c.dismissed,
    precision: ratio(c.confirmed, c.confirmed + c.dismissed),
    medianTriageMinutes: c.medianTriageMinutes,
    overdue: c.overdue,
    openOverdue: c.openOverdue,
    casesFiled: c.casesFiled,
    medianFilingDays: c.medianFilingDays,
    medianCaseDays: c.medianCaseDays,
    medianServiceHours: c.medianServiceHours,
    overdueStages: c.overdueStages,
  };
}

/** The change of a figure against the previous period: the difference, null where either side is null. */
export function change(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before;
}

/** An agency as the dashboard names it. */
export type DashboardAgency = { id: string; name: string; level: 'province' | 'city' | 'district'; parentId: string | null };
/** One officer's (or manager's) workload in the period: flags assigned to him now, decided, confirmed, overdue. */
export type OfficerRow = { userId: string; name: string; agencyId: string; agencyName: string; assigned: number; decided: number; confirmed: number; overdue: number; openOverdue: number; medianTriageMinutes: number | null };
/** GET /api/dashboard: the figures of a region, its sub-regions, categories, rule types, gap reasons, officers and days, with the previous period's totals. */
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
