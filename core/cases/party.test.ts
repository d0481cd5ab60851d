import { describe, expect, it } from 'vitest';
import { endOfDay, type HolidayCalendar } from '../calendar/calendar.js';
import { clockView, LIMITS, STATEMENT_RULE, type ClockView } from './limits.js';
import { checkStage, roleProblem, type CaseActPermission, type CaseFacts, type StageFacts, type StageKind, type StageRecord } from './procedure.js';

// The party's own acts online (行政处罚法 art. 41 ¶3): its statement within the period the prior
// notice prints, its hearing request within five working days (art. 64(1)), both counted on the
// legal calendar (working days: art. 85) — here across National Day 2026 (1–7 Oct off, 10 Oct worked).
const CAL: HolidayCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-09-20', '2026-10-10']),
};
const at = (s: string) => new Date(`${s}+08:00`);
const NOTICE_AT = at('2026-09-29T15:00:00'); // a Tuesday, the day before the holiday's eve
const clock = (kind: 'statement' | 'hearing_request', now: Date): ClockView =>
  clockView({ kind, rule: kind === 'statement' ? STATEMENT_RULE(3) : LIMITS.hearing_request, startedAt: NOTICE_AT, stoppedAt: null, pauses: [], extensions: [] }, CAL, now);
const notice: StageRecord = { kind: 'prior_notice', at: NOTICE_AT, actorId: 'o1', officerIds: [], facts: { penalty: { kinds: ['fine'], fineFen: 2_000_000, confiscationFen: null }, hearingRight: true } };
const facts = (now: Date, stages: StageRecord[] = []): CaseFacts => ({
  procedure: 'general',
  state: 'notified',
  party: 'organisation',
  investigatorIds: ['o1', 'o2'],
  stages: [notice, ...stages],
  clocks: { statement: clock('statement', now), hearing_request: clock('hearing_request', now) },
  evidence: { total: 1, incomplete: 0 },
  fromFlags: true,
});
const ask = (now: Date, kind: StageKind, f: StageFacts, byParty: boolean, stages: StageRecord[] = []) => checkStage(facts(now, stages), { kind, at: now, actorId: byParty ? 'biz' : 'o1', officers: [], participants: 0, facts: f, byParty }, CAL);
const business = (p: CaseActPermission) => p === 'case.party';

describe('the party\'s periods on the legal calendar', () => {
  it('three working days of statement from 29 September end on 9 October (30 Sep, 8 Oct, 9 Oct: the holiday does not count)', () => {
    expect(clock('statement', NOTICE_AT).dueAt?.toISOString()).toBe(endOfDay('2026-10-09').toISOString());
    expect(clock('statement', NOTICE_AT).basis).toContain('行政处罚法第四十四条、第四十五条');
  });
  it('five working days to ask for a hearing end on 12 October (30 Sep, 8, 9, the worked Saturday 10, 12 Oct)', () => {
    expect(clock('hearing_request', NOTICE_AT).dueAt?.toISOString()).toBe(endOfDay('2026-10-12').toISOString());
  });
});

describe('the party acts itself, for its statement and its hearing request only', () => {
  it('a business user may record a statement and a hearing request, nothing else', () => {
    expect(roleProblem('statement', business)).toBeNull();
    expect(roleProblem('hearing_request', business)).toBeNull();
    expect(roleProblem('decision', business)).toMatchObject({ code: 'role_not_permitted' });
    expect(roleProblem('hearing_notice', business)).toMatchObject({ code: 'role_not_permitted' });
    expect(roleProblem('prior_notice', business)).toMatchObject({ code: 'role_not_permitted' });
  });

  it('its statement inside the holiday is in time; after 9 October it is refused naming the rule; an officer may still record one handed in on paper', () => {
    const words = { waived: false, statement: '已整改', statementGiven: true };
    expect(ask(at('2026-10-05T10:00:00'), 'statement', words, true)).toBeNull();
    expect(ask(at('2026-10-09T23:00:00'), 'statement', words, true)).toBeNull();
    const late = ask(at('2026-10-10T09:00:00'), 'statement', words, true);
    expect(late).toMatchObject({ code: 'limit_expired', rule: '行政处罚法第四十四条、第四十五条（事先告知书载明的陈述、申辩期限）' });
    expect(late?.message).toContain('2026-10-09 23:59');
    expect(ask(at('2026-10-10T09:00:00'), 'statement', words, false)).toBeNull();
  });

  it('an empty statement is refused (a statement needs words, not only files)', () => {
    expect(ask(at('2026-10-08T10:00:00'), 'statement', { waived: false, statementGiven: false }, true)).toMatchObject({ code: 'statement_empty', rule: '行政处罚法第四十五条' });
  });

  it('a hearing request on 12 October is in time; on 13 October it is refused naming 行政处罚法第六十四条第（一）项', () => {
    expect(ask(at('2026-10-12T18:00:00'), 'hearing_request', {}, true)).toBeNull();
    expect(ask(at('2026-10-13T09:00:00'), 'hearing_request', {}, true)).toMatchObject({ code: 'limit_expired', rule: '行政处罚法第六十四条第（一）项' });
  });

  it('asked once is enough; after an express waiver it cannot be asked, and after a request the hearing cannot be waived', () => {
    const asked: StageRecord = { kind: 'hearing_request', at: at('2026-09-30T10:00:00'), actorId: 'biz', officerIds: [], facts: {} };
    expect(ask(at('2026-10-08T10:00:00'), 'hearing_request', {}, true, [asked])).toMatchObject({ code: 'already_recorded' });
    expect(ask(at('2026-10-08T10:00:00'), 'statement', { waived: false, statementGiven: true, hearingWaived: true }, true, [asked])).toMatchObject({ code: 'hearing_waived' });
    const waived: StageRecord = { kind: 'statement', at: at('2026-09-30T10:00:00'), actorId: 'biz', officerIds: [], facts: { waived: false, hearingWaived: true } };
    expect(ask(at('2026-10-08T10:00:00'), 'hearing_request', {}, true, [waived])).toMatchObject({ code: 'hearing_waived', rule: '行政处罚法第六十四条第（一）项' });
  });

  it('no decision while the statement period runs and the party has not been heard (arts. 44, 62)', () => {
    const noHearing: StageRecord = { ...notice, facts: { ...notice.facts, hearingRight: false } };
    const c = { ...facts(at('2026-10-08T10:00:00')), stages: [noHearing], clocks: { statement: clock('statement', at('2026-10-08T10:00:00')) } };
    expect(checkStage(c, { kind: 'decision', at: at('2026-10-08T10:00:00'), actorId: 'm', officers: [], participants: 0, facts: { penalty: noHearing.facts.penalty } }, CAL)).toMatchObject({ code: 'limit_not_reached', rule: '行政处罚法第四十四条、第六十二条' });
    const after = at('2026-10-12T10:00:00');
    const ran = { ...c, clocks: { statement: clock('statement', after) } };
    expect(checkStage(ran, { kind: 'decision', at: after, actorId: 'm', officers: [], participants: 0, facts: { penalty: noHearing.facts.penalty } }, CAL)).toBeNull();
  });
});
