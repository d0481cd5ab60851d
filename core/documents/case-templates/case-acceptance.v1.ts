import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { partyRows } from './clauses.js';
import { approval, instant, longText, optionalText, party, text } from './fields.js';
import { printDate, printDateTime } from './format.js';

/**
 * 案件受理记录: where a case came from (a confirmed flag of a remote-supervision device, a
 * complaint, an inspection, a transfer, an assignment from above), the party, a summary of the
 * case, the receiving officer's proposal and the head's opinion (issue 13 item 2; 卫生行政执法文书
 * 规范's 案件受理记录). It is the start of the full-process record of 行政处罚法 art. 47 and the
 * first step towards filing "when the filing standard is met" (art. 54 ¶2).
 *
 * Numbering: a 编号 (year + sequence) — an internal record. Sealed: no, it never leaves the agency.
 */

export const CASE_SOURCES = {
  device_flag: '非现场监管设备发现',
  complaint: '投诉举报',
  inspection: '监督检查发现',
  transfer: '其他部门移送',
  assignment: '上级交办',
  other: '其他',
} as const;

export const caseAcceptanceFields = z.object({
  source: z.enum(Object.keys(CASE_SOURCES) as [keyof typeof CASE_SOURCES, ...(keyof typeof CASE_SOURCES)[]], { error: '案件来源必填' }),
  /** The flags' references, the complainant, the transferring body … */
  sourceDetail: text('案件来源说明', 500),
  receivedAt: instant('受理时间'),
  party,
  summary: longText('案情摘要', 2000),
  receiver: z.object({ name: text('受理人姓名', 50), proposal: text('受理人意见', 1000) }, { error: '受理人必填' }),
  headOpinion: approval('负责人'),
  attachments: optionalText('附件', 500),
});
export type CaseAcceptanceFields = z.infer<typeof caseAcceptanceFields>;

export const caseAcceptanceV1: DocumentTemplate<CaseAcceptanceFields> = {
  kind: 'case_acceptance',
  version: 1,
  title: '案件受理记录',
  titleEn: 'Case acceptance record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: caseAcceptanceFields,
  body(f) {
    return [
      { kind: 'title', text: '案件受理记录' },
      {
        kind: 'fields',
        rows: [
          { label: '案件来源', value: CASE_SOURCES[f.source] },
          { label: '来源说明', value: f.sourceDetail },
          { label: '受理时间', value: printDateTime(f.receivedAt) },
          ...partyRows(f.party),
        ],
      },
      { kind: 'heading', text: '案情摘要' },
      { kind: 'paragraph', indent: true, text: f.summary },
      { kind: 'heading', text: '受理人意见' },
      { kind: 'paragraph', indent: true, text: f.receiver.proposal },
      { kind: 'heading', text: '负责人意见' },
      { kind: 'paragraph', indent: true, text: f.headOpinion.opinion },
      ...(f.attachments ? [{ kind: 'fields' as const, rows: [{ label: '附件', value: f.attachments }] }] : []),
      {
        kind: 'signatures',
        lines: [
          { role: '受理人', name: f.receiver.name, signedAt: null },
          { role: '负责人', name: f.headOpinion.name, signedAt: null },
        ],
      },
      { kind: 'fields', rows: [{ label: '负责人签批日期', value: printDate(f.headOpinion.date) }] },
    ];
  },
};
