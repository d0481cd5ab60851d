import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { contactSentence, partyRows, you } from './clauses.js';
import { contact, day, fen, longText, optionalText, party, payment, text } from './fields.js';
import { printAmount, printDate } from './format.js';

/**
 * 催告书, 行政强制法 art. 35: before enforcing, the agency reminds the party in writing of (1) the
 * time limit and (2) the way to perform, (3) for money, the exact amount and how to pay it, and
 * (4) the rights to state and defend (heard and reviewed, art. 36). Served directly (art. 38). When
 * the agency applies to the court (it has no enforcement power of its own: art. 53), it may do so
 * ten days after the reminder is served if the party still has not performed (art. 54; ten days
 * are working days, art. 69). The late fine (行政处罚法 art. 72(1)(1); 行政强制法 art. 45) is
 * stated with its rule and never exceeds the fine.
 *
 * Numbering: a 文号 with 催 — the agency's act towards the party. Sealed: yes.
 */

export const reminderFields = z
  .object({
    party,
    decision: z.object({ number: text('处罚决定书文号', 60), date: day('处罚决定日期'), servedOn: day('处罚决定书送达日期') }, { error: '所催告履行的处罚决定必填' }),
    obligation: z.discriminatedUnion(
      'kind',
      [
        z.object({
          kind: z.literal('money'),
          principalFen: fen('应缴罚没款金额'),
          lateFeeFen: z.number({ error: '加处罚款金额应为以分为单位的整数' }).int('加处罚款金额应为以分为单位的整数').min(0, '加处罚款金额不能为负').optional(),
          payment,
        }),
        z.object({ kind: z.literal('act'), duty: longText('应履行的义务', 1000), way: text('履行方式', 500) }),
      ],
      { error: '催告履行的义务必填（行政强制法第三十五条）' },
    ),
    deadline: day('履行期限'),
    contact,
    note: optionalText('其他事项', 500),
  })
  .superRefine((f, ctx) => {
    if (f.obligation.kind === 'money' && (f.obligation.lateFeeFen ?? 0) > f.obligation.principalFen)
      ctx.addIssue({ code: 'custom', path: ['obligation', 'lateFeeFen'], message: '加处罚款的数额不得超出罚款的数额（行政处罚法第七十二条、行政强制法第四十五条）' });
    if (f.deadline <= f.decision.servedOn) ctx.addIssue({ code: 'custom', path: ['deadline'], message: '履行期限应晚于处罚决定书送达日期' });
  });
export type ReminderFields = z.infer<typeof reminderFields>;

export const reminderV1: DocumentTemplate<ReminderFields> = {
  kind: 'reminder',
  version: 1,
  title: '催告书',
  titleEn: 'Reminder to perform',
  numbering: { scheme: 'wenhao', nature: '催' },
  sealed: true,
  fields: reminderFields,
  body(f, ctx) {
    const who = you(f.party);
    const o = f.obligation;
    const duty =
      o.kind === 'money'
        ? [
            `${who}应缴纳罚没款${printAmount(o.principalFen)}` +
              (o.lateFeeFen ? `，依据《中华人民共和国行政处罚法》第七十二条第一款第（一）项加处罚款${printAmount(o.lateFeeFen)}（每日按罚款数额的百分之三计算，加处罚款的数额不得超出罚款的数额），合计${printAmount(o.principalFen + o.lateFeeFen)}` : '') +
              '。',
            `请于${printDate(f.deadline)}前缴至${o.payment.payee}${o.payment.account ? `（账号：${o.payment.account}）` : ''}，缴款方式：${o.payment.channel}。`,
          ]
        : [`${who}应履行的义务：${o.duty}。`, `请于${printDate(f.deadline)}前以下列方式履行：${o.way}。`];
    return [
      { kind: 'title', text: '催告书' },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text: `本机关于${printDate(f.decision.date)}对${who}作出《行政处罚决定书》（${f.decision.number}），并于${printDate(f.decision.servedOn)}送达。${who}至今未履行该决定确定的义务。根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告${who}履行：`,
      },
      ...duty.map((t) => ({ kind: 'paragraph' as const, indent: true, text: t })),
      {
        kind: 'paragraph',
        indent: true,
        text: `${who}收到本催告书后，有权进行陈述和申辩（《中华人民共和国行政强制法》第三十五条第四项、第三十六条），可在履行期限届满前向本机关提出；本机关将充分听取${who}的意见，对提出的事实、理由和证据进行记录、复核，成立的予以采纳。${contactSentence(f.contact)}`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text: `${who}逾期仍不履行且无正当理由的，本机关将依法申请人民法院强制执行（《中华人民共和国行政强制法》第五十三条、第五十四条）。`,
      },
      ...(f.note ? [{ kind: 'paragraph' as const, indent: true, text: f.note }] : []),
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
