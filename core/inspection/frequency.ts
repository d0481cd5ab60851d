import type { CreditGrade } from './ports.js';

/**
 * How often a business is inspected, by its credit grade (002 §4: the credit analysis is the basis of
 * 信用分类分级监管; issue 16 item 2: "A once a year, B twice, C three times, D rectification first").
 *
 * Decisions, stated:
 * - A business never graded (absent from the CreditGradeSource's map) is treated as B: twice a year,
 *   the ordinary frequency, neither rewarded nor penalised for want of data. Its stratum is kept
 *   apart ('U') so that lists and the published population show it was ungraded.
 * - D (rectification first, 先整改): a D business is not left to chance. It is listed FIRST in every
 *   random-inspection draw of its agency until it is re-graded (taken with certainty, outside the
 *   random size), and in the rotation plan it is visited every month (12 a year).
 */
export type Stratum = CreditGrade | 'U';
export const STRATA: readonly Stratum[] = ['D', 'C', 'B', 'U', 'A'];
/** Visits a year by stratum (rotation) and the weight of a business in a random draw (D: taken with certainty). */
export const VISITS_PER_YEAR: Record<Stratum, number> = { A: 1, B: 2, U: 2, C: 3, D: 12 };

export function stratumOf(grade: CreditGrade | undefined | null): Stratum {
  return grade ?? 'U';
}

/** Visits a year for a business of this grade (ungraded: as B). */
export function visitsPerYear(grade: CreditGrade | undefined | null): number {
  return VISITS_PER_YEAR[stratumOf(grade)];
}

/** Whether the stratum is drawn at random (A, B, C, ungraded) rather than listed with certainty (D). */
export function drawnAtRandom(s: Stratum): boolean {
  return s !== 'D';
}

export const STRATUM_ZH: Record<Stratum, string> = { A: 'A级（每年1次）', B: 'B级（每年2次）', U: '未评级（按B级，每年2次）', C: 'C级（每年3次）', D: 'D级（先整改，每期必查）' };
