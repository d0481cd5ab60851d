import { describe, expect, it } from 'vitest';
import type { CreditInputs, SelfReportFacts } from './inputs.js';
import { CREDIT_RULES, CREDIT_RULES_VERSION, gradeOf, scoreCredit, windowOf, type CreditInputKey } from './score.js';

const NOW = new Date('2026-12-09T02:00:00Z');
/** A business a year on the platform with a clean record: 100 points. */
const clean = (over: Partial<CreditInputs> = {}): CreditInputs => ({
  businessId: 'b1',
  historyDays: 365,
  confirmedViolations: 0,
  findingsAnsweredInTime: 0,
  findingsAnsweredLate: 0,
  tamperEvents: 0,
  interruptions: 0,
  uptime: 0.99,
  selfReports: null,
  ...over,
});
const reports = (over: Partial<SelfReportFacts> = {}): SelfReportFacts => ({ businessId: 'b1', due: 0, onTime: 0, late: 0, missing: 0, falsifiedAt: null, ...over });
const pointsOf = (s: ReturnType<typeof scoreCredit>, key: CreditInputKey) => s.inputs.find((i) => i.key === key)!.points;

describe('credit score (R13; 002 §4)', () => {
  it('a clean year scores 100 and grades A; every rule is shown with value, weight, cap and points', () => {
    const s = scoreCredit(clean(), NOW);
    expect(s).toMatchObject({ score: 100, grade: 'A', rulesVersion: CREDIT_RULES_VERSION, override: null });
    expect(s.inputs.map((i) => i.key)).toEqual(CREDIT_RULES.map((r) => r.key));
    expect(s.inputs.find((i) => i.key === 'uptime')).toEqual({ key: 'uptime', value: 99, weight: -1, cap: -20, points: 0 });
  });

  it('each confirmed violation costs 10, at most 40', () => {
    expect(scoreCredit(clean({ confirmedViolations: 1 }), NOW)).toMatchObject({ score: 90, grade: 'A' });
    expect(scoreCredit(clean({ confirmedViolations: 2 }), NOW)).toMatchObject({ score: 80, grade: 'B' });
    expect(pointsOf(scoreCredit(clean({ confirmedViolations: 9 }), NOW), 'confirmed_violations')).toBe(-40);
  });

  it('findings answered late cost 3 each (cap 15); answered in time earn 1 each (cap 5), never above 100', () => {
    expect(scoreCredit(clean({ findingsAnsweredLate: 2 }), NOW).score).toBe(94);
    expect(pointsOf(scoreCredit(clean({ findingsAnsweredLate: 10 }), NOW), 'findings_answered_late')).toBe(-15);
    expect(scoreCredit(clean({ confirmedViolations: 2, findingsAnsweredInTime: 3 }), NOW).score).toBe(83);
    expect(pointsOf(scoreCredit(clean({ findingsAnsweredInTime: 30 }), NOW), 'findings_answered_in_time')).toBe(5);
    expect(scoreCredit(clean({ findingsAnsweredInTime: 3 }), NOW).score).toBe(100);
  });

  it('tamper events cost 8 each (cap 32), interruptions 1 each (cap 10)', () => {
    expect(scoreCredit(clean({ tamperEvents: 2 }), NOW)).toMatchObject({ score: 84, grade: 'B' });
    expect(pointsOf(scoreCredit(clean({ tamperEvents: 5 }), NOW), 'tamper_events')).toBe(-32);
    expect(scoreCredit(clean({ interruptions: 4 }), NOW).score).toBe(96);
    expect(pointsOf(scoreCredit(clean({ interruptions: 40 }), NOW), 'interruptions')).toBe(-10);
  });

  it('uptime costs 1 per whole percentage point below 95 %, at most 20; no cameras expected is neutral', () => {
    expect(scoreCredit(clean({ uptime: 0.95 }), NOW).score).toBe(100);
    expect(scoreCredit(clean({ uptime: 0.875 }), NOW).score).toBe(93);
    expect(scoreCredit(clean({ uptime: 0.9 }), NOW).score).toBe(95);
    expect(scoreCredit(clean({ uptime: 0.949 }), NOW).score).toBe(100);
    expect(scoreCredit(clean({ uptime: 0.94 }), NOW).score).toBe(99);
    expect(pointsOf(scoreCredit(clean({ uptime: 0.1 }), NOW), 'uptime')).toBe(-20);
    const none = scoreCredit(clean({ uptime: null }), NOW);
    expect(none.score).toBe(100);
    expect(none.inputs.find((i) => i.key === 'uptime')).toMatchObject({ value: null, points: 0 });
  });

  it('a tenth of a point of uptime moves no point (no new grade row); a whole point does (v2)', () => {
    const at = (uptime: number) => scoreCredit(clean({ uptime }), NOW);
    // 90.34 % → 90.31 % → 90.28 %: shown 90.3 %, 4 points short in whole points: −4 each time.
    expect([0.9034, 0.9031, 0.9028].map((u) => [at(u).inputs.find((i) => i.key === 'uptime')!.value, at(u).score])).toEqual([[90.3, 96], [90.3, 96], [90.3, 96]]);
    expect([at(0.9096).score, at(0.9101).score, at(0.8999).score]).toEqual([96, 96, 95]);
    expect(at(0.8951).score).toBe(95);
    expect(at(0.885).score).toBe(94);
  });

  it('self-reports: on time +1 (cap 5), late −2 (cap 10), missing −5 (cap 20); no facts is neutral', () => {
    expect(scoreCredit(clean({ confirmedViolations: 1, selfReports: reports({ due: 4, onTime: 4 }) }), NOW).score).toBe(94);
    expect(scoreCredit(clean({ selfReports: reports({ due: 3, late: 3 }) }), NOW).score).toBe(94);
    expect(scoreCredit(clean({ selfReports: reports({ due: 2, missing: 2 }) }), NOW).score).toBe(90);
    expect(pointsOf(scoreCredit(clean({ selfReports: reports({ due: 9, missing: 9 }) }), NOW), 'self_reports_missing')).toBe(-20);
    const none = scoreCredit(clean({ selfReports: null }), NOW);
    expect(none.inputs.filter((i) => i.key.startsWith('self_reports')).every((i) => i.value === null && i.points === 0)).toBe(true);
  });

  it('the score stays within 0–100', () => {
    const worst = scoreCredit(clean({ confirmedViolations: 99, findingsAnsweredLate: 99, tamperEvents: 99, interruptions: 99, uptime: 0, selfReports: reports({ late: 9, missing: 9 }) }), NOW);
    expect(worst).toMatchObject({ score: 0, grade: 'D' });
  });

  it('thresholds: A ≥ 90, B ≥ 75, C ≥ 60, else D', () => {
    expect([100, 90, 89.9, 75, 74.9, 60, 59.9, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
    expect(scoreCredit(clean({ confirmedViolations: 3 }), NOW).grade).toBe('C');
    expect(scoreCredit(clean({ confirmedViolations: 3, interruptions: 1 }), NOW)).toMatchObject({ score: 69, grade: 'C' });
    expect(scoreCredit(clean({ confirmedViolations: 4, interruptions: 1 }), NOW)).toMatchObject({ score: 59, grade: 'D' });
  });

  it('a falsified self-report grades D at once, whatever the points, for 12 months from the finding (002 §24)', () => {
    const found = new Date('2026-06-01T08:00:00Z');
    const s = scoreCredit(clean({ selfReports: reports({ due: 4, onTime: 4, falsifiedAt: found }) }), NOW);
    expect(s).toMatchObject({ score: 100, computedGrade: 'A', grade: 'D', override: { kind: 'falsified_report', since: found.toISOString(), until: '2027-06-01T08:00:00.000Z' } });
    // Twelve months after the finding the points decide again.
    const later = scoreCredit(clean({ selfReports: reports({ falsifiedAt: found }) }), new Date('2027-06-01T08:00:00Z'));
    expect(later).toMatchObject({ grade: 'A', override: null });
  });

  it('under 90 days on the platform: at best B, but what it did still counts', () => {
    expect(scoreCredit(clean({ historyDays: 30 }), NOW)).toMatchObject({ score: 100, grade: 'B', override: { kind: 'short_history', historyDays: 30 } });
    expect(scoreCredit(clean({ historyDays: 30, confirmedViolations: 4 }), NOW).grade).toBe('C');
    expect(scoreCredit(clean({ historyDays: 90 }), NOW)).toMatchObject({ grade: 'A', override: null });
  });

  it('the window is the 12 months before the computation', () => {
    expect(windowOf(NOW)).toEqual({ from: new Date('2025-12-09T02:00:00Z'), to: NOW });
  });
});
