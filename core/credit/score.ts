import type { CreditGrade } from './grade.js';
import type { CreditInputs } from './inputs.js';

/**
 * The credit score (R13; seed 002 §4), pure and published: every input, its weight (points per
 * unit), its cap and its rule text are in CREDIT_RULES below and are shown with each grade to the
 * business and to officers. A change of any number here is a new CREDIT_RULES_VERSION; each
 * stored grade names the version it was computed under.
 *
 * score = 100 + the points of every input (each within its cap), kept within 0–100;
 * A ≥ 90 > B ≥ 75 > C ≥ 60 > D. Two rules override the points:
 * - a self-report an officer found falsified grades the business D at once, for 12 months from
 *   that finding (002 §24: 提供虚假信息、瞒报谎报信息 … 按照信用监管规定进行相应处理，同时纳入执法单位
 *   重点监管范围 — D is "rectification first, focused supervision");
 * - a business with under 90 days on the platform in the window is graded at best B (too little
 *   history to be trusted as A; what it did in that time still counts against it).
 */
// v2: uptime costs 1 point per whole percentage point short (v1: per 0.1 point), so that a
// daily jitter of the 12-month figure (90.34 % → 90.31 %) no longer moves the score.
export const CREDIT_RULES_VERSION = 'credit-2026-12-v2';
export const BASE_SCORE = 100;
/** The scoring window: the 12 months before the computation. */
export const WINDOW_MONTHS = 12;
export const MIN_HISTORY_DAYS = 90;
export const SHORT_HISTORY_GRADE: CreditGrade = 'B';
/** How long a falsified self-report keeps the business at D, from the officer's finding. */
export const FALSIFIED_MONTHS = 12;
/** Uptime at or above this share costs nothing; each whole percentage point below it costs `weight` (the value is shown to 0.1 %). */
export const UPTIME_TARGET_PERCENT = 95;
export const GRADE_THRESHOLDS: readonly { grade: CreditGrade; min: number }[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 0 },
];

export type CreditInputKey =
  | 'confirmed_violations'
  | 'findings_answered_late'
  | 'findings_answered_in_time'
  | 'tamper_events'
  | 'interruptions'
  | 'uptime'
  | 'self_reports_on_time'
  | 'self_reports_late'
  | 'self_reports_missing';

export type CreditRule = { key: CreditInputKey; weight: number; cap: number; unit: 'count' | 'percent'; zh: string; en: string; basis: string };

export const CREDIT_RULES: readonly CreditRule[] = [
  { key: 'confirmed_violations', weight: -10, cap: -40, unit: 'count', zh: '确认的违法违规行为（企业确认或异议未被采纳的预警认定，及作出处罚决定的案件）：每起扣 10 分，最多扣 40 分', en: 'Confirmed violations (findings the business confirmed or whose dispute was rejected, and cases decided with a penalty): −10 each, at most −40', basis: '002 §4, §15–§17' },
  { key: 'findings_answered_late', weight: -3, cap: -15, unit: 'count', zh: '预警告知逾期未答复或逾期答复：每起扣 3 分，最多扣 15 分', en: 'Finding notices left unanswered past their deadline or answered late: −3 each, at most −15', basis: '002 §15' },
  { key: 'findings_answered_in_time', weight: 1, cap: 5, unit: 'count', zh: '预警告知在期限内答复：每起加 1 分，最多加 5 分', en: 'Finding notices answered within their deadline: +1 each, at most +5', basis: '002 §15' },
  { key: 'tamper_events', weight: -8, cap: -32, unit: 'count', zh: '设备遮挡、移动、改动等防篡改告警：每起扣 8 分，最多扣 32 分', en: 'Tamper events on its cameras (covered, moved, altered): −8 each, at most −32', basis: '002 §11, §23, §24' },
  { key: 'interruptions', weight: -1, cap: -10, unit: 'count', zh: '录像中断 10 分钟以上（平台重启、执法机关操作、同意书暂停等原因除外）：每次扣 1 分，最多扣 10 分', en: 'Recording interruptions of 10 minutes or more (except those caused by the platform, the agency or a suspended consent): −1 each, at most −10', basis: '002 §13; 002-音像 §18' },
  { key: 'uptime', weight: -1, cap: -20, unit: 'percent', zh: `设备在线率低于 ${UPTIME_TARGET_PERCENT}% 的，每低满 1 个百分点扣 1 分（不足 1 个百分点的不扣分），最多扣 20 分`, en: `Camera uptime below ${UPTIME_TARGET_PERCENT} %: −1 per whole percentage point short (a part of a point costs nothing), at most −20`, basis: '002 §13' },
  { key: 'self_reports_on_time', weight: 1, cap: 5, unit: 'count', zh: '自查报告按期报送：每期加 1 分，最多加 5 分', en: 'Self-inspection reports submitted on time: +1 each, at most +5', basis: '002 §14' },
  { key: 'self_reports_late', weight: -2, cap: -10, unit: 'count', zh: '自查报告逾期报送：每期扣 2 分，最多扣 10 分', en: 'Self-inspection reports submitted late: −2 each, at most −10', basis: '002 §14' },
  { key: 'self_reports_missing', weight: -5, cap: -20, unit: 'count', zh: '自查报告未报送：每期扣 5 分，最多扣 20 分', en: 'Self-inspection reports not submitted: −5 each, at most −20', basis: '002 §14' },
];

export const FALSIFIED_RULE = {
  zh: `自查报告经执法人员认定虚假的，自认定之日起 ${FALSIFIED_MONTHS} 个月内信用等级直接降为 D`,
  en: `A self-inspection report an officer finds falsified grades the business D at once, for ${FALSIFIED_MONTHS} months from the finding`,
  basis: '002 §24',
};
export const SHORT_HISTORY_RULE = {
  zh: `在平台监管不满 ${MIN_HISTORY_DAYS} 天的，信用等级最高为 ${SHORT_HISTORY_GRADE}`,
  en: `A business under supervision on the platform for less than ${MIN_HISTORY_DAYS} days is graded at best ${SHORT_HISTORY_GRADE}`,
  basis: '002 §4',
};

/** One input as stored and shown: its value (null: no facts, neutral), the rule's numbers, the points it gave. */
export type ScoredInput = { key: CreditInputKey; value: number | null; weight: number; cap: number; points: number };
export type CreditOverride = { kind: 'falsified_report'; since: string; until: string } | { kind: 'short_history'; historyDays: number };
export type CreditScore = { score: number; grade: CreditGrade; computedGrade: CreditGrade; rulesVersion: string; inputs: ScoredInput[]; override: CreditOverride | null };

const round1 = (n: number) => Math.round(n * 10) / 10 + 0;
const capped = (points: number, cap: number) => (cap < 0 ? Math.max(points, cap) : Math.min(points, cap));
const RANK: Record<CreditGrade, number> = { A: 0, B: 1, C: 2, D: 3 };
const worse = (a: CreditGrade, b: CreditGrade) => (RANK[a] >= RANK[b] ? a : b);

export function gradeOf(score: number): CreditGrade {
  return GRADE_THRESHOLDS.find((t) => score >= t.min)?.grade ?? 'D';
}

/** The value of each input; null where there are no facts (no cameras expected, no self-reports). */
function valueOf(key: CreditInputKey, i: CreditInputs): number | null {
  switch (key) {
    case 'confirmed_violations': return i.confirmedViolations;
    case 'findings_answered_late': return i.findingsAnsweredLate;
    case 'findings_answered_in_time': return i.findingsAnsweredInTime;
    case 'tamper_events': return i.tamperEvents;
    case 'interruptions': return i.interruptions;
    case 'uptime': return i.uptime === null ? null : round1(i.uptime * 100);
    case 'self_reports_on_time': return i.selfReports ? i.selfReports.onTime : null;
    case 'self_reports_late': return i.selfReports ? i.selfReports.late : null;
    case 'self_reports_missing': return i.selfReports ? i.selfReports.missing : null;
  }
}

/**
 * The points of one rule for a value: weight × units (uptime: the whole percentage points short of
 * the target, so a change a person would not notice — a tenth of a point — moves no point and
 * writes no new grade), within the cap.
 */
export function pointsOf(rule: CreditRule, value: number | null): number {
  if (value === null) return 0;
  // The shortfall in tenths first (90.3 → 47 tenths, never 46.99…), then whole points.
  const units = rule.unit === 'percent' ? Math.floor(Math.max(0, Math.round((UPTIME_TARGET_PERCENT - value) * 10)) / 10) : value;
  return round1(capped(rule.weight * units, rule.cap));
}

function addMonths(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** The score, the grade and every input's points, as computed at `now`. */
export function scoreCredit(inputs: CreditInputs, now: Date): CreditScore {
  const scored = CREDIT_RULES.map((rule) => {
    const value = valueOf(rule.key, inputs);
    return { key: rule.key, value, weight: rule.weight, cap: rule.cap, points: pointsOf(rule, value) };
  });
  const score = round1(Math.min(100, Math.max(0, BASE_SCORE + scored.reduce((n, s) => n + s.points, 0))));
  const computedGrade = gradeOf(score);
  const falsifiedAt = inputs.selfReports?.falsifiedAt ?? null;
  if (falsifiedAt && falsifiedAt <= now && now < addMonths(falsifiedAt, FALSIFIED_MONTHS)) {
    const override: CreditOverride = { kind: 'falsified_report', since: falsifiedAt.toISOString(), until: addMonths(falsifiedAt, FALSIFIED_MONTHS).toISOString() };
    return { score, grade: 'D', computedGrade, rulesVersion: CREDIT_RULES_VERSION, inputs: scored, override };
  }
  if (inputs.historyDays < MIN_HISTORY_DAYS) {
    const grade = worse(computedGrade, SHORT_HISTORY_GRADE);
    return { score, grade, computedGrade, rulesVersion: CREDIT_RULES_VERSION, inputs: scored, override: { kind: 'short_history', historyDays: inputs.historyDays } };
  }
  return { score, grade: computedGrade, computedGrade, rulesVersion: CREDIT_RULES_VERSION, inputs: scored, override: null };
}

/** The window a score computed at `now` covers: the 12 months before it. */
export function windowOf(now: Date): { from: Date; to: Date } {
  return { from: addMonths(now, -WINDOW_MONTHS), to: now };
}
