import type { CaseDocumentKind } from '../documents/template.js';
import { majorReasons } from './major.js';
import type { CaseFacts, StageKind, StageRecord } from './procedure.js';
import type { Gap } from './refusal.js';

/**
 * What a case must hold before it is closed (issue 14 item 4): every stage its path required and
 * the document each one issued, the decision served, and the fine paid or its enforcement
 * applied for. Pure. The case file is then archived as it stands (001 §22(2): "卫生健康行政执法事项
 * 办结后，应当依照《卫生行政执法文书规范》等相关标准要求，将行政执法过程中形成的记录资料整理成案卷后归档保存"),
 * so what is missing is named before closing, not found by the archivist.
 *
 * The path: procedure (simple/general); the decision's outcome (penalty or not); a hearing asked
 * for; a major case (legal review + collective discussion); a seizure or preservation (its
 * handling); money ordered (paid in full with the late fee, or the court applied to).
 */
const latest = (c: CaseFacts, kind: StageKind): StageRecord | null => [...c.stages].reverse().find((s) => s.kind === kind) ?? null;
const has = (c: CaseFacts, kind: StageKind) => c.stages.some((s) => s.kind === kind);

/** The document each recorded stage must have issued, named as the closing lists it. */
const DOCUMENT_ZH: Partial<Record<CaseDocumentKind, string>> = {
  case_acceptance: '案件受理记录',
  filing_report: '立案报告',
  on_site_record: '现场笔录',
  inquiry_record: '询问笔录',
  evidence_preservation_decision: '证据先行登记保存决定书',
  seizure_decision: '查封（扣押）决定书',
  investigation_end_report: '案件调查终结报告',
  panel_discussion_record: '合议记录',
  prior_notice: '行政处罚事先告知书',
  hearing_notice: '听证通知书',
  hearing_record: '听证笔录',
  legal_review_opinion: '法制审核意见书',
  collective_discussion_record: '集体讨论记录',
  penalty_decision: '行政处罚决定书',
  on_the_spot_decision: '当场行政处罚决定书',
  reminder: '催告书',
};

type Need = { stage: StageKind; zh: string; rule: string; document?: CaseDocumentKind };

export function closingGaps(c: CaseFacts): Gap[] {
  const gaps: Gap[] = [];
  const docs = new Set(c.after?.documents ?? []);
  const need = (n: Need) => {
    if (!has(c, n.stage)) gaps.push({ item: n.stage, zh: n.document ? `${n.zh}（${DOCUMENT_ZH[n.document]}）` : n.zh, rule: n.rule });
    else if (n.document && !docs.has(n.document)) gaps.push({ item: `document:${n.document}`, zh: DOCUMENT_ZH[n.document]!, rule: n.rule });
  };
  // A stage that was recorded must have its document (a stage recorded before documents existed, or one whose issue failed).
  const issued = (stage: StageKind, document: CaseDocumentKind, rule: string) => {
    if (has(c, stage) && !docs.has(document)) gaps.push({ item: `document:${document}`, zh: DOCUMENT_ZH[document]!, rule });
  };

  const simple = c.procedure === 'simple';
  const decision = simple ? latest(c, 'on_the_spot_decision') : latest(c, 'decision');
  need({ stage: 'acceptance', zh: '受理', rule: '002第十七条', document: 'case_acceptance' });
  if (simple) {
    need({ stage: 'on_the_spot_decision', zh: '当场处罚决定', rule: '行政处罚法第五十二条', document: 'on_the_spot_decision' });
    need({ stage: 'record_report', zh: '报所属行政机关备案', rule: '行政处罚法第五十二条第三款' });
  } else {
    need({ stage: 'filing_approval', zh: '立案审批', rule: '行政处罚法第五十四条第二款', document: 'filing_report' });
    if (!has(c, 'on_site_inspection') && !has(c, 'inquiry') && !c.fromFlags) gaps.push({ item: 'investigation', zh: '调查取证（现场笔录或询问笔录）', rule: '行政处罚法第五十五条' });
    issued('on_site_inspection', 'on_site_record', '行政处罚法第五十五条');
    issued('inquiry', 'inquiry_record', '行政处罚法第五十五条第二款');
    issued('evidence_preservation', 'evidence_preservation_decision', '行政处罚法第五十六条');
    if (has(c, 'evidence_preservation') && !has(c, 'evidence_preservation_handled')) gaps.push({ item: 'evidence_preservation_handled', zh: '先行登记保存处理决定', rule: '行政处罚法第五十六条' });
    issued('seizure', 'seizure_decision', '行政强制法第二十四条');
    if (has(c, 'seizure') && !has(c, 'seizure_handled')) gaps.push({ item: 'seizure_handled', zh: '查封、扣押的解除或处理决定', rule: '行政强制法第二十七条、第二十八条' });
    need({ stage: 'investigation_end', zh: '调查终结', rule: '行政处罚法第五十七条', document: 'investigation_end_report' });
    need({ stage: 'panel_discussion', zh: '合议', rule: '002第十七条', document: 'panel_discussion_record' });
    need({ stage: 'decision', zh: '决定', rule: '行政处罚法第五十七条' });
  }
  if (!decision) return gaps;

  const penalty = (decision.facts.outcome ?? 'penalty') === 'penalty';
  if (!simple && penalty) {
    need({ stage: 'approval', zh: '审批', rule: '002第十七条' });
    need({ stage: 'prior_notice', zh: '事先告知', rule: '行政处罚法第四十四条、第六十二条', document: 'prior_notice' });
    if (has(c, 'hearing_request')) {
      need({ stage: 'hearing_notice', zh: '听证通知', rule: '行政处罚法第六十四条第（二）项', document: 'hearing_notice' });
      need({ stage: 'hearing', zh: '听证', rule: '行政处罚法第六十四条第（八）项', document: 'hearing_record' });
    }
    const major = majorReasons({ party: c.party, penalty: decision.facts.penalty ?? null, majorCoercion: c.stages.some((s) => s.kind === 'seizure' && s.facts.majorCoercion), art58: latest(c, 'investigation_end')?.facts.art58 ?? null, hearingHeld: has(c, 'hearing') });
    if (major.length) {
      need({ stage: 'legal_review', zh: '法制审核', rule: '行政处罚法第五十八条；003第十二条', document: 'legal_review_opinion' });
      need({ stage: 'collective_discussion', zh: '负责人集体讨论', rule: '行政处罚法第五十七条第二款；003第十三条', document: 'collective_discussion_record' });
    }
    if (!docs.has('penalty_decision')) gaps.push({ item: 'document:penalty_decision', zh: DOCUMENT_ZH.penalty_decision!, rule: '行政处罚法第五十九条' });
  }
  if (!simple && !c.after?.servedAt) gaps.push({ item: 'service', zh: '决定书送达（送达回证）', rule: '行政处罚法第六十一条；003第十四条' });

  // Money ordered: paid in full (003 §15: 自愿履行的，记录并留存凭证), or the court applied to (003 §17).
  const p = decision.facts.penalty;
  const owesMoney = penalty && !!p && ((p.fineFen ?? 0) > 0 || (p.confiscationFen ?? 0) > 0);
  if (owesMoney && !c.after?.payment?.settled && !has(c, 'enforcement')) {
    gaps.push({ item: 'payment', zh: '罚没款缴纳凭证（或申请人民法院强制执行）', rule: '003第十五条、第十七条；行政处罚法第六十六条' });
  }
  issued('reminder', 'reminder', '行政强制法第三十五条');
  return gaps;
}

export const CLOSING_RULE = '001第二十二条第（二）项';
export const closingMessage = (gaps: readonly Gap[]) => `案卷材料不齐，不得结案。尚缺：${gaps.map((g) => `${g.zh}（${g.rule}）`).join('；')}`;
