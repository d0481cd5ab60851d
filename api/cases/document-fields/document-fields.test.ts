import { describe, expect, it } from 'vitest';
import { penaltyDecisionFields } from '../../../core/documents/case-templates/penalty-decision.v1.js';
import { priorNoticeFields } from '../../../core/documents/case-templates/prior-notice.v1.js';
import { filingReportFields } from '../../../core/documents/case-templates/filing-report.v1.js';
import { legalReviewOpinionFields } from '../../../core/documents/case-templates/legal-review-opinion.v1.js';
import { collectiveDiscussionRecordFields } from '../../../core/documents/case-templates/collective-discussion-record.v1.js';
import { onTheSpotDecisionFields } from '../../../core/documents/case-templates/on-the-spot-decision.v1.js';
import type { CaseDocumentRow, CaseRow, EvidenceRow, StageRow } from '../case.repository.js';
import { settingsOf } from '../document-settings.service.js';
import { documentFields, type DocumentContext } from './index.js';
import { partyOf } from './context.js';

// The builders make each template's own fields from a case (no I/O here: a context by hand).
const investigators = [
  { id: 'u1', name: '张伟', certificateNo: '浙卫执字第1号' },
  { id: 'u2', name: '李娜', certificateNo: '浙卫执字第2号' },
];
const c = {
  id: 'c1',
  agency_id: 'a1',
  business_id: 'b1',
  party_kind: 'organisation',
  procedure: 'general',
  source: 'flags',
  source_record: { sourceDetail: '预警线索 1 条', summary: '摄像头被遮挡。', headOpinion: '同意受理。', headId: 'm1' },
  cause: '未按规定开展消毒工作',
  category: '医',
  investigators,
  state: 'notified',
  filing_clock_from: new Date('2026-09-21T02:00:00Z'),
  accepted_at: new Date('2026-09-21T03:00:00Z'),
  filed_at: new Date('2026-09-22T03:00:00Z'),
} as unknown as CaseRow;
let seq = 0;
const stage = (kind: string, at: string, fields: Record<string, unknown>, more: Partial<StageRow> = {}) =>
  ({ id: `s${++seq}`, case_id: 'c1', seq, kind, actor_id: 'u1', officers: [], participants: [], fields, evidence_ids: [], media: [], at: new Date(at), ...more }) as unknown as StageRow;
const fine = { kinds: ['fine'], fineFen: 2_000_000, confiscationFen: null };
const stages = [
  stage('filing', '2026-09-22T01:00:00Z', { report: '建议立案。', basis: '涉嫌违反《消毒管理办法》第四条。' }),
  stage('investigation_end', '2026-10-09T01:00:00Z', { facts: '事实。', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty: fine, discretion: '一般情节。' }),
  stage('prior_notice', '2026-10-12T02:00:00Z', { facts: '事实。', legalBasis: '《消毒管理办法》第四十一条', penalty: fine, hearingRight: false }),
  stage('statement', '2026-10-13T02:00:00Z', { waived: false, statement: '请求从轻。' }),
];
const evidence = [{ id: 'e1', kind: 'clip', title: '证据视频', source: {} }] as unknown as EvidenceRow[];
const documents = [{ kind: 'prior_notice', number: '婺卫医告〔2026〕3号', stage_id: stages[2].id }] as unknown as CaseDocumentRow[];
const SETTINGS = { reconsiderationBody: '金华市婺城区人民政府', court: '金华市婺城区人民法院', paymentPayee: '代收银行', paymentAccount: null, paymentChannel: '到代收银行缴纳', contactAddress: '宾虹路500号', contactPhone: '0579-82468135', largeAmountPersonFen: 500_000, largeAmountOrganisationFen: 5_000_000, statementDays: 3 };
const party = partyOf(c, { name: '婺城区人民医院', credit_code: '', address: '金华市婺城区人民路100号', contacts: [{ name: '王建国', role: '院长', phone: '0579-82000001', email: '' }] });

function context(s: StageRow, settings = SETTINGS): DocumentContext {
  return {
    caller: { user: { id: 'm1', displayName: '周强', role: 'manager' }, requestId: 'r', ip: null } as DocumentContext['caller'],
    case: c,
    stage: s,
    input: s.fields,
    party,
    agency: { name: '金华市婺城区卫生健康局', phone: null },
    settings: { ...settingsOf(undefined), ...settings },
    stages: [...stages, s],
    evidence,
    documents,
    users: new Map([['m1', { name: '周强', certificateNo: null, role: 'manager' }]]),
  };
}

describe('document fields from the case', () => {
  it('the decision cites the prior notice, the statement and the agency settings, and validates', () => {
    const s = stage('decision', '2026-10-20T02:00:00Z', { outcome: 'penalty', penalty: fine, facts: '事实。', legalBasis: '《消毒管理办法》第四十一条', correction: { kind: 'order', what: '立即改正' }, statementReview: '不予采纳。' });
    const f = penaltyDecisionFields.parse(documentFields('penalty_decision', context(s)));
    expect(f.priorNotice).toEqual({ number: '婺卫医告〔2026〕3号', date: '2026-10-12' });
    expect(f.violated).toEqual(['《消毒管理办法》第四条']);
    expect(f.penalties).toEqual([{ kind: 'fine', amountFen: 2_000_000 }]);
    expect(f.statement).toMatchObject({ kind: 'stated', summary: '请求从轻。', review: '不予采纳。' });
    expect(f.remedies).toEqual({ reconsiderationBody: '金华市婺城区人民政府', court: '金华市婺城区人民法院' });
    expect(f.party).toMatchObject({ type: 'organisation', name: '婺城区人民医院', legalRepresentative: '王建国' });
  });

  it('an agency without settings: the decision names the missing 复议机关, court and payment', () => {
    const s = stage('decision', '2026-10-20T02:00:00Z', { outcome: 'penalty', penalty: fine, facts: '事实。', legalBasis: '依据', correction: { kind: 'order', what: '立即改正' }, statementReview: '不予采纳。' });
    const r = penaltyDecisionFields.safeParse(documentFields('penalty_decision', context(s, settingsOf(undefined) as typeof SETTINGS)));
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toContain('行政复议机关必填');
    expect(messages).toContain('管辖人民法院必填');
    // With the remedies set but no payment: a fine's payment is named (art. 67).
    const noPayment = penaltyDecisionFields.safeParse(documentFields('penalty_decision', context(s, { ...SETTINGS, paymentPayee: null, paymentChannel: null } as unknown as typeof SETTINGS)));
    expect(noPayment.error!.issues.map((i) => i.message)).toContain('罚款的缴款方式和地点必填（行政处罚法第五十九条第四项、第六十七条）');
  });

  it('the prior notice takes the violated provisions from the investigation and the 较大数额 from the settings', () => {
    const f = priorNoticeFields.parse(documentFields('prior_notice', context(stages[2])));
    expect(f.violated).toEqual(['《消毒管理办法》第四条']);
    expect(f.basis).toEqual(['《消毒管理办法》第四十一条']);
    expect(f.largeAmount).toEqual({ personFen: 500_000, organisationFen: 5_000_000 });
    expect(f.contact).toEqual({ name: '张伟', phone: '0579-82468135', address: '宾虹路500号' });
  });

  it('the filing report is completed by the head: the decision and opinion of the approval', () => {
    const s = stage('filing_approval', '2026-09-22T03:00:00Z', { opinion: '同意立案。' });
    const f = filingReportFields.parse(documentFields('filing_report', context(s)));
    expect(f.head).toEqual({ name: '周强', decision: '同意立案', opinion: '同意立案。', date: '2026-09-22' });
    expect(f.reasons).toContain('《消毒管理办法》第四条');
    expect(f.officers).toEqual([
      { name: '张伟', certificateNo: '浙卫执字第1号' },
      { name: '李娜', certificateNo: '浙卫执字第2号' },
    ]);
  });

  it('the legal review names the materials submitted, the grounds of art. 58 and a reviewer who did not investigate', () => {
    const request = stage('legal_review_request', '2026-10-30T02:00:00Z', { materials: ['situation', 'draft_decision', 'evidence'], situation: '情况说明' });
    stages.push(request);
    try {
      const points = { jurisdiction: '属本机关管辖。', subject: '主体合法。', facts: '事实清楚。', procedure: '程序合法。', law: '适用正确。', characterisation: '定性准确。', proposal: '裁量适当。' };
      const s = stage('legal_review', '2026-11-04T02:00:00Z', { passed: 'passed', opinion: '同意。', points, grounds: ['涉及重大公共利益'] });
      const f = legalReviewOpinionFields.parse(documentFields('legal_review_opinion', context(s)));
      expect(f.materials).toEqual(['拟作出决定的情况说明', '拟作出的决定书文本', '证据材料']);
      expect(f).toMatchObject({ conclusion: '同意', receivedOn: '2026-10-30', reviewedOn: '2026-11-04', hearingHeld: false, reviewer: { name: '周强', notInvestigator: true } });
      // Without the seven points the reviewer must write, the template names them.
      const bare = legalReviewOpinionFields.safeParse(documentFields('legal_review_opinion', context(stage('legal_review', '2026-11-04T02:00:00Z', { passed: 'passed', opinion: '同意。', grounds: ['涉及重大公共利益'] }))));
      expect(bare.error!.issues.map((i) => i.message)).toContain('审核内容必填');
    } finally {
      stages.pop();
    }
  });

  it('the collective discussion records every head (participants) and says no legal review was made when none was', () => {
    const heads = [
      { name: '黄志强', role: '局长' },
      { name: '刘建国', role: '副局长' },
      { name: '何芳', role: '副局长' },
    ];
    const s = stage('collective_discussion', '2026-11-06T06:30:00Z', { conclusion: '罚款贰万元。', place: '局会议室', recorder: '吴婷', opinions: heads.map((h) => ({ name: h.name, opinion: '同意。' })) }, { participants: heads } as Partial<StageRow>);
    const f = collectiveDiscussionRecordFields.parse(documentFields('collective_discussion_record', context(s)));
    expect(f).toMatchObject({ chair: '黄志强', decision: '罚款贰万元。', legalReview: '本案未经法制审核。', reporter: '张伟', summary: '事实。' });
    expect(f.attendees).toEqual(heads.map((h) => ({ name: h.name, position: h.role })));
  });

  it('an on-the-spot fine: bank collection from the settings, two officers', () => {
    const s = stage('on_the_spot_decision', '2026-10-14T07:50:00Z', { factsCertain: true, facts: '未取得健康证明上岗。', legalBasis: '《公共场所卫生管理条例实施细则》第三十八条', violated: ['《公共场所卫生管理条例实施细则》第十条'], penalty: { kinds: ['fine'], fineFen: 50_000, confiscationFen: null }, place: '店内', correction: { kind: 'order', what: '立即停止上岗' }, partySignature: { status: 'signed', name: '王建国' } }, { officers: investigators } as Partial<StageRow>);
    const f = onTheSpotDecisionFields.parse(documentFields('on_the_spot_decision', context(s)));
    expect(f.penalty).toEqual({ kind: 'fine', amountFen: 50_000 });
    expect(f.collection).toEqual({ kind: 'bank', payment: { payee: '代收银行', channel: '到代收银行缴纳' } });
    expect(f.officers).toHaveLength(2);
    expect(f.decidedAt).toBe('2026-10-14T15:50:00+08:00');
  });
});
