/**
 * Credit grades (R13; seed 002 §4): the result of the credit analysis of a business under remote
 * supervision, the basis of graded supervision (信用分类分级监管) — here, how often it is
 * inspected at random (002 §5, issue 16 item 2).
 */
export type CreditGrade = 'A' | 'B' | 'C' | 'D';
/** Current grade per business; a business never graded is absent from the map. */
export type CreditGradeSource = (businessIds: readonly string[]) => Promise<Map<string, CreditGrade>>;

export const CREDIT_GRADES: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];

/**
 * What each grade means for random inspection (issue 16 item 2: A once a year, B twice, C three
 * times, D rectification first). `inspectionsPerYear` null: rectification comes before any
 * rotation (002 §24: 纳入执法单位重点监管范围).
 */
export const GRADE_MEANING: Record<CreditGrade, { inspectionsPerYear: number | null; zh: string; en: string }> = {
  A: { inspectionsPerYear: 1, zh: '守信：每年随机检查 1 次', en: 'Trustworthy: inspected at random once a year' },
  B: { inspectionsPerYear: 2, zh: '基本守信：每年随机检查 2 次', en: 'Largely trustworthy: inspected at random twice a year' },
  C: { inspectionsPerYear: 3, zh: '失信：每年随机检查 3 次', en: 'Untrustworthy: inspected at random three times a year' },
  D: { inspectionsPerYear: null, zh: '严重失信：先行整改，列为重点监管对象', en: 'Seriously untrustworthy: rectification first, under focused supervision' },
};
