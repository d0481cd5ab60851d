import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows } from './clauses.js';
import { instant, list, longText, party, text } from './fields.js';
import { printDateTime } from './format.js';

/**
 * 合议记录: the case officers and the unit discuss the investigated case together before it goes
 * to the head (卫生行政执法文书规范's 合议记录; 行政处罚法 art. 57 asks the head to review the
 * result). It names the time, place, chair, members and recorder, each member's opinion, and the
 * conclusion; every member signs. No law fixes the number of members: at least three, so that
 * the conclusion is a majority, is this platform's rule.
 *
 * Numbering: a 编号 — an internal record. Sealed: no.
 */

export const panelDiscussionRecordFields = z
  .object({
    caseName: text('案由'),
    party,
    at: instant('合议时间'),
    place: text('合议地点'),
    chair: text('主持人', 50),
    members: list('合议人员', z.object({ name: text('合议人员姓名', 50), position: text('合议人员职务', 50) }), 3, 15),
    recorder: text('记录人', 50),
    summary: longText('案情简介', 3000),
    opinions: list('合议人员意见', z.object({ name: text('发言人', 50), opinion: longText('发言意见', 2000) }), 1, 30),
    conclusion: longText('合议意见', 2000),
  })
  .superRefine((f, ctx) => {
    const spoke = new Set(f.opinions.map((o) => o.name));
    for (const m of f.members) if (!spoke.has(m.name)) ctx.addIssue({ code: 'custom', path: ['opinions'], message: `合议人员${m.name}的意见未记录` });
  });
export type PanelDiscussionRecordFields = z.infer<typeof panelDiscussionRecordFields>;

export const panelDiscussionRecordV1: DocumentTemplate<PanelDiscussionRecordFields> = {
  kind: 'panel_discussion_record',
  version: 1,
  title: '合议记录',
  titleEn: 'Panel discussion record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: panelDiscussionRecordFields,
  body(f) {
    return [
      { kind: 'title', text: '合议记录' },
      {
        kind: 'fields',
        rows: [
          ...caseRows(f.caseName, f.party),
          { label: '合议时间', value: printDateTime(f.at) },
          { label: '合议地点', value: f.place },
          { label: '主持人', value: f.chair },
          { label: '合议人员', value: f.members.map((m) => `${m.name}（${m.position}）`).join('、') },
          { label: '记录人', value: f.recorder },
        ],
      },
      { kind: 'heading', text: '案情简介' },
      { kind: 'paragraph', indent: true, text: f.summary },
      { kind: 'heading', text: '合议人员意见' },
      ...f.opinions.map((o) => ({ kind: 'paragraph' as const, indent: true, text: `${o.name}：${o.opinion}` })),
      { kind: 'heading', text: '合议意见' },
      { kind: 'paragraph', indent: true, text: f.conclusion },
      { kind: 'signatures', lines: [...f.members.map((m) => ({ role: '合议人员', name: m.name, signedAt: null })), { role: '记录人', name: f.recorder, signedAt: null }] },
    ];
  },
};
