import { describe, expect, it } from 'vitest';
import type { CaseDocumentKind } from '../documents/template.js';
import { destroyFrom, retentionProblem, suggestedRetention } from './archive.js';
import { closingGaps } from './completeness.js';
import type { AfterDecision, CaseFacts, StageFacts, StageKind, StageRecord } from './procedure.js';

const T0 = new Date('2026-11-02T01:00:00Z');
const st = (kind: StageKind, h: number, facts: StageFacts = {}): StageRecord => ({ kind, at: new Date(T0.getTime() + h * 3600_000), actorId: 'o1', officerIds: [], facts });
const fine = (yuan: number) => ({ kinds: ['fine' as const], fineFen: yuan * 100 });
const facts = (stages: StageRecord[], after: Partial<AfterDecision> = {}, over: Partial<CaseFacts> = {}): CaseFacts => ({
  procedure: 'general',
  state: 'decided',
  party: 'organisation',
  investigatorIds: ['o1', 'o2'],
  stages,
  clocks: {},
  evidence: { total: 1, incomplete: 0 },
  fromFlags: true,
  after: { servedAt: T0, payment: { principalFen: 2_000_000, settled: true, dueAt: T0, overdue: false }, documents: [], ...after },
  ...over,
});
/** The stages of a general case decided with a fine of `yuan`, and the documents they issued. */
const general = (yuan: number, extra: StageRecord[] = []) => [
  st('acceptance', 0),
  st('filing', 1),
  st('filing_approval', 2),
  st('inquiry', 3),
  ...extra,
  st('investigation_end', 10),
  st('panel_discussion', 11),
  st('approval', 12, { penalty: fine(yuan) }),
  st('prior_notice', 13, { penalty: fine(yuan), hearingRight: yuan >= 10000 }),
  st('decision', 20, { penalty: fine(yuan), outcome: 'penalty' }),
];
const DOCS: CaseDocumentKind[] = ['case_acceptance', 'filing_report', 'inquiry_record', 'investigation_end_report', 'panel_discussion_record', 'prior_notice', 'penalty_decision'];
const items = (c: CaseFacts) => closingGaps(c).map((g) => g.item);

describe('what a closing needs (issue 14 item 4)', () => {
  it('a complete general case with the fine paid has no gaps', () => {
    expect(closingGaps(facts(general(2000), { documents: DOCS }))).toEqual([]);
  });
  it('names the missing document with its rule', () => {
    const gaps = closingGaps(facts(general(2000), { documents: DOCS.filter((d) => d !== 'panel_discussion_record') }));
    expect(gaps).toEqual([{ item: 'document:panel_discussion_record', zh: '合议记录', rule: '002第十七条' }]);
  });
  it('the decision served, and the fine paid or the court applied to', () => {
    expect(items(facts(general(2000), { documents: DOCS, servedAt: null }))).toEqual(['service']);
    const unpaid = facts(general(2000), { documents: DOCS, payment: { principalFen: 200_000, settled: false, dueAt: T0, overdue: true } });
    expect(closingGaps(unpaid)).toEqual([expect.objectContaining({ item: 'payment', rule: '003第十五条、第十七条；行政处罚法第六十六条' })]);
    expect(items({ ...unpaid, stages: [...unpaid.stages, st('reminder', 30, { performWithinDays: 10 }), st('enforcement', 40)], after: { ...unpaid.after!, documents: [...DOCS, 'reminder'] } })).toEqual([]);
    // A reminder recorded without its 催告书 is named.
    expect(items({ ...unpaid, stages: [...unpaid.stages, st('reminder', 30), st('enforcement', 40)] })).toEqual(['document:reminder']);
  });
  it('a requested hearing needs its notice and record; a major case its legal review and collective discussion', () => {
    const heard = general(20000, [st('hearing_request', 14)]);
    expect(items(facts(heard, { documents: DOCS }))).toEqual(['hearing_notice', 'hearing']);
    const major = general(150000);
    expect(items(facts(major, { documents: DOCS }))).toEqual(['legal_review', 'collective_discussion']);
    expect(closingGaps(facts(major, { documents: DOCS }))[0]).toMatchObject({ zh: '法制审核（法制审核意见书）', rule: '行政处罚法第五十八条；003第十二条' });
  });
  it('a seizure needs its release or disposal; a preservation its handling', () => {
    const seized = general(2000, [st('seizure', 4), st('evidence_preservation', 5)]);
    expect(items(facts(seized, { documents: [...DOCS, 'seizure_decision', 'evidence_preservation_decision'] }))).toEqual(['evidence_preservation_handled', 'seizure_handled']);
  });
  it('no penalty: no notice, no payment; but still served', () => {
    const none = [st('acceptance', 0), st('filing_approval', 2), st('investigation_end', 10), st('panel_discussion', 11), st('decision', 20, { outcome: 'no_penalty' })];
    expect(items(facts(none, { documents: ['case_acceptance', 'filing_report', 'investigation_end_report', 'panel_discussion_record'], payment: null }))).toEqual([]);
    expect(items(facts(none, { documents: ['case_acceptance', 'filing_report', 'investigation_end_report', 'panel_discussion_record'], payment: null, servedAt: null }))).toEqual(['service']);
  });
  it('the simple procedure: the on-the-spot decision, its report, the fine paid', () => {
    const simple = [st('acceptance', 0), st('on_the_spot_decision', 1, { penalty: fine(100) })];
    const c = facts(simple, { documents: ['case_acceptance', 'on_the_spot_decision'], payment: { principalFen: 10_000, settled: false, dueAt: T0, overdue: false } }, { procedure: 'simple' });
    expect(items(c)).toEqual(['record_report', 'payment']);
  });
  it('nothing but an acceptance: the path names everything up to the decision', () => {
    expect(items(facts([st('acceptance', 0)], { documents: ['case_acceptance'] }))).toEqual(['filing_approval', 'investigation_end', 'panel_discussion', 'decision']);
  });
});

describe('the archive’s retention (000 §15; 001 §22; 003 §24)', () => {
  it('a party that objected keeps the file permanently; shorter classes are refused naming 003 §24(1)', () => {
    const objected = { stages: [st('statement', 1, { waived: false })], procedure: 'general' as const };
    expect(suggestedRetention(objected)).toBe('permanent');
    expect(retentionProblem(objected, 'years30')).toMatchObject({ code: 'retention_too_short', rule: '003第二十四条第（一）项' });
    expect(retentionProblem(objected, 'permanent')).toBeNull();
    expect(suggestedRetention({ stages: [st('statement', 1, { waived: true })], procedure: 'general' })).toBe('years30');
    expect(suggestedRetention({ stages: [], procedure: 'simple' })).toBe('years10');
    expect(retentionProblem({ stages: [] }, 'years10')).toBeNull();
  });
  it('a period counts from 1 January after the year the case closed (Beijing time)', () => {
    expect(destroyFrom('years30', new Date('2026-12-31T17:00:00Z'))).toBe('2058-01-01'); // 1 Jan 2027 in Beijing
    expect(destroyFrom('years10', new Date('2026-11-02T01:00:00Z'))).toBe('2037-01-01');
    expect(destroyFrom('permanent', new Date('2026-11-02T01:00:00Z'))).toBeNull();
  });
});
