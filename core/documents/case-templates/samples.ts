import type { BodyContext, CaseDocumentKind } from '../template.js';
import type { CaseAcceptanceFields } from './case-acceptance.v1.js';
import type { ClosingReportFields } from './closing-report.v1.js';
import type { CollectiveDiscussionRecordFields } from './collective-discussion-record.v1.js';
import type { EvidencePreservationDecisionFields } from './evidence-preservation-decision.v1.js';
import type { Officer, Party, Payment, Penalty, Remedies } from './fields.js';
import type { FilingReportFields } from './filing-report.v1.js';
import type { HearingNoticeFields } from './hearing-notice.v1.js';
import type { HearingRecordFields } from './hearing-record.v1.js';
import type { InquiryRecordFields } from './inquiry-record.v1.js';
import type { InvestigationEndReportFields } from './investigation-end-report.v1.js';
import type { LegalReviewOpinionFields } from './legal-review-opinion.v1.js';
import type { OnSiteRecordFields } from './on-site-record.v1.js';
import type { OnTheSpotDecisionFields } from './on-the-spot-decision.v1.js';
import type { PanelDiscussionRecordFields } from './panel-discussion-record.v1.js';
import type { PenaltyDecisionFields } from './penalty-decision.v1.js';
import type { PriorNoticeFields } from './prior-notice.v1.js';
import type { ReminderFields } from './reminder.v1.js';
import type { SeizureDecisionFields } from './seizure-decision.v1.js';
import type { SeizureExtensionDecisionFields } from './seizure-extension-decision.v1.js';
import type { ServiceCertificateFields } from './service-certificate.v1.js';

/**
 * One realistic, complete example per case document kind, for rendering tests, the bench and
 * demos. They tell one general-procedure case from a camera flag to closing (a dental clinic
 * letting an unqualified assistant treat patients; a ¥60,000 fine, which gives the right to a
 * hearing under the sample's 较大数额 of ¥50,000 for an organisation; the hearing held; legal review
 * and collective discussion), plus an on-the-spot decision in another case. People, companies and
 * numbers are invented. The regulation articles named (《医疗机构管理条例》, 《公共场所卫生管理条例
 * 实施细则》) are illustrative sample data, not checked legal advice.
 */

export const SAMPLE_CONTEXT: BodyContext = {
  agencyName: '金华市婺城区卫生健康局',
  number: '婺卫医罚〔2026〕12号',
  issuedAt: new Date('2026-11-09T10:00:00+08:00'),
};

const party: Party = {
  type: 'organisation',
  name: '金华婺城康雅口腔诊所有限公司',
  creditCode: '91330702MA2D3K8R11',
  legalRepresentative: '王建华',
  address: '浙江省金华市婺城区八一南街288号',
  phone: '0579-82345678',
};
const officers: Officer[] = [
  { name: '陈立', certificateNo: '浙卫执证33070220001' },
  { name: '周敏', certificateNo: '浙卫执证33070220015' },
];
const remedies: Remedies = { reconsiderationBody: '金华市婺城区人民政府', court: '金华市婺城区人民法院' };
const payment: Payment = {
  payee: '金华市婺城区财政局非税收入汇缴结算户（中国农业银行金华婺城支行代收）',
  account: '19610101040012345',
  channel: '持《浙江省非税收入缴款通知书》到代收银行缴纳，或通过浙江政务服务网统一公共支付平台在线缴纳',
};
const contact = { name: '陈立', phone: '0579-82468135', address: '金华市婺城区宾虹路500号婺城区卫生健康局卫生监督所301室' };
const caseName = '使用非卫生技术人员从事医疗卫生技术工作';
const violated = ['《医疗机构管理条例》第二十七条'];
const basis = ['《医疗机构管理条例》第四十八条'];
const fine: Penalty[] = [{ kind: 'fine', amountFen: 6_000_000 }];
const facts =
  '2026年9月21日10时12分，本机关非现场监管设备（当事人诊疗室2号摄像机）记录到一名未着工作服人员为患者实施口腔治疗操作。经现场检查、询问调查查明：' +
  '当事人自2026年8月3日起安排未取得医师、护士等卫生技术人员资格的李某在诊疗室为患者实施口腔洁治等诊疗活动，至2026年9月23日共计37人次。';
const evidence: PenaltyDecisionFields['evidence'] = [
  { kind: '视听资料', name: '非现场监管设备（诊疗室2号摄像机）2026年9月21日10时05分至10时40分视频片段及原始录像段', proves: '李某为患者实施口腔治疗操作的事实' },
  { kind: '勘验笔录、现场笔录', name: '2026年9月23日现场笔录', proves: '现场检查情况及诊疗场所、人员情况' },
  { kind: '当事人的陈述', name: '2026年9月24日对王建华的询问笔录', proves: '当事人安排李某从事诊疗活动的经过和时间' },
  { kind: '书证', name: '患者就诊登记本（2026年8月至9月）复印件', proves: '李某接诊患者37人次' },
  { kind: '书证', name: '医疗机构执业许可证副本及人员执业资格核查记录', proves: '李某未取得卫生技术人员资格' },
];

const caseAcceptance: CaseAcceptanceFields = {
  source: 'device_flag',
  sourceDetail: '预警线索：诊疗室2号摄像机“人员资质异常”预警，2026年9月21日10时12分，经审核员确认（线索编号F-2026-004127）',
  receivedAt: '2026-09-21T15:30:00+08:00',
  party,
  summary: '非现场监管设备记录到当事人诊疗室内一名未着工作服、未登记在岗的人员为患者实施口腔治疗操作，涉嫌使用非卫生技术人员从事医疗卫生技术工作。',
  receiver: { name: '陈立', proposal: '线索经审核确认，事实初步清楚，建议受理并报请立案调查。' },
  headOpinion: { name: '刘建国', opinion: '同意受理，请按程序报请立案。', date: '2026-09-21' },
  attachments: '预警线索及审核记录1份、视频片段2段',
};

const filingReport: FilingReportFields = {
  caseName,
  source: 'device_flag',
  discoveredAt: '2026-09-21T10:12:00+08:00',
  party,
  summary: caseAcceptance.summary,
  evidence: [evidence[0]],
  reasons: '当事人涉嫌违反《医疗机构管理条例》第二十七条的规定，符合立案条件。',
  officers,
  proposedOn: '2026-09-22',
  head: { name: '刘建国', decision: '同意立案', opinion: '由陈立、周敏承办，依法调查取证。', date: '2026-09-22' },
};

const onSiteRecord: OnSiteRecordFields = {
  party,
  place: '金华婺城康雅口腔诊所有限公司诊疗区（八一南街288号一层）',
  time: { from: '2026-09-23T09:30:00+08:00', to: '2026-09-23T10:45:00+08:00' },
  officers,
  certificatesShown: true,
  present: { name: '王建华', role: '法定代表人' },
  findings:
    '该诊所设诊疗室3间，现场有牙科综合治疗台3台。诊疗室2号治疗台旁有一名女性工作人员（自称李某），现场未能出示医师或护士执业证书。' +
    '现场查见患者就诊登记本2册，其中2026年8月3日至9月23日“操作人”栏记载“李”的共37人次。执法人员对诊疗室2号摄像机位置及覆盖范围进行了核对，与预警视频画面一致。',
  recordings: ['执法记录仪录像 DSJ-07 20260923_0930 至 20260923_1045'],
  recorder: '周敏',
  presentSignature: { status: 'signed', name: '王建华' },
};

const inquiryRecord: InquiryRecordFields = {
  caseName,
  time: { from: '2026-09-24T14:00:00+08:00', to: '2026-09-24T15:10:00+08:00' },
  place: '婺城区卫生健康局卫生监督所询问室',
  officers,
  recorder: '周敏',
  interviewee: { name: '王建华', gender: '男', idNumber: '330702********1234', employer: party.name, position: '法定代表人', phone: '138****5678', address: '金华市婺城区' },
  rightsExplained: true,
  recusalRequested: false,
  qa: [
    { q: '李某在你单位从事什么工作？', a: '李某是8月3日来的，原来说好做前台，后来人手不够，我让她给一些病人做洗牙。' },
    { q: '李某是否取得医师或者护士执业资格？', a: '没有，她没有任何执业证书。' },
    { q: '李某共为多少名患者做过治疗？', a: '登记本上写“李”的就是她做的，我数过是37个。' },
  ],
  intervieweeSignature: { status: 'signed', name: '王建华' },
};

const evidencePreservationDecision: EvidencePreservationDecisionFields = {
  party,
  caseName,
  reason: '患者就诊登记本等书证可能被涂改、销毁，以后难以取得',
  basis: ['《中华人民共和国行政处罚法》第五十六条'],
  headApproval: { name: '刘建国', opinion: '同意先行登记保存。', date: '2026-09-23' },
  items: [
    { name: '患者就诊登记本', spec: 'A4，2026年7月至9月', quantity: 2, unit: '册' },
    { name: '收费票据存根', quantity: 1, unit: '本', note: '编号0012301—0012400' },
  ],
  keptAt: '婺城区卫生健康局卫生监督所证物室',
  keeping: '异地保存',
  preservedAt: '2026-09-23T10:30:00+08:00',
  officers,
};

const seizureDecision: SeizureDecisionFields = {
  party,
  caseName,
  measure: '扣押',
  reasons: '李某使用的洁牙设备与违法行为有关，为防止继续用于违法诊疗活动',
  basis: ['《中华人民共和国行政强制法》第九条、第二十二条至第二十四条'],
  from: '2026-09-23',
  days: 30,
  place: '婺城区卫生健康局卫生监督所证物室',
  items: [{ name: '超声波洁牙机', spec: 'UDS-E', quantity: 1, unit: '台', note: '机身编号 E2307-11892，外观完好' }],
  headApproval: { name: '刘建国', opinion: '同意扣押。', date: '2026-09-23' },
  officers,
  remedies,
};

const seizureExtensionDecision: SeizureExtensionDecisionFields = {
  party,
  caseName,
  original: { number: '婺卫医封〔2026〕3号', date: '2026-09-23', measure: '扣押', until: '2026-10-23' },
  days: 30,
  reasons: '案件涉及患者人次较多，需逐一核实诊疗记录，情况复杂',
  headApproval: { name: '刘建国', opinion: '同意延长扣押期限三十日。', date: '2026-10-20' },
  remedies,
};

const investigationEndReport: InvestigationEndReportFields = {
  caseName,
  party,
  filedOn: '2026-09-22',
  process: '2026年9月22日立案后，承办人于9月23日进行现场检查，制作现场笔录，对就诊登记本等先行登记保存，扣押洁牙设备；9月24日询问法定代表人王建华；调取非现场监管设备原始录像段并核验其完整性。',
  facts,
  evidence,
  proposal: '给予行政处罚',
  violated,
  basis,
  penalties: fine,
  reasons: '当事人使用非卫生技术人员时间近两个月、诊疗37人次，未造成患者损害，调查中如实陈述，依照本机关行政处罚裁量基准属一般情节。',
  officers,
  reportedOn: '2026-10-09',
};

const panelDiscussionRecord: PanelDiscussionRecordFields = {
  caseName,
  party,
  at: '2026-10-09T15:00:00+08:00',
  place: '卫生监督所会议室',
  chair: '钱伟',
  members: [
    { name: '钱伟', position: '医疗卫生监督科科长' },
    { name: '陈立', position: '承办人' },
    { name: '周敏', position: '承办人' },
  ],
  recorder: '吴婷',
  summary: facts,
  opinions: [
    { name: '陈立', opinion: '事实清楚，证据确凿，建议罚款人民币陆万元。' },
    { name: '周敏', opinion: '同意陈立意见。' },
    { name: '钱伟', opinion: '同意，罚款数额在裁量基准一般情节范围内，应告知听证权利。' },
  ],
  conclusion: '一致同意对当事人罚款人民币陆万元整，制作行政处罚事先告知书并告知陈述、申辩和听证权利。',
};

const priorNotice: PriorNoticeFields = {
  party,
  caseName,
  facts,
  evidence,
  violated,
  basis,
  penalties: fine,
  reasons: investigationEndReport.reasons,
  statementDays: 3,
  contact,
  largeAmount: { personFen: 500_000, organisationFen: 5_000_000 },
};

const hearingNotice: HearingNoticeFields = {
  party,
  caseName,
  requestedOn: '2026-10-14',
  priorNoticeNumber: '婺卫医告〔2026〕9号',
  hearingAt: '2026-10-28T09:30:00+08:00',
  place: '金华市婺城区宾虹路500号婺城区卫生健康局第二会议室',
  public: true,
  chair: { name: '赵磊', position: '法规科科长' },
  hearingOfficers: ['林晓'],
  clerk: '吴婷',
  contact,
};

const hearingRecord: HearingRecordFields = {
  caseName,
  party,
  time: { from: '2026-10-28T09:30:00+08:00', to: '2026-10-28T11:05:00+08:00' },
  place: hearingNotice.place,
  public: true,
  chair: '赵磊',
  hearingOfficers: ['林晓'],
  clerk: '吴婷',
  investigators: officers,
  attendees: [
    { name: '王建华', capacity: '法定代表人' },
    { name: '郑航', capacity: '委托代理人' },
  ],
  recusal: { requested: false },
  investigatorsCase: `${facts}以上事实有视频片段、现场笔录、询问笔录、就诊登记本等证据证明。依据《医疗机构管理条例》第四十八条，建议罚款人民币陆万元整。`,
  defence: '当事人对事实无异议，称李某系临时帮忙，主观过错较小，已于9月23日辞退李某并完成整改，请求从轻处罚。代理人对视频证据的真实性、合法性无异议。',
  exchanges: [
    { speaker: '赵磊', text: '当事人对视频片段的来源有无异议？' },
    { speaker: '郑航', text: '没有异议，确认是诊所安装并签署确认书的设备。' },
  ],
  finalStatement: '希望从轻处罚。',
  partySignature: { status: 'signed', name: '王建华' },
};

const legalReviewOpinion: LegalReviewOpinionFields = {
  caseName,
  party,
  submittedBy: '卫生监督所医疗卫生监督科（承办人陈立、周敏）',
  receivedOn: '2026-10-30',
  grounds: ['直接关系当事人或者第三人重大权益，经过听证程序'],
  hearingHeld: true,
  materials: ['拟作出决定的情况说明', '拟作出的决定书文本', '证据材料', '听证笔录'],
  points: {
    jurisdiction: '违法行为发生地在本区，属本机关管辖。',
    subject: '执法主体合法，承办人陈立、周敏均持有效执法证件。',
    facts: '事实清楚，视频、笔录、书证相互印证，证据确凿。',
    procedure: '立案、调查、告知、听证程序合法，期限符合规定。',
    law: '适用《医疗机构管理条例》第二十七条、第四十八条正确。',
    characterisation: '定性为使用非卫生技术人员从事医疗卫生技术工作准确。',
    proposal: '罚款人民币陆万元在裁量基准一般情节幅度内，听证中当事人的整改情况已考虑，处理建议适当。',
  },
  conclusion: '同意',
  opinion: '建议提交集体讨论决定。',
  reviewer: { name: '孙悦', qualification: 'A20183307021234', notInvestigator: true },
  reviewedOn: '2026-11-04',
};

const collectiveDiscussionRecord: CollectiveDiscussionRecordFields = {
  caseName,
  party,
  at: '2026-11-06T14:30:00+08:00',
  place: '局党组会议室',
  chair: '黄志强',
  attendees: [
    { name: '黄志强', position: '局长' },
    { name: '刘建国', position: '副局长' },
    { name: '何芳', position: '副局长' },
  ],
  others: ['钱伟（医疗卫生监督科科长）', '孙悦（法制审核人员）'],
  reporter: '陈立',
  recorder: '吴婷',
  summary: `${facts}当事人在听证中对事实无异议，请求从轻处罚。`,
  legalReview: '法制审核意见：同意（法制审核意见书，2026年11月4日）。',
  opinions: [
    { name: '刘建国', opinion: '同意罚款人民币陆万元整。' },
    { name: '何芳', opinion: '同意，当事人已整改，不宜加重。' },
    { name: '黄志强', opinion: '同意，依法作出决定并及时送达。' },
  ],
  decision: '对当事人罚款人民币陆万元整。',
};

const penaltyDecision: PenaltyDecisionFields = {
  party,
  caseName,
  facts,
  evidence,
  violated,
  basis,
  penalties: fine,
  discretion: '当事人使用非卫生技术人员时间近两个月、诊疗37人次，未造成患者损害，调查中如实陈述并已整改，依照本机关行政处罚裁量基准属一般情节。',
  priorNotice: { number: '婺卫医告〔2026〕9号', date: '2026-10-12' },
  statement: {
    kind: 'hearing',
    date: '2026-10-28',
    summary: '当事人对事实无异议，称已辞退李某并完成整改，请求从轻处罚。',
    review: '当事人的整改情况已在裁量中考虑，所提从轻理由不符合法定从轻情形，维持拟作出的处罚。',
  },
  correction: { kind: 'order', what: '立即停止使用非卫生技术人员从事医疗卫生技术工作' },
  payment,
  remedies,
};

const onTheSpotDecision: OnTheSpotDecisionFields = {
  party: {
    type: 'organisation',
    name: '金华婺城丽人美发店',
    creditCode: '92330702MA2E7PXL0B',
    legalRepresentative: '徐丽',
    address: '浙江省金华市婺城区城北路66号',
  },
  act: '安排未取得有效健康合格证明的从业人员张某从事直接为顾客服务的理发工作',
  actAt: '2026-10-14T15:20:00+08:00',
  place: '金华婺城丽人美发店（城北路66号）',
  violated: ['《公共场所卫生管理条例实施细则》第十条'],
  basis: ['《公共场所卫生管理条例实施细则》第三十八条'],
  penalty: { kind: 'fine', amountFen: 50_000 },
  decidedAt: '2026-10-14T15:50:00+08:00',
  officers,
  collection: { kind: 'bank', payment },
  remedies,
  partySignature: { status: 'signed', name: '徐丽' },
  correction: { kind: 'order', what: '立即安排张某停止直接为顾客服务的工作，取得健康合格证明后方可上岗' },
};

const reminder: ReminderFields = {
  party,
  decision: { number: '婺卫医罚〔2026〕12号', date: '2026-11-09', servedOn: '2026-11-10' },
  obligation: { kind: 'money', principalFen: 6_000_000, lateFeeFen: 1_080_000, payment },
  deadline: '2026-12-15',
  contact,
};

const closingReport: ClosingReportFields = {
  caseName,
  party,
  filedOn: '2026-09-22',
  decision: { number: '婺卫医罚〔2026〕12号', date: '2026-11-09', penalties: fine },
  outcome: '处罚决定已履行完毕',
  execution: '当事人经催告于2026年12月8日缴纳罚款人民币陆万元整及加处罚款人民币壹万零捌佰元整，缴款凭证已归卷；扣押的洁牙机已于2026年11月9日依法解除扣押并退还。',
  remedies: '当事人未申请行政复议，未提起行政诉讼。',
  officers,
  reportedOn: '2026-12-10',
  headApproval: { name: '刘建国', opinion: '同意结案，按期归档。', date: '2026-12-11' },
};

/** The samples' fields by kind (a full, valid example of each). */
export type CaseSampleFields = {
  case_acceptance: CaseAcceptanceFields;
  filing_report: FilingReportFields;
  on_site_record: OnSiteRecordFields;
  inquiry_record: InquiryRecordFields;
  evidence_preservation_decision: EvidencePreservationDecisionFields;
  seizure_decision: SeizureDecisionFields;
  seizure_extension_decision: SeizureExtensionDecisionFields;
  investigation_end_report: InvestigationEndReportFields;
  panel_discussion_record: PanelDiscussionRecordFields;
  legal_review_opinion: LegalReviewOpinionFields;
  collective_discussion_record: CollectiveDiscussionRecordFields;
  prior_notice: PriorNoticeFields;
  hearing_notice: HearingNoticeFields;
  hearing_record: HearingRecordFields;
  penalty_decision: PenaltyDecisionFields;
  on_the_spot_decision: OnTheSpotDecisionFields;
  reminder: ReminderFields;
  closing_report: ClosingReportFields;
  service_certificate: ServiceCertificateFields;
};

const H = (c: string) => c.repeat(64);
/** The decision above served by e-mail (relay accepted with its queue id) and the portal; acknowledged online. */
const serviceCertificate: ServiceCertificateFields = {
  document: { name: '行政处罚决定书', number: '婺卫医罚〔2026〕12号', sha256: H('a'), version: 1 },
  addressee: { name: '金华婺城康雅口腔诊所有限公司', address: '金华市婺城区八一南街100号' },
  caseName: '未按规定开展消毒工作',
  channels: [
    { method: '电子邮件', address: 'kangya@example.cn', outcome: '对方邮件服务器已接收' },
    { method: '门户专用账号', address: '金华婺城康雅口腔诊所有限公司', outcome: '已送达' },
  ],
  events: [
    { seq: 1, at: '2026-11-09T10:05:00+08:00', event: '受理发送', channel: '电子邮件', detail: 'kangya@example.cn', hash: H('1') },
    { seq: 2, at: '2026-11-09T10:05:00+08:00', event: '已送达门户专用账号', channel: '门户专用账号', hash: H('2') },
    { seq: 3, at: '2026-11-09T10:05:03+08:00', event: '对方邮件服务器已接收', channel: '电子邮件', detail: '250 2.0.0 Ok: queued as 4C2B1A3F', hash: H('3') },
  ],
  servedAt: '2026-11-09T10:05:00+08:00',
  servedBy: '门户专用账号',
  rule: '送达信息到达受送达人门户专用账号之日为送达日期',
  basis: '民事诉讼法第九十条第二款；人民法院在线诉讼规则第三十一条第一款',
  acknowledgedAt: '2026-11-09T14:20:00+08:00',
  sender: '陈立',
};

export const CASE_SAMPLES: { readonly [K in CaseDocumentKind]: CaseSampleFields[K] } = {
  case_acceptance: caseAcceptance,
  filing_report: filingReport,
  on_site_record: onSiteRecord,
  inquiry_record: inquiryRecord,
  evidence_preservation_decision: evidencePreservationDecision,
  seizure_decision: seizureDecision,
  seizure_extension_decision: seizureExtensionDecision,
  investigation_end_report: investigationEndReport,
  panel_discussion_record: panelDiscussionRecord,
  legal_review_opinion: legalReviewOpinion,
  collective_discussion_record: collectiveDiscussionRecord,
  prior_notice: priorNotice,
  hearing_notice: hearingNotice,
  hearing_record: hearingRecord,
  penalty_decision: penaltyDecision,
  on_the_spot_decision: onTheSpotDecision,
  reminder,
  closing_report: closingReport,
  service_certificate: serviceCertificate,
};

/** A sample's issue time per kind (the day each document of the sample case was made). */
export const SAMPLE_ISSUED_AT: { readonly [K in CaseDocumentKind]: Date } = {
  case_acceptance: new Date('2026-09-21T16:00:00+08:00'),
  filing_report: new Date('2026-09-22T11:00:00+08:00'),
  on_site_record: new Date('2026-09-23T10:45:00+08:00'),
  inquiry_record: new Date('2026-09-24T15:10:00+08:00'),
  evidence_preservation_decision: new Date('2026-09-23T10:30:00+08:00'),
  seizure_decision: new Date('2026-09-23T10:40:00+08:00'),
  seizure_extension_decision: new Date('2026-10-20T16:00:00+08:00'),
  investigation_end_report: new Date('2026-10-09T11:00:00+08:00'),
  panel_discussion_record: new Date('2026-10-09T16:00:00+08:00'),
  legal_review_opinion: new Date('2026-11-04T17:00:00+08:00'),
  collective_discussion_record: new Date('2026-11-06T16:00:00+08:00'),
  prior_notice: new Date('2026-10-12T10:00:00+08:00'),
  hearing_notice: new Date('2026-10-15T10:00:00+08:00'),
  hearing_record: new Date('2026-10-28T11:05:00+08:00'),
  penalty_decision: new Date('2026-11-09T10:00:00+08:00'),
  on_the_spot_decision: new Date('2026-10-14T15:50:00+08:00'),
  reminder: new Date('2026-12-01T10:00:00+08:00'),
  closing_report: new Date('2026-12-11T10:00:00+08:00'),
  service_certificate: new Date('2026-11-09T14:20:00+08:00'),
};

/** The enforcement category of each sample's 文号 (医 medical; the on-the-spot case is 公 public places). */
export const SAMPLE_CATEGORY: { readonly [K in CaseDocumentKind]: string } = Object.fromEntries(
  Object.keys(SAMPLE_ISSUED_AT).map((k) => [k, k === 'on_the_spot_decision' ? '公' : '医']),
) as { [K in CaseDocumentKind]: string };
