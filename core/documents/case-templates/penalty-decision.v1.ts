import { z } from 'zod';
import type { Block } from '../document-body.js';
import type { DocumentTemplate } from '../template.js';
import { correctionSentence, evidenceTable, joinProvisions, moneyDue, partyRows, penaltiesText, remediesSentence, you } from './clauses.js';
import { correction, day, evidenceList, longText, optionalText, party, payment, penalties, provisions, remedies, text } from './fields.js';
import { printAmount, printDate } from './format.js';

/**
 * 行政处罚决定书 (general procedure), 行政处罚法 art. 59: it states (1) the party's name and
 * address, (2) the facts and evidence of the violation, (3) the kind of penalty and its legal
 * basis, (4) how and by when it is to be performed, (5) the ways and time limits to ask for
 * reconsideration (60 days, 行政复议法 art. 20) or to sue (6 months, 行政诉讼法 art. 46), (6) the
 * agency's name and the date; and it bears the agency's seal. A fine is paid within 15 days of
 * receipt at the designated bank or through the electronic payment system (art. 67), the
 * agency never collects it itself; when not paid on time a late fine of 3 % a day, at most the
 * fine, is added (art. 72(1)(1)). The party was told of the proposed penalty and heard first
 * (arts. 44, 45, 62): the decision names that notice and says how the party's statement was
 * reviewed; it may not be heavier for the party having defended itself (art. 45 ¶2, checked by the
 * case procedure, which knows both penalties).
 *
 * Numbering: a 文号 with 罚 (e.g. 婺卫医罚〔2026〕12号) — it is the agency's act towards the party.
 * Sealed: yes, art. 59 ¶2 says so in words.
 */

/** Penalties performed by being given or by paying (art. 67); the others need a way and a time limit. */
const SELF_EXECUTING = new Set(['warning', 'public_criticism', 'fine', 'confiscate_gains']);

export const penaltyDecisionFields = z
  .object({
    party,
    caseName: text('案由'),
    facts: longText('违法事实'),
    evidence: evidenceList,
    violated: provisions('违反的法律规定'),
    basis: provisions('处罚依据'),
    penalties: penalties('处罚种类和内容'),
    discretion: longText('裁量理由', 2000),
    priorNotice: z.object({ number: text('事先告知书文号', 60), date: day('事先告知日期') }, { error: '行政处罚事先告知书必填（行政处罚法第四十四条、第六十二条）' }),
    /** How the party's statement and defence (or hearing) went, and how they were reviewed (art. 45). */
    statement: z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('none'), detail: text('陈述申辩情况', 1000) }),
        z.object({ kind: z.literal('stated'), summary: longText('陈述申辩内容', 2000), review: longText('复核意见', 2000) }),
        z.object({ kind: z.literal('hearing'), date: day('听证日期'), summary: longText('听证中的申辩意见', 2000), review: longText('复核意见', 2000) }),
      ],
      { error: '陈述、申辩情况必填（行政处罚法第四十五条）' },
    ),
    /** 责令改正 (art. 28): what must be corrected and by when. */
    correction,
    /** Required when there is money to pay (art. 67). */
    payment: payment.optional(),
    /** Required for penalties performed by doing something (停业, 交出财物, 交回证件 …): how and by when. */
    performance: optionalText('履行方式和期限', 1000),
    remedies,
  })
  .superRefine((f, ctx) => {
    if (moneyDue(f.penalties) > 0 && !f.payment)
      ctx.addIssue({ code: 'custom', path: ['payment'], message: '罚款的缴款方式和地点必填（行政处罚法第五十九条第四项、第六十七条）' });
    if (f.penalties.some((p) => !SELF_EXECUTING.has(p.kind)) && !f.performance)
      ctx.addIssue({ code: 'custom', path: ['performance'], message: '履行方式和期限必填（行政处罚法第五十九条第四项）' });
  });
export type PenaltyDecisionFields = z.infer<typeof penaltyDecisionFields>;

/** The sentence of art. 72(1)(1) every fine decision carries. */
export const LATE_FEE_SENTENCE =
  '逾期不缴纳罚款的，本机关将依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项的规定，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额。';

export function paymentBlocks(f: Pick<PenaltyDecisionFields, 'penalties' | 'payment'>, receivedWhat = '本决定书'): Block[] {
  const due = moneyDue(f.penalties);
  if (due === 0 || !f.payment) return [];
  const fine = f.penalties.some((p) => p.kind === 'fine');
  const pay = f.payment;
  return [
    {
      kind: 'paragraph',
      indent: true,
      text:
        `上述${f.penalties.every((p) => p.kind === 'fine') ? '罚款' : '罚没款'}合计${printAmount(due)}，应当自收到${receivedWhat}之日起十五日内缴至${pay.payee}${pay.account ? `（账号：${pay.account}）` : ''}，` +
        `缴款方式：${pay.channel}（《中华人民共和国行政处罚法》第六十七条）。本机关及执法人员不自行收缴罚款。`,
    },
    ...(fine ? [{ kind: 'paragraph' as const, indent: true, text: LATE_FEE_SENTENCE }] : []),
  ];
}

export const penaltyDecisionV1: DocumentTemplate<PenaltyDecisionFields> = {
  kind: 'penalty_decision',
  version: 1,
  title: '行政处罚决定书',
  titleEn: 'Administrative penalty decision',
  numbering: { scheme: 'wenhao', nature: '罚' },
  sealed: true,
  fields: penaltyDecisionFields,
  body(f, ctx) {
    const who = you(f.party);
    const statement =
      f.statement.kind === 'none'
        ? f.statement.detail
        : f.statement.kind === 'stated'
          ? `当事人提出陈述、申辩意见：${f.statement.summary}本机关复核意见：${f.statement.review}`
          : `本机关于${printDate(f.statement.date)}依当事人申请举行了听证。当事人的申辩意见：${f.statement.summary}本机关复核意见：${f.statement.review}`;
    return [
      { kind: 'title', text: '行政处罚决定书' },
      { kind: 'fields', rows: partyRows(f.party) },
      { kind: 'paragraph', indent: true, text: `${f.party.name}${f.caseName}一案，经本机关依法调查，现已查明：` },
      { kind: 'heading', text: '一、违法事实和证据' },
      { kind: 'paragraph', indent: true, text: f.facts },
      { kind: 'paragraph', indent: true, text: '以上事实有下列证据证明：' },
      evidenceTable(f.evidence),
      { kind: 'heading', text: '二、告知和陈述、申辩情况' },
      {
        kind: 'paragraph',
        indent: true,
        text: `本机关于${printDate(f.priorNotice.date)}向${who}送达了《行政处罚事先告知书》（${f.priorNotice.number}），告知了拟作出的行政处罚内容及事实、理由、依据和${who}依法享有的陈述、申辩${f.statement.kind === 'hearing' ? '、要求听证' : ''}等权利。${statement}`,
      },
      { kind: 'heading', text: '三、处罚种类和依据' },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `${who}的上述行为违反了${joinProvisions(f.violated)}的规定。${f.discretion}` +
          `依据${joinProvisions(f.basis)}的规定，本机关决定给予${who}如下行政处罚：${penaltiesText(f.penalties)}。` +
          correctionSentence(f.correction, f.party),
      },
      { kind: 'heading', text: '四、履行方式和期限' },
      ...paymentBlocks(f),
      ...(f.performance ? [{ kind: 'paragraph' as const, indent: true, text: f.performance }] : []),
      ...(moneyDue(f.penalties) === 0 && !f.performance ? [{ kind: 'paragraph' as const, indent: true, text: '本决定自送达之日起生效。' }] : []),
      { kind: 'heading', text: '五、申请行政复议或者提起行政诉讼的途径和期限' },
      {
        kind: 'paragraph',
        indent: true,
        text:
          remediesSentence(f.remedies, '本处罚决定') +
          '申请行政复议或者提起行政诉讼期间，本处罚决定不停止执行（《中华人民共和国行政处罚法》第七十三条）。' +
          `逾期不申请行政复议、不提起行政诉讼，又不履行本处罚决定的，本机关将依法申请人民法院强制执行（《中华人民共和国行政强制法》第五十三条）。`,
      },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
