import type { BusinessCategory } from '../db/database.js';
import { dueAt, periodsBetween, REPORT_PERIODS } from './periods.js';

/**
 * Self-report facts for the credit score (issue 16 item 4; core/credit/inputs.ts re-exports them):
 * the credit module reads them through `SelfReportFactsSource`, passed by the composition root.
 */
export interface SelfReportFacts {
  businessId: string;
  due: number;      // report periods whose deadline fell within [from, to)
  onTime: number;   // of those, submitted by the deadline
  late: number;     // of those, submitted after the deadline
  missing: number;  // of those, deadline passed and nothing submitted
  falsifiedAt: Date | null; // latest report an officer found falsified (downgrades at once), null if none
}
export type SelfReportFactsSource = (businessIds: readonly string[], from: Date, to: Date) => Promise<Map<string, SelfReportFacts>>;

/**
 * Counts one business's periods whose due day ended within [from, min(to, now)): a deadline
 * that has not passed yet is not due. `firstSigned` maps a period's first day to when its first
 * version was signed (a report returned and corrected counts from its first signature).
 */
export function countPeriods(b: { id: string; category: BusinessCategory; createdAt: Date }, firstSigned: ReadonlyMap<string, Date>, from: Date, to: Date, now: Date): Omit<SelfReportFacts, 'falsifiedAt'> {
  const until = new Date(Math.min(to.getTime(), now.getTime()));
  const out = { businessId: b.id, due: 0, onTime: 0, late: 0, missing: 0 };
  if (until <= from) return out;
  for (const p of periodsBetween(REPORT_PERIODS[b.category], b.createdAt, until)) {
    const due = dueAt(p);
    if (due < from || due >= until) continue;
    out.due++;
    const signed = firstSigned.get(p.start);
    if (!signed) out.missing++;
    else if (signed <= due) out.onTime++;
    else out.late++;
  }
  return out;
}
