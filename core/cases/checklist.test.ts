import { describe, expect, it } from 'vitest';
import { checklistComplete, checklistGaps, CHECKLIST_POINTS } from './checklist.js';

describe('the 002 §16 evidence checklist', () => {
  const all = Object.fromEntries(CHECKLIST_POINTS.map((p) => [p, { met: true }]));
  it('is complete when every point is answered, and a point not met carries a note', () => {
    expect(checklistComplete(all)).toBe(true);
    expect(checklistComplete({ ...all, person: { met: false, note: '面部不清，以询问笔录补强' } })).toBe(true);
    expect(checklistGaps({ ...all, person: { met: false, note: ' ' } }).noteMissing).toEqual(['person']);
    const { place, ...rest } = all;
    expect(place).toBeTruthy();
    expect(checklistGaps(rest).unanswered).toEqual(['place']);
    expect(checklistComplete({})).toBe(false);
  });
});
