import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows, evidenceTable, joinProvisions, officerLines, penaltiesText } from './clauses.js';
import { day, evidenceList, longText, officers, party, penalties, provisions, text } from './fields.js';
import { printDate } from './format.js';

/**
 * 案件调查终结报告: at the end of the investigation the officers report the facts, the evidence,
 * the provisions broken and their proposal, and the head reviews the result and decides among
 * the four outcomes of 行政处罚法 art. 57: a penalty, no penalty for a minor violation (art. 33), no
 * penalty because the facts are not established, or transfer to the judicial organs (art. 27).
 * Two officers sign (art. 42). The discretion is reasoned (art. 5 ¶2, art. 34).
 *
 * Numbering: a 编号 — an internal report. Sealed: no.
 */

export const investigationEndReportFields = z
  .object({
    caseName: text('案由'),
    party,
    filedOn: day('立案日期'),
    process: longText('调查经过', 3000),
    facts: longText('违法事实', 5000),
    evidence: evidenceList,
    proposal: z.enum(['给予行政处罚', '违法行为轻微不予行政处罚', '违法事实不能成立不予行政处罚', '涉嫌犯罪移送司法机关'], {
      error: '处理建议必填（行政处罚法第五十七条）',
    }),
    violated: provisions('违反的法律规定').optional(),
    basis: provisions('处罚依据').optional(),
    penalties: penalties('建议的行政处罚').optional(),
    reasons: longText('处理理由（裁量情况）', 3000),
    officers: officers('承办人'),
    reportedOn: day('报告日期'),
  })
  .superRefine((f, ctx) => {
    if (f.proposal !== '给予行政处罚') return;
    if (!f.violated) ctx.addIssue({ code: 'custom', path: ['violated'], message: '建议处罚的，违反的法律规定必填' });
    if (!f.basis) ctx.addIssue({ code: 'custom', path: ['basis'], message: '建议处罚的，处罚依据必填' });
    if (!f.penalties) ctx.addIssue({ code: 'custom', path: ['penalties'], message: '建议处罚的，建议的行政处罚必填' });
  });
export type InvestigationEndReportFields = z.infer<typeof investigationEndReportFields>;

export const investigationEndReportV1: DocumentTemplate<InvestigationEndReportFields> = {
  kind: 'investigation_end_report',
  version: 1,
  title: '案件调查终结报告',
  titleEn: 'Investigation closing report',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: investigationEndReportFields,
  body(f) {
    const proposal =
      f.proposal === '给予行政处罚' && f.violated && f.basis && f.penalties
        ? `当事人的上述行为违反了${joinProvisions(f.violated)}的规定。依据${joinProvisions(f.basis)}的规定，建议给予当事人如下行政处罚：${penaltiesText(f.penalties)}。`
        : `建议${f.proposal}。`;
    return [
      { kind: 'title', text: '案件调查终结报告' },
      { kind: 'fields', rows: [...caseRows(f.caseName, f.party), { label: '立案日期', value: printDate(f.filedOn) }] },
      { kind: 'heading', text: '一、调查经过' },
      { kind: 'paragraph', indent: true, text: f.process },
      { kind: 'heading', text: '二、违法事实' },
      { kind: 'paragraph', indent: true, text: f.facts },
      { kind: 'heading', text: '三、证据' },
      evidenceTable(f.evidence),
      { kind: 'heading', text: '四、处理建议及理由' },
      { kind: 'paragraph', indent: true, text: `${proposal}${f.reasons}` },
      { kind: 'signatures', lines: officerLines(f.officers, '承办人') },
      { kind: 'fields', rows: [{ label: '报告日期', value: printDate(f.reportedOn) }] },
    ];
  },
};
