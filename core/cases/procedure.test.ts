import { describe, expect, it } from 'vitest';
import { EMPTY_CALENDAR } from '../calendar/calendar.js';
import { checkStage, nextActions, roleProblem, type CaseActPermission, type CaseFacts, type Officer, type StageFacts, type StageKind, type StageRecord } from './procedure.js';

const T0 = new Date('2026-11-02T01:00:00Z');
const later = (h: number) => new Date(T0.getTime() + h * 3600_000);
const two: Officer[] = [
  { id: 'o1', role: 'officer', certificateNo: '浙卫执字第1号' },
  { id: 'o2', role: 'officer', certificateNo: '浙卫执字第2号' },
];
const st = (kind: StageKind, h: number, facts: StageFacts = {}, actorId = 'o1'): StageRecord => ({ kind, at: later(h), actorId, officerIds: [], facts });
const facts = (over: Partial<CaseFacts>): CaseFacts => ({ procedure: 'general', state: 'investigating', party: 'organisation', investigatorIds: ['o1', 'o2'], stages: [], clocks: {}, evidence: { total: 1, incomplete: 0 }, fromFlags: true, ...over });
const ask = (c: CaseFacts, kind: StageKind, more: { officers?: Officer[]; participants?: number; facts?: StageFacts; actorId?: string; h?: number } = {}) =>
  checkStage(c, { kind, at: later(more.h ?? 500), actorId: more.actorId ?? 'o1', officers: more.officers ?? [], participants: more.participants ?? 0, facts: more.facts ?? {} }, EMPTY_CALENDAR);
const fine = (yuan: number) => ({ kinds: ['fine' as const], fineFen: yuan * 100 });
const may = (role: 'officer' | 'manager' | 'legal_reviewer') => (p: CaseActPermission) => ({ officer: ['case.act'], manager: ['case.approve'], legal_reviewer: ['legal_review.perform'] })[role].includes(p);

describe('general procedure: order', () => {
  it('no investigation before filing is approved; filing needs the evidence reviewed (002 §16)', () => {
    expect(ask(facts({ state: 'accepted' }), 'inquiry', { officers: two, participants: 1 })).toMatchObject({ code: 'stage_out_of_order', rule: '行政处罚法第五十四条' });
    expect(ask(facts({ state: 'accepted', evidence: { total: 3, incomplete: 1 } }), 'filing')).toMatchObject({ code: 'checklist_incomplete', rule: '002第十六条' });
    expect(ask(facts({ state: 'accepted' }), 'filing')).toBeNull();
    expect(ask(facts({ state: 'filing_submitted' }), 'filing_approval')).toBeNull();
  });
  it('an inquiry needs two officers with certificates and the person asked (行政处罚法 arts. 42, 55)', () => {
    expect(ask(facts({}), 'inquiry', { officers: [two[0]], participants: 1 })).toMatchObject({ code: 'officers_required', rule: '行政处罚法第四十二条、第五十五条' });
    expect(ask(facts({}), 'inquiry', { officers: [two[0], { ...two[1], certificateNo: null }], participants: 1 })).toMatchObject({ code: 'certificate_missing' });
    expect(ask(facts({}), 'inquiry', { officers: [two[0], { ...two[1], role: 'manager' }], participants: 1 })).toMatchObject({ code: 'officers_required' });
    expect(ask(facts({}), 'inquiry', { officers: two, participants: 1 })).toBeNull();
  });
  it('no decision without the prior notice (行政处罚法 art. 62); none before the party could state its case', () => {
    expect(ask(facts({ state: 'approved' }), 'decision', { facts: { penalty: fine(20000) } })).toMatchObject({ code: 'stage_out_of_order', rule: '行政处罚法第六十二条', message: '未履行事先告知程序，不得作出行政处罚决定' });
    const window = { kind: 'hearing_request' as const, label: '', basis: '', limit: { amount: 5, unit: 'working_days' as const }, startedAt: later(1), stoppedAt: null, dueAt: later(24 * 7), paused: false, extendedBy: 0, secondsLeft: 1, overdue: false, owner: 'party' as const };
    const notified = facts({ state: 'notified', stages: [st('prior_notice', 1, { penalty: fine(20000) })], clocks: { hearing_request: window } });
    expect(ask(notified, 'decision', { facts: { penalty: fine(20000) }, h: 2 })).toMatchObject({ code: 'limit_not_reached' });
    const stated = facts({ ...notified, stages: [...notified.stages, st('statement', 2, { waived: false })] });
    expect(ask(stated, 'decision', { facts: { penalty: fine(20000) }, h: 3 })).toBeNull();
    expect(ask(stated, 'decision', { facts: { penalty: fine(25000) }, h: 3 })).toMatchObject({ code: 'heavier_after_defence', rule: '行政处罚法第四十五条第二款' });
  });
  it('a statement does not waive the hearing: told of that right, the party has its five days unless it waives it expressly (art. 64(1))', () => {
    const window = { kind: 'hearing_request' as const, label: '', basis: '', limit: { amount: 5, unit: 'working_days' as const }, startedAt: later(1), stoppedAt: null, dueAt: later(24 * 7), paused: false, extendedBy: 0, secondsLeft: 1, overdue: false, owner: 'party' as const };
    const notice = st('prior_notice', 1, { penalty: fine(20000), hearingRight: true });
    const stated = facts({ state: 'notified', stages: [notice, st('statement', 2, { waived: false })], clocks: { hearing_request: window } });
    expect(ask(stated, 'decision', { facts: { penalty: fine(20000) }, h: 3 })).toMatchObject({ code: 'limit_not_reached', rule: '行政处罚法第六十三条、第六十四条第（一）项' });
    const waived = facts({ state: 'notified', stages: [notice, st('statement', 2, { waived: false, hearingWaived: true })], clocks: { hearing_request: window } });
    expect(ask(waived, 'decision', { facts: { penalty: fine(20000) }, h: 3 })).toBeNull();
    // Once the five days ran out without a request, the decision may be made.
    const ran = facts({ state: 'notified', stages: [notice, st('statement', 2, { waived: false })], clocks: { hearing_request: { ...window, dueAt: later(2), secondsLeft: 0, overdue: true } } });
    expect(ask(ran, 'decision', { facts: { penalty: fine(20000) }, h: 3 })).toBeNull();
  });
  it('a requested hearing must be held first; its chair did not investigate (art. 64(4))', () => {
    const c = facts({ state: 'notified', stages: [st('prior_notice', 1, { penalty: fine(20000), hearingRight: true }), st('hearing_request', 2)] });
    expect(ask(c, 'decision', { facts: { penalty: fine(20000) } })).toMatchObject({ code: 'hearing_required' });
    expect(ask(c, 'hearing_notice', { facts: { chairId: 'o2', hearingAt: later(24 * 30) }, h: 3 })).toMatchObject({ code: 'chair_investigated', rule: '行政处罚法第六十四条第（四）项' });
    expect(ask(c, 'hearing_notice', { facts: { chairId: 'o9', hearingAt: later(24 * 3) }, h: 3 })).toMatchObject({ code: 'hearing_notice_too_late' });
    expect(ask(c, 'hearing_notice', { facts: { chairId: 'o9', hearingAt: later(24 * 30) }, h: 3 })).toBeNull();
  });
  it('a major decision waits for a passed legal review by a non-investigator and a collective discussion', () => {
    const base = [st('prior_notice', 1, { penalty: fine(150000) }), st('statement', 2, { waived: true })];
    const c = facts({ state: 'notified', stages: base });
    expect(ask(c, 'decision', { facts: { penalty: fine(150000) } })).toMatchObject({ code: 'legal_review_required' });
    const reviewed = facts({ state: 'notified', stages: [...base, st('legal_review', 3, { passed: 'passed' }, 'r1')] });
    expect(ask(reviewed, 'decision', { facts: { penalty: fine(150000) } })).toMatchObject({ code: 'collective_discussion_required', rule: '行政处罚法第五十七条第二款' });
    const done = facts({ state: 'notified', stages: [...reviewed.stages, st('collective_discussion', 4, {}, 'm1')] });
    expect(ask(done, 'decision', { facts: { penalty: fine(150000) } })).toBeNull();
    // The reviewer who investigated is refused.
    const clock = { kind: 'legal_review' as const, label: '法制审核期限', basis: '004附表3第七条', limit: { amount: 7, unit: 'working_days' as const }, startedAt: later(2), stoppedAt: null, dueAt: later(24 * 20), paused: false, extendedBy: 0, secondsLeft: 1, overdue: false, owner: 'agency' as const };
    expect(ask(facts({ state: 'notified', stages: base, clocks: { legal_review: clock } }), 'legal_review', { actorId: 'o2', facts: { passed: 'passed' }, h: 3 })).toMatchObject({ code: 'reviewer_investigated' });
    expect(ask(facts({ state: 'notified', stages: base, clocks: { legal_review: clock } }), 'legal_review', { actorId: 'r1', facts: { passed: 'passed' }, h: 3 })).toBeNull();
  });
  it('enforcement only after the reminder period ran out (行政强制法 arts. 35, 37)', () => {
    expect(ask(facts({ state: 'decided' }), 'enforcement')).toMatchObject({ rule: '行政强制法第三十五条' });
    const rem = { kind: 'reminder' as const, label: '', basis: '', limit: { amount: 10, unit: 'working_days' as const }, startedAt: later(1), stoppedAt: null, dueAt: later(600), paused: false, extendedBy: 0, secondsLeft: 1, overdue: false, owner: 'party' as const };
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem } }), 'enforcement', { h: 500 })).toMatchObject({ code: 'limit_not_reached', rule: '行政强制法第三十七条' });
    // Once the reminder's period ran out, the application still waits for the periods of reconsideration and litigation (art. 53).
    const served = { servedAt: later(0), payment: { principalFen: 2_000_000, settled: false, dueAt: later(400), overdue: true }, documents: [] };
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem }, after: served }), 'enforcement', { h: 700 })).toMatchObject({ code: 'limit_not_reached', rule: '行政强制法第五十三条' });
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem } }), 'enforcement', { h: 700 })).toMatchObject({ code: 'decision_not_served' });
    // Served 2 Nov 2026: six months end Monday 3 May 2027 (2 May a Sunday); three months more end 3 August 2027.
    const at = (d: string) => (new Date(`${d}T10:00:00+08:00`).getTime() - T0.getTime()) / 3600_000;
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem }, after: served }), 'enforcement', { h: at('2027-05-03') })).toMatchObject({ code: 'limit_not_reached', rule: '行政强制法第五十三条' });
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem }, after: served }), 'enforcement', { h: at('2027-05-04') })).toBeNull();
    expect(ask(facts({ state: 'decided', clocks: { reminder: rem }, after: served }), 'enforcement', { h: at('2027-08-04') })).toMatchObject({ code: 'limit_expired', rule: '行政强制法第五十三条' });
    // Ten working days after the reminder was served (art. 54).
    const late = { ...rem, startedAt: later(at('2027-05-03')), dueAt: later(at('2027-05-04')) };
    const reminded = facts({ state: 'decided', clocks: { reminder: late }, after: served, stages: [st('reminder', at('2027-05-03'))] });
    expect(ask(reminded, 'enforcement', { h: at('2027-05-10') })).toMatchObject({ code: 'limit_not_reached', rule: '行政强制法第五十四条' });
    expect(ask(reminded, 'enforcement', { h: at('2027-05-18') })).toBeNull();
  });
  it('the reminder comes after the decision was served and the fifteen days to pay ran out, never once paid (行政处罚法 art. 67; 行政强制法 art. 35)', () => {
    const decided = [st('decision', 1, { penalty: fine(20000) }, 'm1')];
    const remind = (after: CaseFacts['after'], h = 500) => ask(facts({ state: 'decided', stages: decided, after }), 'reminder', { facts: { performWithinDays: 10 }, h });
    expect(remind(undefined)).toMatchObject({ code: 'decision_not_served', rule: '行政处罚法第六十一条、第六十七条第三款' });
    const owing = { servedAt: later(2), payment: { principalFen: 2_000_000, settled: false, dueAt: later(400), overdue: false }, documents: [] };
    expect(remind(owing, 300)).toMatchObject({ code: 'limit_not_reached', rule: '行政处罚法第六十七条第三款' });
    expect(remind(owing, 500)).toBeNull();
    expect(remind({ ...owing, payment: { ...owing.payment, settled: true } })).toMatchObject({ code: 'already_performed' });
  });
});

describe('simple procedure (行政处罚法 arts. 51–53)', () => {
  const simple = facts({ procedure: 'simple', state: 'accepted', fromFlags: false, evidence: { total: 0, incomplete: 0 } });
  it('decides on the spot within the limits, by two officers; no filing stages', () => {
    expect(ask(simple, 'on_the_spot_decision', { officers: two, facts: { factsCertain: true, legalBasis: '公共场所卫生管理条例第十四条', penalty: fine(3000) } })).toBeNull();
    expect(ask(simple, 'on_the_spot_decision', { officers: two, facts: { factsCertain: true, legalBasis: 'x', penalty: fine(3001) } })).toMatchObject({ code: 'simple_limit_exceeded', rule: '行政处罚法第五十一条' });
    expect(ask({ ...simple, party: 'person' }, 'on_the_spot_decision', { officers: two, facts: { factsCertain: true, legalBasis: 'x', penalty: fine(201) } })).toMatchObject({ code: 'simple_limit_exceeded' });
    expect(ask(simple, 'on_the_spot_decision', { officers: two, facts: { factsCertain: false, legalBasis: 'x', penalty: fine(100) } })).toMatchObject({ code: 'wrong_procedure' });
    expect(ask(simple, 'filing')).toMatchObject({ code: 'wrong_procedure' });
    expect(ask({ ...simple, state: 'decided' }, 'record_report')).toBeNull();
    // Closing names what the file lacks (the decision and its report); with them (and the fine paid) it goes.
    expect(ask({ ...simple, state: 'decided' }, 'closing')).toMatchObject({ code: 'closing_incomplete', missing: expect.arrayContaining([expect.objectContaining({ item: 'on_the_spot_decision' }), expect.objectContaining({ item: 'record_report' })]) });
    const done = { ...simple, state: 'reported' as const, stages: [st('acceptance', 0), st('on_the_spot_decision', 1, { penalty: fine(100) }), st('record_report', 2)], after: { servedAt: later(1), payment: { principalFen: 10_000, settled: true, dueAt: later(400), overdue: false }, documents: ['case_acceptance', 'on_the_spot_decision'] as const } };
    expect(ask(done, 'closing')).toBeNull();
    expect(ask(facts({ state: 'accepted' }), 'on_the_spot_decision', { officers: two })).toMatchObject({ code: 'wrong_procedure' });
  });
});

describe('roles', () => {
  it('officers act, the unit head approves and decides, the legal reviewer reviews', () => {
    expect(roleProblem('inquiry', may('officer'))).toBeNull();
    expect(roleProblem('filing_approval', may('officer'))).toMatchObject({ code: 'role_not_permitted', message: '「立案审批」由行政机关负责人作出' });
    expect(roleProblem('decision', may('officer'))).toMatchObject({ code: 'role_not_permitted', rule: '行政处罚法第五十七条（行政机关负责人作出决定）' });
    expect(roleProblem('legal_review', may('manager'))).toMatchObject({ code: 'role_not_permitted' });
    expect(roleProblem('legal_review', may('legal_reviewer'))).toBeNull();
    expect(roleProblem('inquiry', may('legal_reviewer'))).toMatchObject({ code: 'role_not_permitted' });
  });
  it('next actions say for this user what is allowed and why the rest is not', () => {
    const c = facts({ state: 'filing_submitted' });
    const officer = nextActions(c, { id: 'o1', may: may('officer') }, T0, EMPTY_CALENDAR);
    expect(officer.find((a) => a.kind === 'filing_approval')).toMatchObject({ allowed: false, refusal: { code: 'role_not_permitted' } });
    const head = nextActions(c, { id: 'm1', may: may('manager') }, T0, EMPTY_CALENDAR);
    expect(head.find((a) => a.kind === 'filing_approval')).toMatchObject({ allowed: true, refusal: null });
  });
  it('next actions offer the acts whose penalty the actor enters himself: the approval before any notice, the notice after the approval', () => {
    const ended = facts({ state: 'investigation_ended', stages: [st('investigation_end', 1), st('panel_discussion', 2)] });
    expect(nextActions(ended, { id: 'm1', may: may('manager') }, later(3), EMPTY_CALENDAR).find((a) => a.kind === 'approval')).toMatchObject({ allowed: true, refusal: null });
    const approved = facts({ state: 'approved', stages: [...ended.stages, st('approval', 3, { penalty: fine(20000) }, 'm1')] });
    expect(nextActions(approved, { id: 'o1', may: may('officer') }, later(4), EMPTY_CALENDAR).find((a) => a.kind === 'prior_notice')).toMatchObject({ allowed: true, refusal: null });
    // Without a panel discussion the approval stays refused, naming its rule.
    const unheard = facts({ state: 'investigation_ended', stages: [st('investigation_end', 1)] });
    expect(nextActions(unheard, { id: 'm1', may: may('manager') }, later(3), EMPTY_CALENDAR).find((a) => a.kind === 'approval')).toMatchObject({ allowed: false, refusal: { rule: '002第十七条' } });
  });
});
