import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { contactSentence, evidenceTable, joinProvisions, partyRows, penaltiesText, you } from './clauses.js';
import { contact, evidenceList, fen, longText, optionalText, party, penalties, provisions, text, type Party, type Penalty } from './fields.js';

/**
 * 行政处罚事先告知书, 行政处罚法 arts. 44, 45, 62: before deciding, the agency tells the party the
 * proposed penalty and its facts, reasons and basis, and the rights to state and defend (without a
 * decision heavier for it, art. 45 ¶2); no decision may be made without this notice (art. 62).
 * Where the proposed penalty is one of art. 63 (a large fine, confiscation of a large amount,
 * lowering a qualification, revoking a licence, stopping production or business, closing,
 * restricting practice, another heavier penalty) it also tells the right to ask for a hearing
 * within five days of the notice (art. 64(1)) — working days (art. 85) — at no cost (art. 63 ¶2).
 *
 * What a "large amount" (较大数额) is, the provinces set (and so the agency's configuration): the
 * case passes the figures it applies, and this template decides from them. Art. 63(5)/(6) — other
 * heavier penalties, other rules — come as a named ground.
 *
 * Numbering: a 文号 with 告 — it goes to the party under the agency's name. Sealed: yes, for the
 * same reason (it is the agency's formal notice; the later decision relies on it, art. 62).
 */

const ALWAYS_HEARING = new Set<Penalty['kind']>(['lower_qualification', 'revoke_licence', 'suspend_business', 'close', 'restrict_practice']);

export type LargeAmount = { personFen: number; organisationFen: number };

/** Whether art. 63 gives the party the right to a hearing for these penalties. */
export function hearingRightApplies(ps: readonly Penalty[], p: Party, large: LargeAmount, otherGround?: string): boolean {
  if (otherGround) return true;
  const limit = p.type === 'organisation' ? large.organisationFen : large.personFen;
  return ps.some(
    (x) =>
      ALWAYS_HEARING.has(x.kind) ||
      ((x.kind === 'fine' || x.kind === 'confiscate_gains') && x.amountFen >= limit) ||
      (x.kind === 'confiscate_property' && x.valueFen !== undefined && x.valueFen >= limit),
  );
}

export const priorNoticeFields = z.object({
  party,
  caseName: text('案由'),
  facts: longText('违法事实'),
  evidence: evidenceList,
  violated: provisions('违反的法律规定'),
  basis: provisions('处罚依据'),
  penalties: penalties('拟作出的行政处罚'),
  reasons: longText('处罚理由（裁量情况）', 2000),
  /** The working days the party has to state and defend (the laws give none; the agency's rule does). */
  statementDays: z.number({ error: '陈述申辩期限必填（工作日）' }).int('陈述申辩期限应为整数日').min(3, '陈述申辩期限不少于3个工作日').max(15, '陈述申辩期限不超过15个工作日'),
  contact,
  /** 较大数额 as the province sets it (art. 63(1)(2)). */
  largeAmount: z.object({ personFen: fen('较大数额罚款标准（个人）'), organisationFen: fen('较大数额罚款标准（单位）') }, { error: '较大数额罚款标准必填（行政处罚法第六十三条）' }),
  /** art. 63(5)/(6): another heavier penalty, or a rule that requires a hearing. */
  otherHearingGround: optionalText('其他应告知听证权利的情形', 300),
});
export type PriorNoticeFields = z.infer<typeof priorNoticeFields>;

export const priorNoticeV1: DocumentTemplate<PriorNoticeFields> = {
  kind: 'prior_notice',
  version: 1,
  title: '行政处罚事先告知书',
  titleEn: 'Prior notice of administrative penalty',
  numbering: { scheme: 'wenhao', nature: '告' },
  sealed: true,
  fields: priorNoticeFields,
  body(f, ctx) {
    const who = you(f.party);
    const hearing = hearingRightApplies(f.penalties, f.party, f.largeAmount, f.otherHearingGround);
    return [
      { kind: 'title', text: '行政处罚事先告知书' },
      { kind: 'fields', rows: partyRows(f.party) },
      { kind: 'paragraph', indent: true, text: `经调查，${who}${f.caseName}一案，本机关查明：${f.facts}` },
      { kind: 'paragraph', indent: true, text: '以上事实有下列证据证明：' },
      evidenceTable(f.evidence),
      {
        kind: 'paragraph',
        indent: true,
        text:
          `${who}的上述行为违反了${joinProvisions(f.violated)}的规定。${f.reasons}` +
          `依据${joinProvisions(f.basis)}的规定，本机关拟对${who}作出如下行政处罚：${penaltiesText(f.penalties)}。`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，${who}有权进行陈述和申辩。` +
          `${who}可在收到本告知书之日起${f.statementDays}个工作日内向本机关提出陈述、申辩意见，并提交相应的事实、理由和证据；本机关将充分听取并进行复核，不因${who}陈述、申辩而给予更重的处罚。` +
          `逾期未提出的，视为放弃陈述、申辩权利。`,
      },
      ...(hearing
        ? [
            {
              kind: 'paragraph' as const,
              indent: true,
              text:
                `根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，${who}有要求听证的权利。` +
                `如要求听证，应当在收到本告知书之日起五个工作日内（第八十五条）向本机关提出；逾期未提出的，视为放弃听证权利。当事人不承担组织听证的费用。`,
            },
          ]
        : []),
      { kind: 'paragraph', indent: true, text: contactSentence(f.contact) },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
