import type { Block, SignatureLine } from '../document-body.js';
import type { Contact, Correction, Officer, Party, Penalty, PersonSignature, Remedies } from './fields.js';
import { printAmount, printDate } from './format.js';

/**
 * Wording the case documents share, so that a sentence the law dictates is written once: the
 * party's rows, a penalty in words, the rights to reconsideration and litigation, signatures.
 */

/** 行政复议法 (2023) art. 20: sixty days from knowing of the act. */
export const RECONSIDERATION_LIMIT = '六十日';
/** 行政诉讼法 art. 46: six months from knowing of the act. */
export const LITIGATION_LIMIT = '六个月';

export function partyRows(p: Party): { label: string; value: string }[] {
  if (p.type === 'organisation') {
    return [
      { label: '当事人', value: p.name },
      { label: '统一社会信用代码', value: p.creditCode ?? '' },
      { label: '法定代表人（负责人）', value: p.legalRepresentative },
      { label: '地址', value: p.address },
      ...(p.phone ? [{ label: '联系电话', value: p.phone }] : []),
    ];
  }
  return [
    { label: '当事人', value: p.name },
    ...(p.gender ? [{ label: '性别', value: p.gender }] : []),
    { label: '身份证件号码', value: p.idNumber ?? '' },
    { label: '地址', value: p.address },
    ...(p.phone ? [{ label: '联系电话', value: p.phone }] : []),
  ];
}

/** One penalty in the words of a decision: 罚款人民币贰万元整（¥20,000.00）. */
export function penaltyText(p: Penalty): string {
  switch (p.kind) {
    case 'warning':
      return '警告';
    case 'public_criticism':
      return '通报批评';
    case 'fine':
      return `罚款${printAmount(p.amountFen)}`;
    case 'confiscate_gains':
      return `没收违法所得${printAmount(p.amountFen)}`;
    case 'confiscate_property':
      return `没收非法财物：${p.description}${p.valueFen ? `（价值${printAmount(p.valueFen)}）` : ''}`;
    case 'suspend_licence':
      return `暂扣${p.licence}${p.period}`;
    case 'lower_qualification':
      return `降低资质等级：${p.detail}`;
    case 'revoke_licence':
      return `吊销${p.licence}`;
    case 'restrict_business':
      return `限制开展生产经营活动：${p.detail}`;
    case 'suspend_business':
      return `责令停产停业${p.period}`;
    case 'close':
      return '责令关闭';
    case 'restrict_practice':
      return `限制从业：${p.detail}`;
  }
}

/** Several penalties: 1. 警告；2. 罚款人民币…. One penalty alone is not numbered. */
export function penaltiesText(ps: readonly Penalty[]): string {
  if (ps.length === 1) return penaltyText(ps[0]);
  return ps.map((p, i) => `${i + 1}. ${penaltyText(p)}`).join('；');
}

/** The money a party must pay under these penalties (fines and confiscated gains), in fen. */
export function moneyDue(ps: readonly Penalty[]): number {
  return ps.reduce((sum, p) => sum + (p.kind === 'fine' || p.kind === 'confiscate_gains' ? p.amountFen : 0), 0);
}

/** Provisions joined as a sentence: 《A》第一条、《B》第二条. */
export const joinProvisions = (ps: readonly string[]): string => ps.join('、');

/**
 * The rights to reconsideration and litigation (行政处罚法 art. 59(5), 52; 行政强制法 art. 24(4)):
 * sixty days (行政复议法 art. 20) and six months (行政诉讼法 art. 46) from receipt.
 */
export function remediesSentence(r: Remedies, what: string): string {
  return (
    `当事人如不服${what}，可以在收到本决定书之日起${RECONSIDERATION_LIMIT}内向${r.reconsiderationBody}申请行政复议，` +
    `也可以在收到本决定书之日起${LITIGATION_LIMIT}内向${r.court}提起行政诉讼。`
  );
}

export function contactSentence(c: Contact): string {
  return `联系人：${c.name}；联系电话：${c.phone}；地址：${c.address}。`;
}

/** The officers' signature lines, each with the 执法证号. */
export function officerLines(os: readonly Officer[], role = '执法人员'): SignatureLine[] {
  return os.map((o) => ({ role, name: o.name, certificateNo: o.certificateNo, signedAt: null }));
}

/** A signature line for a person who signed or refused (refusals are also written out in a paragraph). */
export function personLine(role: string, s: PersonSignature): SignatureLine {
  return { role, name: s.name, certificateNo: null, signedAt: s.status === 'signed' && s.signedAt ? new Date(s.signedAt) : null };
}

/** What the record says when someone refused to sign (行政强制法 art. 18(8); 行政处罚法 art. 64(8)). */
export function refusalBlocks(role: string, s: PersonSignature, notedBy: string): Block[] {
  if (s.status !== 'refused') return [];
  return [{ kind: 'paragraph', text: `${role}${s.name}拒绝签名${s.note ? `（${s.note}）` : ''}，由${notedBy}在本笔录中注明。` }];
}

/** 案由 line used by the internal records. */
export function caseRows(caseName: string, p: Party): { label: string; value: string }[] {
  return [{ label: '案由', value: caseName }, ...partyRows(p)];
}

export const dateRow = (label: string, d: string | Date) => ({ label, value: printDate(d) });

/** How a document addresses the party: 你单位 (an organisation) or 你 (a person). */
export const you = (p: Party): string => (p.type === 'organisation' ? '你单位' : '你');

/** A numbered evidence table (序号, 种类, 名称, 证明内容). */
export function evidenceTable(items: readonly { kind: string; name: string; proves: string }[]): Block {
  return { kind: 'table', columns: ['序号', '证据种类', '证据名称', '证明内容'], rows: items.map((e, i) => [String(i + 1), e.kind, e.name, e.proves]) };
}

/** A numbered goods table (物品清单). */
export function goodsTable(items: readonly { name: string; spec?: string; quantity: number; unit: string; note?: string }[]): Block {
  return {
    kind: 'table',
    columns: ['序号', '物品名称', '规格型号', '数量', '单位', '备注'],
    rows: items.map((g, i) => [String(i + 1), g.name, g.spec ?? '', String(g.quantity), g.unit, g.note ?? '']),
  };
}

/** The art. 28 sentence: 责令你单位…; or what has been corrected already. */
export function correctionSentence(c: Correction, p: Party): string {
  return c.kind === 'order' ? `根据《中华人民共和国行政处罚法》第二十八条的规定，责令${you(p)}${c.what.replace(/[。.]+$/, '')}。` : `${c.detail.replace(/。$/, '')}。`;
}
