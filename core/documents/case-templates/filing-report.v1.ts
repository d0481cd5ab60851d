import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows, evidenceTable, officerLines } from './clauses.js';
import { day, evidenceList, instant, longText, officers, party, text } from './fields.js';
import { printDate, printDateTime } from './format.js';
import { CASE_SOURCES } from './case-acceptance.v1.js';

/**
 * 立案报告 (立案审批表): the officers' request to file a case, with the clues and evidence so far,
 * and the head's approval opinion — filing is the head's decision (行政处罚法 art. 54 ¶2: a case
 * that meets the filing standard is filed promptly; art. 76 ¶2: not filing one is a fault). The
 * 90 days of art. 60 run from the day of approval. Two officers undertake the case (art. 42).
 *
 * Numbering: a 编号 — an internal approval record. Sealed: no.
 */

export const filingReportFields = z.object({
  caseName: text('案由'),
  source: z.enum(Object.keys(CASE_SOURCES) as [keyof typeof CASE_SOURCES, ...(keyof typeof CASE_SOURCES)[]], { error: '案件来源必填' }),
  discoveredAt: instant('发现（受理）时间'),
  party,
  summary: longText('案情摘要', 2000),
  evidence: evidenceList,
  reasons: longText('立案理由（涉嫌违反的规定）', 1000),
  officers: officers('承办人'),
  proposedOn: day('承办人报请日期'),
  head: z.object(
    {
      name: text('负责人姓名', 50),
      decision: z.enum(['同意立案', '不予立案'], { error: '负责人审批结论必填（同意立案或不予立案）' }),
      opinion: text('负责人审批意见', 1000),
      date: day('负责人审批日期'),
    },
    { error: '负责人审批意见必填（行政处罚法第五十四条）' },
  ),
});
export type FilingReportFields = z.infer<typeof filingReportFields>;

export const filingReportV1: DocumentTemplate<FilingReportFields> = {
  kind: 'filing_report',
  version: 1,
  title: '立案报告',
  titleEn: 'Case filing report',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: filingReportFields,
  body(f) {
    return [
      { kind: 'title', text: '立案报告' },
      { kind: 'fields', rows: [...caseRows(f.caseName, f.party), { label: '案件来源', value: CASE_SOURCES[f.source] }, { label: '发现时间', value: printDateTime(f.discoveredAt) }] },
      { kind: 'heading', text: '一、案情摘要' },
      { kind: 'paragraph', indent: true, text: f.summary },
      { kind: 'heading', text: '二、已取得的证据' },
      evidenceTable(f.evidence),
      { kind: 'heading', text: '三、立案理由及承办人意见' },
      { kind: 'paragraph', indent: true, text: `${f.reasons}建议立案调查。` },
      { kind: 'signatures', lines: officerLines(f.officers, '承办人') },
      { kind: 'fields', rows: [{ label: '报请日期', value: printDate(f.proposedOn) }] },
      { kind: 'heading', text: '四、负责人审批意见' },
      { kind: 'paragraph', indent: true, text: `${f.head.decision}。${f.head.opinion}` },
      { kind: 'signatures', lines: [{ role: '负责人', name: f.head.name, signedAt: null }] },
      { kind: 'fields', rows: [{ label: '审批日期', value: printDate(f.head.date) }] },
    ];
  },
};
