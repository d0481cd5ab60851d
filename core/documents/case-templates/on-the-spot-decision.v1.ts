import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { correctionSentence, joinProvisions, officerLines, partyRows, penaltyText, personLine, remediesSentence, you } from './clauses.js';
import { correction, fen, instant, longText, officers, party, payment, personSignature, provisions, remedies, text } from './fields.js';
import { printAmount, printDateTime } from './format.js';
import { LATE_FEE_SENTENCE } from './penalty-decision.v1.js';

/**
 * 当场行政处罚决定书 (simple procedure), 行政处罚法 arts. 51–53: only where the facts are certain
 * and the penalty is a warning or a fine of at most 200 yuan for a citizen or 3,000 yuan for an
 * organisation (art. 51). The officers show their certificates and hand over a numbered decision
 * on the spot; a party who refuses to sign is noted on it (art. 52 ¶1). It states the illegal act,
 * the kind and basis of the penalty, the amount, the time and place, the ways and time limits of
 * reconsideration and litigation, and the agency's name, and the officers sign it (art. 52 ¶2). A
 * fine is paid as art. 67 says (art. 53), or collected on the spot against the financial
 * department's receipt when it is at most 100 yuan or hard to collect later (arts. 68, 70).
 *
 * Numbering: a 文号 with 当 — "编有号码" (art. 52 ¶1) and the agency's act. Sealed: yes — it goes
 * to the party under the agency's name like the general decision; the officers sign it as well.
 */

export const SIMPLE_LIMIT_FEN = { person: 200_00, organisation: 3_000_00 } as const;
export const ON_SPOT_COLLECTION_LIMIT_FEN = 100_00;

export const onTheSpotDecisionFields = z
  .object({
    party,
    act: longText('违法行为', 2000),
    actAt: instant('违法行为时间'),
    place: text('地点'),
    violated: provisions('违反的法律规定'),
    basis: provisions('处罚依据'),
    penalty: z.discriminatedUnion(
      'kind',
      [z.object({ kind: z.literal('warning') }), z.object({ kind: z.literal('fine'), amountFen: fen('罚款金额') })],
      { error: '当场处罚只能是警告或者罚款（行政处罚法第五十一条）' },
    ),
    decidedAt: instant('作出处罚决定时间'),
    officers: officers(),
    /** How the fine is paid: collected on the spot with a receipt (arts. 68, 70), or at the bank (art. 67). */
    collection: z
      .discriminatedUnion(
        'kind',
        [
          z.object({ kind: z.literal('on_spot'), reason: z.enum(['100元以下', '不当场收缴事后难以执行'], { error: '当场收缴的理由无效（行政处罚法第六十八条）' }), receiptNo: text('罚没款专用票据号码', 60) }),
          z.object({ kind: z.literal('bank'), payment }),
        ],
        { error: '罚款缴纳方式必填' },
      )
      .optional(),
    remedies,
    partySignature: personSignature('当事人'),
    correction,
  })
  .superRefine((f, ctx) => {
    if (f.penalty.kind !== 'fine') return;
    const limit = f.party.type === 'organisation' ? SIMPLE_LIMIT_FEN.organisation : SIMPLE_LIMIT_FEN.person;
    if (f.penalty.amountFen > limit)
      ctx.addIssue({
        code: 'custom',
        path: ['penalty', 'amountFen'],
        message: `罚款金额超过当场处罚限额：对${f.party.type === 'organisation' ? '法人或者其他组织三千元' : '公民二百元'}以下（行政处罚法第五十一条）`,
      });
    if (!f.collection) ctx.addIssue({ code: 'custom', path: ['collection'], message: '罚款缴纳方式必填（行政处罚法第五十三条、第六十七条）' });
    else if (f.collection.kind === 'on_spot' && f.collection.reason === '100元以下' && f.penalty.amountFen > ON_SPOT_COLLECTION_LIMIT_FEN)
      ctx.addIssue({ code: 'custom', path: ['collection', 'reason'], message: '罚款超过一百元，不能以“100元以下”为由当场收缴（行政处罚法第六十八条）' });
  });
export type OnTheSpotDecisionFields = z.infer<typeof onTheSpotDecisionFields>;

export const onTheSpotDecisionV1: DocumentTemplate<OnTheSpotDecisionFields> = {
  kind: 'on_the_spot_decision',
  version: 1,
  title: '当场行政处罚决定书',
  titleEn: 'On-the-spot administrative penalty decision',
  numbering: { scheme: 'wenhao', nature: '当' },
  sealed: true,
  fields: onTheSpotDecisionFields,
  body(f, ctx) {
    const who = you(f.party);
    const c = f.collection;
    const pay =
      f.penalty.kind !== 'fine' || !c
        ? []
        : c.kind === 'on_spot'
          ? [{ kind: 'paragraph' as const, indent: true, text: `罚款${printAmount(f.penalty.amountFen)}由执法人员当场收缴（${c.reason}，《中华人民共和国行政处罚法》第六十八条），并出具罚没款专用票据（票据号码：${c.receiptNo}）。` }]
          : [
              {
                kind: 'paragraph' as const,
                indent: true,
                text: `罚款应当自收到本决定书之日起十五日内缴至${c.payment.payee}${c.payment.account ? `（账号：${c.payment.account}）` : ''}，缴款方式：${c.payment.channel}（《中华人民共和国行政处罚法》第六十七条）。`,
              },
              { kind: 'paragraph' as const, indent: true, text: LATE_FEE_SENTENCE },
            ];
    return [
      { kind: 'title', text: '当场行政处罚决定书' },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text: `执法人员已向${who}出示执法证件。经查，${who}于${printDateTime(f.actAt)}在${f.place}${f.act}，违反了${joinProvisions(f.violated)}的规定。`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `依据${joinProvisions(f.basis)}的规定，于${printDateTime(f.decidedAt)}在${f.place}当场决定给予${who}${penaltyText(f.penalty)}的行政处罚。` +
          correctionSentence(f.correction, f.party),
      },
      ...pay,
      { kind: 'paragraph', indent: true, text: remediesSentence(f.remedies, '本处罚决定') },
      ...(f.partySignature.status === 'refused'
        ? [{ kind: 'paragraph' as const, text: `当事人${f.partySignature.name}拒绝签收${f.partySignature.note ? `（${f.partySignature.note}）` : ''}，执法人员已在本决定书上注明（行政处罚法第五十二条）。` }]
        : []),
      { kind: 'signatures', lines: [...officerLines(f.officers), personLine('当事人', f.partySignature)] },
      { kind: 'note', text: '本决定书由执法人员当场交付当事人，并报所属行政机关备案（《中华人民共和国行政处罚法》第五十二条）。' },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
