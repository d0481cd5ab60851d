import { penaltiesText } from '../documents/case-templates/clauses.js';
import type { Penalty } from '../documents/case-templates/fields.js';
import { maskAddress, maskName, maskText, type Known } from './mask.js';

/**
 * The public text of an administrative penalty decision (行政处罚法 art. 48 ¶1) composed from the
 * decision as issued (行政处罚决定书, art. 59): its number, the party, the case, the main facts, the
 * provisions broken, the legal basis, what was decided, the agency and the date — the items the
 * public notices of penalty decisions carry (004 附表2 第六条（十三）). Pure: the caller loads the
 * case. What names individuals is masked here (mask.ts); the approval checks the final text again.
 */
export type DecisionParty =
  | { type: 'organisation'; name: string; creditCode?: string | null; legalRepresentative?: string | null; address?: string | null }
  | { type: 'person'; name: string; address?: string | null; idNumber?: string | null; phone?: string | null };

export type DecisionForPublication = {
  documentNumber: string | null;
  party: DecisionParty;
  cause: string;
  facts: string | null;
  violated: readonly string[];
  basis: readonly string[];
  penalties: readonly Penalty[];
  agencyName: string;
  /** 'YYYY-MM-DD' (Asia/Shanghai). */
  decidedOn: string;
  /** Everyone else the case names: contacts, witnesses, people questioned, a legal representative. */
  otherIndividuals: readonly string[];
};

export type ComposedPublication = { title: string; body: string; partyName: string; known: Required<Known> };

const printDay = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

export function composeDecision(d: DecisionForPublication): ComposedPublication {
  const person = d.party.type === 'person';
  const names = [...(person ? [d.party.name] : []), ...(d.party.type === 'organisation' && d.party.legalRepresentative ? [d.party.legalRepresentative] : []), ...d.otherIndividuals];
  const addresses = person && d.party.address ? [d.party.address] : [];
  const known = { names, addresses, secrets: [] as string[] };
  const partyName = person ? maskName(d.party.name) : d.party.name;
  const lines: string[] = [];
  if (d.documentNumber) lines.push(`行政处罚决定书文号：${d.documentNumber}`);
  lines.push(`案件名称：${d.cause}`);
  lines.push(`被处罚人：${partyName}`);
  if (d.party.type === 'organisation') {
    if (d.party.creditCode) lines.push(`统一社会信用代码：${d.party.creditCode}`);
    if (d.party.address) lines.push(`地址：${d.party.address}`);
  } else if (d.party.address) {
    lines.push(`住址：${maskAddress(d.party.address)}`);
  }
  if (d.facts) lines.push(`主要违法事实：${d.facts}`);
  if (d.violated.length) lines.push(`违反的法律规定：${d.violated.join('、')}`);
  if (d.basis.length) lines.push(`处罚依据：${d.basis.join('、')}`);
  if (d.penalties.length) lines.push(`处罚种类和内容：${penaltiesText(d.penalties)}`);
  lines.push(`处罚机关：${d.agencyName}`);
  lines.push(`作出处罚决定的日期：${printDay(d.decidedOn)}`);
  const title = `${partyName}${d.cause.startsWith(partyName) ? d.cause.slice(partyName.length) : d.cause}行政处罚决定信息`;
  return { title: maskText(title, known), body: maskText(lines.join('\n'), known), partyName, known };
}
