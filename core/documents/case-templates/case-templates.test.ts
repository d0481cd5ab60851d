import { describe, expect, it } from 'vitest';
import { CASE_DOCUMENT_KINDS, type CaseDocumentKind, type DocumentTemplate } from '../template.js';
import { CASE_TEMPLATES } from './index.js';
import { CASE_SAMPLES, SAMPLE_CONTEXT, SAMPLE_ISSUED_AT } from './samples.js';
import { bodyText, without, withValue } from './test-support.js';

type Path = (string | number)[];
/** A change to a full sample that the law forbids, and the words the refusal must contain. */
type Refusal = { path: Path; value?: unknown; remove?: true; message: string };
const rm = (path: Path, message: string): Refusal => ({ path, remove: true, message });
const set = (path: Path, value: unknown, message: string): Refusal => ({ path, value, message });

/** Per kind: what the law requires that a document may not lack, and what its body must print. */
const CASES: Record<CaseDocumentKind, { refusals: Refusal[]; prints: string[] }> = {
  case_acceptance: {
    refusals: [rm(['source'], '案件来源'), rm(['summary'], '案情摘要'), rm(['headOpinion'], '负责人'), rm(['party', 'name'], '当事人名称')],
    prints: ['案件受理记录', '非现场监管设备发现', '案情摘要', '负责人意见', '同意受理', '金华婺城康雅口腔诊所有限公司', '2026年9月21日15时30分'],
  },
  filing_report: {
    refusals: [rm(['head'], '负责人审批意见'), set(['head', 'decision'], '再议', '负责人审批结论'), rm(['evidence'], '证据'), set(['officers'], [{ name: '陈立', certificateNo: 'X1' }], '承办人不少于两人')],
    prints: ['立案报告', '负责人审批意见', '同意立案', '承办人：陈立（浙卫执证33070220001）', '承办人：周敏（浙卫执证33070220015）', '审批日期：2026年9月22日'],
  },
  on_site_record: {
    refusals: [
      set(['certificatesShown'], false, '出示执法证件'),
      rm(['officers', 1], '执法人员不少于两人'),
      rm(['officers', 0, 'certificateNo'], '执法证号'),
      rm(['present'], '见证人'),
      rm(['presentSignature'], '在场人签名情况'),
      set(['time', 'to'], '2026-09-23T08:00:00+08:00', '结束时间不能早于开始时间'),
      rm(['recorder'], '记录人'),
    ],
    prints: ['现场笔录', '检查时间：2026年9月23日9时30分至10时45分', '出示执法证件', '执法人员：陈立（浙卫执证33070220001）', '在场人：王建华', '记录人：周敏'],
  },
  inquiry_record: {
    refusals: [rm(['interviewee', 'name'], '被询问人姓名'), set(['rightsExplained'], false, '申请回避的权利'), rm(['qa'], '询问内容'), rm(['intervieweeSignature'], '被询问人签名情况'), rm(['officers', 0], '不少于两人')],
    prints: ['询问笔录', '问：李某是否取得医师或者护士执业资格？', '答：没有', '以上笔录我看过，与我说的相符', '被询问人：王建华', '询问人：周敏（浙卫执证33070220015）', '记录人：周敏', '申请回避'],
  },
  evidence_preservation_decision: {
    refusals: [rm(['headApproval'], '行政机关负责人批准'), rm(['items'], '先行登记保存的物品'), rm(['reason'], '先行登记保存的理由'), rm(['items', 0, 'quantity'], '物品数量')],
    prints: ['证据先行登记保存决定书', '经本机关负责人刘建国于2026年9月23日批准', '患者就诊登记本', '不得销毁或者转移', '七个工作日内作出处理决定', '第五十六条', '[issuer]'],
  },
  seizure_decision: {
    refusals: [
      set(['days'], 31, '不得超过三十日'),
      rm(['items'], '查封扣押物品清单'),
      rm(['reasons'], '查封扣押的理由'),
      rm(['remedies'], '复议、诉讼机关'),
      rm(['party', 'address'], '当事人地址'),
      rm(['headApproval'], '行政机关负责人批准'),
    ],
    prints: ['扣押决定书', '扣押物品清单', '超声波洁牙机', '30日，自2026年9月23日起至2026年10月23日止', '一式二份', '六十日内向金华市婺城区人民政府申请行政复议', '六个月内向金华市婺城区人民法院提起行政诉讼', '[issuer]'],
  },
  seizure_extension_decision: {
    refusals: [set(['days'], 45, '不得超过三十日'), rm(['reasons'], '延长理由'), rm(['headApproval'], '负责人批准'), rm(['original'], '原查封扣押决定')],
    prints: ['延长扣押期限决定书', '婺卫医封〔2026〕3号', '延长30日，至2026年11月22日止', '案件涉及患者人次较多', '第二十五条', '六十日', '[issuer]'],
  },
  investigation_end_report: {
    refusals: [rm(['proposal'], '处理建议'), rm(['penalties'], '建议的行政处罚必填'), rm(['basis'], '处罚依据必填'), rm(['evidence'], '证据')],
    prints: ['案件调查终结报告', '调查经过', '《医疗机构管理条例》第四十八条', '罚款人民币陆万元整（¥60,000.00）', '承办人：陈立'],
  },
  panel_discussion_record: {
    refusals: [rm(['members', 2], '合议人员至少3项'), rm(['opinions', 1], '合议人员周敏的意见未记录'), rm(['conclusion'], '合议意见')],
    prints: ['合议记录', '主持人：钱伟', '周敏：同意陈立意见。', '合议意见', '合议人员：钱伟'],
  },
  legal_review_opinion: {
    refusals: [
      set(['reviewer', 'notInvestigator'], false, '不得是本案调查人员'),
      set(['materials'], ['拟作出决定的情况说明', '拟作出的决定书文本', '证据材料'], '应包括听证笔录'),
      set(['materials'], ['拟作出决定的情况说明', '证据材料', '听证笔录'], '缺少拟作出的决定书文本'),
      rm(['points', 'procedure'], '程序是否合法'),
      rm(['conclusion'], '审核结论'),
      rm(['grounds'], '法制审核情形'),
    ],
    prints: ['法制审核意见书', '程序是否合法', '适用法律依据是否正确', '同意。建议提交集体讨论决定。', '第五十八条', '法制审核人员：孙悦'],
  },
  collective_discussion_record: {
    refusals: [rm(['opinions', 1], '负责人何芳的意见未记录'), rm(['legalReview'], '法制审核意见'), rm(['decision'], '集体讨论决定'), set(['chair'], '钱伟', '主持人应为参加讨论的负责人')],
    prints: ['集体讨论记录', '法制审核意见', '何芳：同意，当事人已整改，不宜加重。', '集体讨论决定', '主持人：黄志强', '记录人：吴婷'],
  },
  prior_notice: {
    refusals: [rm(['penalties'], '拟作出的行政处罚'), rm(['facts'], '违法事实'), rm(['basis'], '处罚依据'), rm(['largeAmount'], '较大数额罚款标准'), rm(['contact'], '联系人')],
    prints: ['行政处罚事先告知书', '拟对你单位作出如下行政处罚：罚款人民币陆万元整（¥60,000.00）', '陈述和申辩', '3个工作日内', '要求听证的权利', '五个工作日内', '不因你单位陈述、申辩而给予更重的处罚', '[issuer]'],
  },
  hearing_notice: {
    refusals: [rm(['hearingAt'], '听证时间'), rm(['place'], '听证地点'), rm(['chair'], '听证主持人'), set(['public'], false, '不公开举行听证须写明理由'), set(['hearingAt'], '2026-10-20T09:30:00+08:00', '七日前通知'), rm(['public'], '是否公开举行')],
    prints: ['听证通知书', '听证时间：2026年10月28日9时30分', '公开举行', '主持人赵磊（法规科科长）', '有权申请回避', '一至二人代理', '视为放弃听证权利', '[issuer]'],
  },
  hearing_record: {
    refusals: [
      set(['chair'], '陈立', '听证主持人不得是本案调查人员'),
      rm(['defence'], '申辩和质证'),
      rm(['investigatorsCase'], '调查人员提出的违法事实'),
      rm(['partySignature'], '签名情况'),
      set(['attendees'], [{ name: '甲', capacity: '委托代理人' }, { name: '乙', capacity: '委托代理人' }, { name: '丙', capacity: '委托代理人' }], '一至二人'),
    ],
    prints: ['听证笔录', '听证主持人：赵磊', '案件调查人员：陈立（执法证号：浙卫执证33070220001）', '当事人对事实无异议', '已交当事人（代理人）核对', '当事人（代理人）：王建华'],
  },
  penalty_decision: {
    refusals: [
      rm(['party', 'address'], '当事人地址'),
      rm(['facts'], '违法事实'),
      rm(['evidence'], '证据'),
      rm(['basis'], '处罚依据'),
      rm(['penalties'], '处罚种类和内容'),
      rm(['payment'], '缴款方式和地点'),
      rm(['remedies'], '复议、诉讼机关'),
      rm(['priorNotice'], '行政处罚事先告知书'),
      rm(['correction'], '责令改正情况必填'),
      set(['penalties'], [{ kind: 'fine', amountFen: 0 }], '罚款金额应大于零'),
    ],
    prints: ['行政处罚决定书', '地址：浙江省金华市婺城区八一南街288号', '依据《医疗机构管理条例》第四十八条的规定', '罚款人民币陆万元整（¥60,000.00）', '十五日内', '百分之三加处罚款', '六十日内', '六个月内', '[issuer]'],
  },
  on_the_spot_decision: {
    refusals: [
      set(['penalty'], { kind: 'fine', amountFen: 300_001 }, '三千元以下'),
      set(['penalty'], { kind: 'revoke_licence', licence: '卫生许可证' }, '警告或者罚款'),
      rm(['officers', 1], '不少于两人'),
      rm(['remedies'], '复议、诉讼机关'),
      rm(['place'], '地点'),
      rm(['collection'], '罚款缴纳方式'),
      rm(['correction'], '第二十八条'),
    ],
    prints: ['当场行政处罚决定书', '出示执法证件', '2026年10月14日15时20分', '罚款人民币伍佰元整（¥500.00）', '《公共场所卫生管理条例实施细则》第三十八条', '六十日内', '执法人员：陈立（浙卫执证33070220001）', '[issuer]'],
  },
  reminder: {
    refusals: [rm(['deadline'], '履行期限'), rm(['obligation', 'payment'], '缴款方式和地点'), set(['obligation', 'lateFeeFen'], 7_000_000, '不得超出罚款的数额'), rm(['contact'], '联系人')],
    prints: ['催告书', '请于2026年12月15日前', '人民币陆万元整', '合计人民币柒万零捌佰元整（¥70,800.00）', '有权进行陈述和申辩', '申请人民法院强制执行', '[issuer]'],
  },
  closing_report: {
    refusals: [rm(['outcome'], '结案情形'), rm(['decision'], '处罚决定书文号'), rm(['execution'], '执行情况'), rm(['headApproval'], '负责人审批')],
    prints: ['结案报告', '处罚决定已履行完毕', '婺卫医罚〔2026〕12号', '三十日内归档', '同意结案'],
  },
  service_certificate: {
    refusals: [rm(['document', 'sha256'], '送达文书SHA-256'), set(['events', 0, 'hash'], 'x', '事件哈希'), rm(['servedAt'], '送达日期'), rm(['basis'], '法律依据'), set(['channels'], [], '送达方式至少填写一项')],
    prints: ['送达回证（电子送达凭证）', '婺卫医罚〔2026〕12号', 'a'.repeat(64), '金华婺城康雅口腔诊所有限公司', 'kangya@example.cn', '250 2.0.0 Ok: queued as 4C2B1A3F', '1'.repeat(64), '2026年11月9日10时05分03秒', '第九十条第二款', '在线确认签收', '具有送达回证效力'],
  },
};

const byKind = new Map(CASE_TEMPLATES.map((t) => [t.kind, t]));

describe('CASE_TEMPLATES', () => {
  it('holds every case document kind exactly once, at version 1', () => {
    expect(CASE_TEMPLATES.map((t) => t.kind).sort()).toEqual([...CASE_DOCUMENT_KINDS].sort());
    expect(CASE_TEMPLATES.every((t) => t.version === 1)).toBe(true);
  });

  it('seals what goes to the party under the agency\'s name and numbers it with a 文号; records get a 编号', () => {
    for (const t of CASE_TEMPLATES) expect(t.numbering.scheme, t.kind).toBe(t.sealed ? 'wenhao' : 'serial');
    const natures = CASE_TEMPLATES.flatMap((t) => (t.numbering.scheme === 'wenhao' ? [t.numbering.nature] : []));
    expect(new Set(natures).size).toBe(natures.length);
    expect(byKind.get('penalty_decision')?.numbering).toEqual({ scheme: 'wenhao', nature: '罚' });
    expect(byKind.get('prior_notice')?.numbering).toEqual({ scheme: 'wenhao', nature: '告' });
  });
});

describe.each(CASE_DOCUMENT_KINDS.map((k) => [k]))('%s', (kind) => {
  const t = byKind.get(kind) as DocumentTemplate<unknown>;
  const sample = CASE_SAMPLES[kind];
  const { refusals, prints } = CASES[kind];

  it('accepts the full sample', () => {
    const r = t.fields.safeParse(sample);
    expect(r.success ? [] : r.error.issues).toEqual([]);
  });

  it.each(refusals.map((r) => [`${r.path.join('.')}${r.remove ? ' missing' : ` = ${JSON.stringify(r.value)}`}`, r]))('refuses %s, naming it in Chinese', (_name, r) => {
    const bad = r.remove ? without(sample, r.path) : withValue(sample, r.path, r.value);
    const res = t.fields.safeParse(bad);
    expect(res.success).toBe(false);
    const messages = res.success ? [] : res.error.issues.map((i) => i.message);
    expect(messages.join('\n')).toContain(r.message);
  });

  it('prints what the law asks for', () => {
    const text = bodyText(t.body(t.fields.parse(sample), { ...SAMPLE_CONTEXT, issuedAt: SAMPLE_ISSUED_AT[kind] }));
    for (const p of prints) expect(text, p).toContain(p);
    if (t.sealed) expect(text).toContain('[issuer]');
  });
});
