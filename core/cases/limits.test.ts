import { describe, expect, it } from 'vitest';
import { endOfDay, type HolidayCalendar } from '../calendar/calendar.js';
import { clockView, earliestHearing, LIMITS } from './limits.js';
import { checkStage, type CaseFacts } from './procedure.js';

// 2026: National Day, 1–7 October off; Sunday 20 September and Saturday 10 October worked (调休).
const CAL: HolidayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
};
const at = (s: string) => new Date(`${s}+08:00`);
const view = (kind: keyof typeof LIMITS, start: string, more: { pauses?: { from: Date; to: Date | null }[]; extensions?: { amount: number }[]; stoppedAt?: Date; now?: string } = {}) =>
  clockView({ kind, rule: LIMITS[kind], startedAt: at(start), stoppedAt: more.stoppedAt ?? null, pauses: more.pauses ?? [], extensions: more.extensions ?? [] }, CAL, at(more.now ?? start));

describe('the limits of each stage on the legal clock over National Day 2026', () => {
  it('legal review: 7 working days from 30 September skip the holiday and count Saturday 10 October (004 附表3 §7)', () => {
    const v = view('legal_review', '2026-09-30T16:00:00');
    expect(v.dueAt).toEqual(endOfDay('2026-10-15'));
    expect(v.basis).toBe('004附表3第七条');
    expect(v.secondsLeft).toBeGreaterThan(0);
  });
  it('service of the decision: 7 working days from a decision of 29 September skip the holiday (行政处罚法 arts. 61, 85); stopped before its end it is met', () => {
    // 30 September, then 8, 9, 10 (Sat, worked), 12, 13, 14 October.
    const v = view('service', '2026-09-29T16:00:00');
    expect(v.dueAt).toEqual(endOfDay('2026-10-14'));
    expect(v.basis).toContain('第六十一条');
    expect(view('service', '2026-09-29T16:00:00', { stoppedAt: at('2026-10-14T09:00:00'), now: '2026-10-20T09:00:00' }).overdue).toBe(false);
    expect(view('service', '2026-09-29T16:00:00', { now: '2026-10-15T09:00:00' }).overdue).toBe(true);
  });
  it('hearing request: 5 working days from the prior notice of 30 September end on 13 October (行政处罚法 art. 64(1))', () => {
    expect(view('hearing_request', '2026-09-30T16:00:00').dueAt).toEqual(endOfDay('2026-10-13'));
  });
  it('evidence preservation: 7 working days from Friday 18 September count Sunday 20 September (行政处罚法 art. 56)', () => {
    // 20 (Sun, worked), 21, 22, 23, 24, 25, 28 September.
    expect(view('evidence_preservation', '2026-09-18T10:00:00').dueAt).toEqual(endOfDay('2026-09-28'));
  });
  it('seizure: 30 natural days, an appraisal paused out, then extended once by 30 (行政强制法 art. 25)', () => {
    const pauses = [{ from: at('2026-09-10T10:00:00'), to: at('2026-09-19T10:00:00') }];
    expect(view('seizure', '2026-09-03T09:00:00').dueAt).toEqual(endOfDay('2026-10-08')); // day 30 is 3 October, a holiday → 8 October
    expect(view('seizure', '2026-09-03T09:00:00', { pauses }).dueAt).toEqual(endOfDay('2026-10-12'));
    expect(view('seizure', '2026-09-03T09:00:00', { pauses, extensions: [{ amount: 30 }] }).dueAt).toEqual(endOfDay('2026-11-11'));
    // While the appraisal runs the clock has no due time.
    const open = view('seizure', '2026-09-03T09:00:00', { pauses: [{ from: at('2026-09-10T10:00:00'), to: null }], now: '2026-09-12T10:00:00' });
    expect(open).toMatchObject({ paused: true, dueAt: null, secondsLeft: null, overdue: false });
    expect(LIMITS.seizure.extension).toEqual({ max: 1, maxAmount: 30, basis: '行政强制法第二十五条第一款' });
  });
  it('decision: 90 natural days from filing (行政处罚法 art. 60); after them the decision is refused unless extended', () => {
    const v = view('decision', '2026-07-10T09:00:00', { now: '2026-10-09T09:00:00' });
    expect(v.dueAt).toEqual(endOfDay('2026-10-08'));
    expect(v.overdue).toBe(true);
    const facts: CaseFacts = { procedure: 'general', state: 'notified', party: 'organisation', investigatorIds: ['o1', 'o2'], stages: [{ kind: 'prior_notice', at: at('2026-09-01T09:00:00'), actorId: 'o1', officerIds: [], facts: { penalty: { kinds: ['warning'] } } }, { kind: 'statement', at: at('2026-09-02T09:00:00'), actorId: 'o1', officerIds: [], facts: { waived: true } }], clocks: { decision: v }, evidence: { total: 1, incomplete: 0 }, fromFlags: true };
    const req = { kind: 'decision' as const, at: at('2026-10-09T09:00:00'), actorId: 'm', officers: [], participants: 0, facts: { outcome: 'penalty' as const, penalty: { kinds: ['warning' as const] } } };
    expect(checkStage(facts, req, CAL)).toMatchObject({ code: 'limit_expired', rule: '行政处罚法第六十条' });
    const extended = view('decision', '2026-07-10T09:00:00', { extensions: [{ amount: 30 }], now: '2026-10-09T09:00:00' });
    expect(extended.overdue).toBe(false);
    expect(checkStage({ ...facts, clocks: { decision: extended } }, req, CAL)).toBeNull();
  });
  it('a hearing may be held only after seven whole working days from its notice (行政处罚法 art. 64(2))', () => {
    // Notice on 29 September: 30 Sep, 8, 9, 10 (Sat, worked), 12, 13, 14 October → from 15 October.
    expect(earliestHearing(at('2026-09-29T10:00:00'), CAL).getTime()).toBe(endOfDay('2026-10-14').getTime() + 1);
  });
});
