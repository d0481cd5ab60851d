import { refusal, type Refusal } from './refusal.js';

/**
 * Penalties, money, and which decisions are major (R8; 004 附表3 第三条、第四条; 行政处罚法 arts. 45, 57,
 * 58). Pure. Money is counted in fen (integers): a fine is a positive amount in yuan with at most
 * two decimals.
 */
export type PartyKind = 'person' | 'organisation';

/** The kinds of penalty (行政处罚法 art. 9) a health authority decides, lightest first. */
export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'licence_suspension', 'business_suspension', 'licence_revocation'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];
export const PENALTY_KIND_ZH: Record<PenaltyKind, string> = {
  warning: '警告',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  licence_suspension: '暂扣许可证件',
  business_suspension: '责令停产停业',
  licence_revocation: '吊销许可证件',
};

export type Penalty = {
  kinds: PenaltyKind[];
  /** The fine in fen (with 'fine'). */
  fineFen?: number | null;
  /** Illegal gains and goods confiscated, valued in fen (with 'confiscation'). */
  confiscationFen?: number | null;
};

/** What makes a case major under 行政处罚法 art. 58 (set by the investigators, reviewed by the head). */
export type Art58 = { publicInterest?: boolean; majorRights?: boolean; complex?: boolean; otherLaw?: boolean };

const YUAN = /^\d{1,12}(\.\d{1,2})?$/;

/** A positive amount in yuan with at most two decimals → fen; a Refusal otherwise. */
export function parseYuan(value: string | number, field: string): number | Refusal {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  if (!YUAN.test(text)) return refusal('invalid_amount', '行政处罚法第五十九条', `${field}须为以元计的正数金额，至多两位小数`);
  const [int, dec = ''] = text.split('.');
  const fen = Number(int) * 100 + Number(dec.padEnd(2, '0'));
  if (fen <= 0) return refusal('invalid_amount', '行政处罚法第五十九条', `${field}须大于零`);
  return fen;
}

export const fenToYuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** A penalty that names its kinds and, for money, a positive amount; null when well formed. */
export function penaltyProblem(p: Penalty): Refusal | null {
  if (!p.kinds.length) return refusal('penalty_required', '行政处罚法第五十九条', '须写明行政处罚的种类');
  if (p.kinds.includes('fine') && !(Number.isInteger(p.fineFen) && (p.fineFen ?? 0) > 0)) return refusal('invalid_amount', '行政处罚法第五十九条', '罚款须为以元计的正数金额，至多两位小数');
  if (p.kinds.includes('confiscation') && !(Number.isInteger(p.confiscationFen) && (p.confiscationFen ?? 0) > 0)) return refusal('invalid_amount', '行政处罚法第五十九条', '没收金额须为以元计的正数金额，至多两位小数');
  return null;
}

/** 行政处罚法 art. 51: a warning, or a fine ≤ 200 yuan (citizen) / ≤ 3,000 yuan (organisation). */
export const SIMPLE_FINE_MAX_FEN: Record<PartyKind, number> = { person: 200_00, organisation: 3000_00 };

export function simpleProcedureProblem(p: Penalty, party: PartyKind): Refusal | null {
  const other = p.kinds.filter((k) => k !== 'warning' && k !== 'fine');
  if (other.length || !p.kinds.length) return refusal('simple_limit_exceeded', '行政处罚法第五十一条', '简易程序只能当场作出警告或者小额罚款的行政处罚');
  if (p.kinds.includes('fine') && (p.fineFen ?? 0) > SIMPLE_FINE_MAX_FEN[party]) {
    return refusal('simple_limit_exceeded', '行政处罚法第五十一条', party === 'person' ? '对公民当场罚款不得超过二百元，应适用普通程序' : '对法人或者其他组织当场罚款不得超过三千元，应适用普通程序');
  }
  return null;
}

/** 004 附表3 第三条（三）: ≥ 10,000 yuan for a person, ≥ 100,000 yuan for an organisation (fines and confiscation together). */
export const MAJOR_MONEY_FEN: Record<PartyKind, number> = { person: 10_000_00, organisation: 100_000_00 };

export type MajorReason = { rule: string; reason: string };

/**
 * Why a decision is major (empty: it is not): revocation, suspension, a large fine or
 * confiscation (004 附表3 第三条), a major coercive measure (第四条), and 行政处罚法 art. 58's cases.
 */
export function majorReasons(input: { party: PartyKind; penalty: Penalty | null; majorCoercion?: boolean; art58?: Art58 | null; hearingHeld?: boolean }): MajorReason[] {
  const out: MajorReason[] = [];
  const p = input.penalty;
  if (p?.kinds.includes('licence_revocation')) out.push({ rule: '004附表3第三条第（一）项', reason: '吊销许可证件' });
  if (p?.kinds.includes('business_suspension')) out.push({ rule: '004附表3第三条第（二）项', reason: '责令停产停业' });
  const money = (p?.kinds.includes('fine') ? (p.fineFen ?? 0) : 0) + (p?.kinds.includes('confiscation') ? (p.confiscationFen ?? 0) : 0);
  if (money >= MAJOR_MONEY_FEN[input.party]) out.push({ rule: '004附表3第三条第（三）项', reason: input.party === 'person' ? '对公民罚没金额一万元以上' : '对法人或者其他组织罚没金额十万元以上' });
  if (input.majorCoercion) out.push({ rule: '004附表3第四条', reason: '重大行政强制措施' });
  const a = input.art58 ?? {};
  if (a.publicInterest) out.push({ rule: '行政处罚法第五十八条第一款第（一）项', reason: '涉及重大公共利益' });
  if (a.majorRights && input.hearingHeld) out.push({ rule: '行政处罚法第五十八条第一款第（二）项', reason: '直接关系当事人或者第三人重大权益，经过听证程序' });
  if (a.complex) out.push({ rule: '行政处罚法第五十八条第一款第（三）项', reason: '案件情况疑难复杂、涉及多个法律关系' });
  if (a.otherLaw) out.push({ rule: '行政处罚法第五十八条第一款第（四）项', reason: '法律、法规规定应当进行法制审核' });
  return out;
}

const rank = (k: PenaltyKind) => PENALTY_KINDS.indexOf(k);

/** Whether `decided` is heavier than `proposed`: a kind not proposed (other than a lighter one in its stead), or more money. */
export function isHeavier(proposed: Penalty, decided: Penalty): boolean {
  const maxProposed = Math.max(-1, ...proposed.kinds.map(rank));
  for (const k of decided.kinds) if (!proposed.kinds.includes(k) && rank(k) >= maxProposed) return true;
  if (decided.kinds.includes('fine') && (decided.fineFen ?? 0) > (proposed.kinds.includes('fine') ? (proposed.fineFen ?? 0) : 0)) return true;
  if (decided.kinds.includes('confiscation') && (decided.confiscationFen ?? 0) > (proposed.kinds.includes('confiscation') ? (proposed.confiscationFen ?? 0) : 0)) return true;
  return false;
}

/**
 * The decision against the prior notice's proposal: never heavier because the party stated or
 * defended (行政处罚法 art. 45 ¶2); and without a defence, a heavier penalty needs a new prior
 * notice first (arts. 44, 62).
 */
export function heavierProblem(proposed: Penalty, decided: Penalty, defended: boolean): Refusal | null {
  if (!isHeavier(proposed, decided)) return null;
  if (defended) return refusal('heavier_after_defence', '行政处罚法第四十五条第二款', '行政机关不得因当事人陈述、申辩而给予更重的处罚');
  return refusal('heavier_than_notice', '行政处罚法第四十四条、第六十二条', '拟作出的处罚重于事先告知的内容，应当重新告知当事人');
}
