import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows } from './clauses.js';
import { instant, list, longText, party, text } from './fields.js';
import { printDateTime } from './format.js';

/**
 * 集体讨论记录, 行政处罚法 art. 57 ¶2: a penalty for a complex or major violation is decided by the
 * agency's heads collectively. Seed 003 art. 13: the record sets down every head's opinion and
 * the decision; seed 004 art. 13: it follows the legal review, whose conclusion it states. It
 * names the time, place, the presiding head, the heads present, who reported the case and who
 * recorded; those present sign.
 *
 * Numbering: a 编号 — an internal record. Sealed: no.
 */

export const collectiveDiscussionRecordFields = z
  .object({
    caseName: text('案由'),
    party,
    at: instant('讨论时间'),
    place: text('讨论地点'),
    chair: text('主持人', 50),
    attendees: list('参加讨论的负责人', z.object({ name: text('负责人姓名', 50), position: text('负责人职务', 50) }), 2, 20),
    others: list('列席人员', text('列席人员', 100), 0, 20).optional(),
    reporter: text('汇报人', 50),
    recorder: text('记录人', 50),
    summary: longText('案情及调查情况汇报', 5000),
    legalReview: text('法制审核意见', 1000),
    opinions: list('负责人意见', z.object({ name: text('发言负责人', 50), opinion: longText('发言意见', 2000) }), 1, 30),
    decision: longText('集体讨论决定', 2000),
  })
  .superRefine((f, ctx) => {
    const spoke = new Set(f.opinions.map((o) => o.name));
    for (const a of f.attendees)
      if (!spoke.has(a.name)) ctx.addIssue({ code: 'custom', path: ['opinions'], message: `负责人${a.name}的意见未记录（应当全面记录各负责人意见）` });
    if (!f.attendees.some((a) => a.name === f.chair)) ctx.addIssue({ code: 'custom', path: ['chair'], message: '主持人应为参加讨论的负责人' });
  });
export type CollectiveDiscussionRecordFields = z.infer<typeof collectiveDiscussionRecordFields>;

export const collectiveDiscussionRecordV1: DocumentTemplate<CollectiveDiscussionRecordFields> = {
  kind: 'collective_discussion_record',
  version: 1,
  title: '集体讨论记录',
  titleEn: 'Collective discussion record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: collectiveDiscussionRecordFields,
  body(f) {
    return [
      { kind: 'title', text: '集体讨论记录' },
      {
        kind: 'fields',
        rows: [
          ...caseRows(f.caseName, f.party),
          { label: '讨论时间', value: printDateTime(f.at) },
          { label: '讨论地点', value: f.place },
          { label: '主持人', value: f.chair },
          { label: '参加人员', value: f.attendees.map((a) => `${a.name}（${a.position}）`).join('、') },
          ...(f.others?.length ? [{ label: '列席人员', value: f.others.join('、') }] : []),
          { label: '汇报人', value: f.reporter },
          { label: '记录人', value: f.recorder },
        ],
      },
      { kind: 'heading', text: '一、案情及调查情况' },
      { kind: 'paragraph', indent: true, text: f.summary },
      { kind: 'heading', text: '二、法制审核意见' },
      { kind: 'paragraph', indent: true, text: f.legalReview },
      { kind: 'heading', text: '三、讨论意见' },
      ...f.opinions.map((o) => ({ kind: 'paragraph' as const, indent: true, text: `${o.name}：${o.opinion}` })),
      { kind: 'heading', text: '四、集体讨论决定' },
      { kind: 'paragraph', indent: true, text: f.decision },
      {
        kind: 'signatures',
        lines: [...f.attendees.map((a) => ({ role: a.name === f.chair ? '主持人' : '参加人', name: a.name, signedAt: null })), { role: '记录人', name: f.recorder, signedAt: null }],
      },
    ];
  },
};
