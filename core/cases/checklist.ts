/**
 * The review of a piece of electronic evidence before filing (R7; 002 §16): legality,
 * objectivity, relevance, and that it records the time, place, person and form of what
 * happened. Each point is answered; a point not met carries a note saying why (and what makes up
 * for it). Pure.
 */
export const CHECKLIST_POINTS = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'] as const;
export type ChecklistPoint = (typeof CHECKLIST_POINTS)[number];
export const CHECKLIST_ZH: Record<ChecklistPoint, string> = { legality: '合法性', objectivity: '客观性', relevance: '关联性', time: '发生时间', place: '地点', person: '人物', form: '表现形式' };

export type ChecklistAnswer = { met: boolean; note?: string | null };
export type Checklist = Partial<Record<ChecklistPoint, ChecklistAnswer>>;

/** The points still to answer, and those answered "not met" without a note. */
export function checklistGaps(c: Checklist): { unanswered: ChecklistPoint[]; noteMissing: ChecklistPoint[] } {
  const unanswered = CHECKLIST_POINTS.filter((p) => typeof c[p]?.met !== 'boolean');
  const noteMissing = CHECKLIST_POINTS.filter((p) => c[p]?.met === false && !c[p]?.note?.trim());
  return { unanswered, noteMissing };
}

export const checklistComplete = (c: Checklist) => {
  const g = checklistGaps(c);
  return !g.unanswered.length && !g.noteMissing.length;
};
