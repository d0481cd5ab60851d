import { describe, expect, it } from 'vitest';
import { holdProblems, reviewProblems, shownHoldStatus } from './hold-rules.js';

// 2026-12-05 10:00 in Shanghai.
const now = new Date('2026-12-05T02:00:00Z');
const paths = (p: { path: string[] }[]) => p.map((x) => x.path.join('.'));

describe('hold rules (002-音像 §29; 003 §24)', () => {
  it('wants a review date after today and at most a year ahead (China Standard Time days)', () => {
    expect(paths(reviewProblems(null, now))).toEqual(['reviewOn']);
    expect(reviewProblems('2026-12-05', now)[0]?.message).toBe('hold.review_past');
    expect(reviewProblems('2026-12-04', now)[0]?.message).toBe('hold.review_past');
    expect(reviewProblems('2026-12-06', now)).toEqual([]);
    expect(reviewProblems('2027-12-06', now)).toEqual([]);
    expect(reviewProblems('2027-12-07', now)[0]?.message).toBe('hold.review_too_far');
    // 23:30 on the 5th UTC is already the 6th in Shanghai: the 6th is no longer after today.
    expect(reviewProblems('2026-12-06', new Date('2026-12-05T16:30:00Z'))[0]?.message).toBe('hold.review_past');
  });

  it('wants a note, and for a recording a window that ends after it starts', () => {
    const base = { note: '异议', reviewOn: '2027-01-05', kind: 'recording' as const, windowFrom: new Date('2026-11-01T00:00:00Z'), windowTo: new Date('2026-11-01T01:00:00Z') };
    expect(holdProblems(base, now)).toEqual([]);
    expect(paths(holdProblems({ ...base, note: '  ' }, now))).toEqual(['note']);
    expect(paths(holdProblems({ ...base, windowTo: null }, now))).toEqual(['windowFrom']);
    expect(paths(holdProblems({ ...base, windowTo: base.windowFrom }, now))).toEqual(['windowTo']);
    expect(holdProblems({ ...base, kind: 'case', windowFrom: null, windowTo: null }, now)).toEqual([]);
  });

  it('shows a hold in force past its review date as 复核到期', () => {
    expect(shownHoldStatus({ status: 'in_force', review_on: '2026-12-05' }, now)).toBe('review_due');
    expect(shownHoldStatus({ status: 'in_force', review_on: '2026-12-06' }, now)).toBe('in_force');
    expect(shownHoldStatus({ status: 'released', review_on: '2026-01-01' }, now)).toBe('released');
  });
});
