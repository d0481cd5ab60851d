/**
 * The facts a credit score is computed from (R13; 002 §4: the credit and risk analysis made with
 * the remote-supervision devices enters the business's credit evaluation). All are counted over the
 * scoring window, the 12 months before the computation ([from, to)).
 */

// Self-report facts for the credit score: counted by the self-reports (core/self-reports/facts.ts,
// api/self-reports/self-report.repository.ts `facts`), which the composition root passes in.
import type { SelfReportFacts, SelfReportFactsSource } from '../self-reports/facts.js';
export type { SelfReportFacts, SelfReportFactsSource } from '../self-reports/facts.js';

/** No self-report facts at all (scored as neutral, 0 points): for benches that measure the rest of the score. */
export const noSelfReportsYet: SelfReportFactsSource = async () => new Map();

/** Everything the score of one business is computed from (a pure value: the repository fills it). */
export interface CreditInputs {
  businessId: string;
  /** Days in the window the business has been registered on the platform (0–365). */
  historyDays: number;
  /** Findings the business confirmed or whose dispute was upheld, plus cases decided with a penalty. */
  confirmedViolations: number;
  /** Findings answered (confirmed or disputed) before their respond_by. */
  findingsAnsweredInTime: number;
  /** Findings whose respond_by passed unanswered, or answered after it. */
  findingsAnsweredLate: number;
  /** Flags raised by the tamper checks on the business's cameras (source 'tamper'). */
  tamperEvents: number;
  /** Recording gaps of its devices not explained by the platform, the agency or a consent suspension. */
  interruptions: number;
  /** Online share (0–1) of the minutes its cameras were expected to stream; null if none was. */
  uptime: number | null;
  /** Self-report timeliness and falsification; null: no facts (neutral). */
  selfReports: SelfReportFacts | null;
}

/**
 * Reasons a recording gap has that are not the business's doing, so not interruptions: the
 * platform restarted or the device reconnected (superseded), the agency rotated or revoked the
 * key, suspended or retired the device, or the consent was suspended, revoked, expired or not yet
 * in force (core/consent/publish-authority.ts PublishRefusal codes; 002-音像 §18: a stopped
 * recording records why).
 */
export const EXPLAINED_GAP_REASONS: readonly string[] = [
  'streams_restart',
  'superseded',
  'key_rotated',
  'key_revoked',
  'ticket_expired',
  'device_suspended',
  'device_retired',
  'no_consent',
  'consent_not_signed',
  'consent_suspended',
  'consent_revoked',
  'consent_expired',
  'consent_not_yet_valid',
];
/** A gap shorter than this (a reconnect) is not counted as an interruption. */
export const INTERRUPTION_MIN_MINUTES = 10;
