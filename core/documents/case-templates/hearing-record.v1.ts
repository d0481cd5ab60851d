import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows, officerLines, personLine, refusalBlocks } from './clauses.js';
import { list, longText, officers, optionalText, party, personSignature, span, text } from './fields.js';
import { printSpan } from './format.js';
import { HEARING_PRIVATE_REASONS } from './hearing-notice.v1.js';

/**
 * 听证笔录, 行政处罚法 art. 64: public unless secrets or privacy (64(3)); chaired by someone who did
 * not investigate the case, whose recusal the party may ask (64(4)); the party attends in person
 * or by one or two agents (64(5)); the investigators present the facts, evidence and proposed
 * penalty, the party defends and cross-examines (64(7)); the record is read by the party or agent
 * and signed — a refusal is noted in it by the chair (64(8)). The decision is then made on the
 * record (art. 65).
 *
 * Numbering: a 编号 — a record. Sealed: no.
 */

export const hearingRecordFields = z
  .object({
    caseName: text('案由'),
    party,
    time: span('听证'),
    place: text('听证地点'),
    public: z.boolean({ error: '是否公开举行必填（行政处罚法第六十四条第三项）' }),
    privateReason: z.enum(HEARING_PRIVATE_REASONS, { error: '不公开举行的理由无效' }).optional(),
    chair: text('听证主持人', 50),
    hearingOfficers: z.array(text('听证员', 50)).max(4, '听证员不超过四人').optional(),
    clerk: text('书记员', 50),
    investigators: officers('案件调查人员'),
    attendees: list(
      '当事人方参加人员',
      z.object({ name: text('参加人姓名', 50), capacity: z.enum(['当事人', '法定代表人', '委托代理人'], { error: '参加人身份应为当事人、法定代表人或委托代理人' }) }),
      1,
      4,
    ),
    recusal: z.object({ requested: z.boolean({ error: '是否申请回避必填' }), decision: optionalText('回避申请的处理', 500) }, { error: '回避申请情况必填（行政处罚法第六十四条第四项）' }),
    investigatorsCase: longText('调查人员提出的违法事实、证据和处罚建议', 5000),
    defence: longText('当事人的申辩和质证意见', 5000),
    exchanges: list('听证过程', z.object({ speaker: text('发言人', 50), text: longText('发言内容', 3000) }), 0, 300).optional(),
    finalStatement: optionalText('当事人最后陈述', 2000),
    partySignature: personSignature('当事人（代理人）'),
  })
  .superRefine((f, ctx) => {
    if (!f.public && !f.privateReason) ctx.addIssue({ code: 'custom', path: ['privateReason'], message: '不公开举行听证须写明理由（行政处罚法第六十四条第三项）' });
    if (f.investigators.some((o) => o.name === f.chair)) ctx.addIssue({ code: 'custom', path: ['chair'], message: '听证主持人不得是本案调查人员（行政处罚法第六十四条第四项）' });
    if (f.attendees.filter((a) => a.capacity === '委托代理人').length > 2) ctx.addIssue({ code: 'custom', path: ['attendees'], message: '委托代理人为一至二人（行政处罚法第六十四条第五项）' });
    if (f.recusal.requested && !f.recusal.decision) ctx.addIssue({ code: 'custom', path: ['recusal', 'decision'], message: '申请回避的，须记录处理结果' });
  });
export type HearingRecordFields = z.infer<typeof hearingRecordFields>;

export const hearingRecordV1: DocumentTemplate<HearingRecordFields> = {
  kind: 'hearing_record',
  version: 1,
  title: '听证笔录',
  titleEn: 'Hearing record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: hearingRecordFields,
  body(f) {
    return [
      { kind: 'title', text: '听证笔录' },
      {
        kind: 'fields',
        rows: [
          ...caseRows(f.caseName, f.party),
          { label: '听证时间', value: printSpan(f.time.from, f.time.to) },
          { label: '听证地点', value: f.place },
          { label: '听证方式', value: f.public ? '公开' : `不公开（${f.privateReason}）` },
          { label: '听证主持人', value: f.chair },
          ...(f.hearingOfficers?.length ? [{ label: '听证员', value: f.hearingOfficers.join('、') }] : []),
          { label: '书记员', value: f.clerk },
          { label: '案件调查人员', value: f.investigators.map((o) => `${o.name}（执法证号：${o.certificateNo}）`).join('、') },
          { label: '当事人方参加人员', value: f.attendees.map((a) => `${a.name}（${a.capacity}）`).join('、') },
        ],
      },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `主持人宣布听证纪律，核对参加人员身份，告知当事人依法享有申请回避、申辩和质证等权利。主持人由本机关指定，非本案调查人员。` +
          (f.recusal.requested ? `当事人申请回避，处理结果：${f.recusal.decision}。` : '当事人表示不申请回避。'),
      },
      { kind: 'heading', text: '一、调查人员提出的违法事实、证据和处罚建议' },
      { kind: 'paragraph', indent: true, text: f.investigatorsCase },
      { kind: 'heading', text: '二、当事人的申辩和质证' },
      { kind: 'paragraph', indent: true, text: f.defence },
      ...(f.exchanges?.length
        ? [{ kind: 'heading' as const, text: '三、听证过程' }, ...f.exchanges.map((e) => ({ kind: 'paragraph' as const, text: `${e.speaker}：${e.text}` }))]
        : []),
      ...(f.finalStatement ? [{ kind: 'paragraph' as const, indent: true, text: `当事人最后陈述：${f.finalStatement}` }] : []),
      { kind: 'paragraph', indent: true, text: '本笔录已交当事人（代理人）核对。' },
      ...refusalBlocks('当事人（代理人）', f.partySignature, '听证主持人'),
      {
        kind: 'signatures',
        lines: [
          personLine('当事人（代理人）', f.partySignature),
          { role: '听证主持人', name: f.chair, signedAt: null },
          ...(f.hearingOfficers ?? []).map((n) => ({ role: '听证员', name: n, signedAt: null })),
          { role: '书记员', name: f.clerk, signedAt: null },
          ...officerLines(f.investigators, '案件调查人员'),
        ],
      },
    ];
  },
};
