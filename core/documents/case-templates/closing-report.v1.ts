import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows, officerLines, penaltiesText } from './clauses.js';
import { approval, day, longText, officers, optionalText, party, penalties, text } from './fields.js';
import { printDate } from './format.js';

/**
 * 结案报告: the case ends — the decision performed (行政处罚法 art. 66), enforced (art. 72;
 * 行政强制法 arts. 53–54), no penalty (art. 57(2)(3)) or transferred (art. 57(4)) — and the officers
 * report how, and the head approves closing. The file is then archived within 30 days (seed 003
 * art. 22; 行政处罚法 art. 47). Two officers sign (art. 42).
 *
 * Numbering: a 编号 — an internal report. Sealed: no.
 */

export const CLOSING_OUTCOMES = ['处罚决定已履行完毕', '经申请人民法院强制执行完毕', '不予行政处罚', '移送司法机关', '撤销立案', '其他'] as const;

export const closingReportFields = z
  .object({
    caseName: text('案由'),
    party,
    filedOn: day('立案日期'),
    decision: z.object({ number: text('处罚决定书文号', 60), date: day('处罚决定日期'), penalties: penalties('处罚内容') }).optional(),
    outcome: z.enum(CLOSING_OUTCOMES, { error: '结案情形必填' }),
    execution: longText('执行情况', 3000),
    remedies: optionalText('复议、诉讼情况', 1000),
    officers: officers('承办人'),
    reportedOn: day('报告日期'),
    headApproval: approval('负责人审批'),
  })
  .superRefine((f, ctx) => {
    if ((f.outcome === '处罚决定已履行完毕' || f.outcome === '经申请人民法院强制执行完毕') && !f.decision)
      ctx.addIssue({ code: 'custom', path: ['decision'], message: '处罚决定执行完毕结案的，处罚决定书文号、日期和内容必填' });
  });
export type ClosingReportFields = z.infer<typeof closingReportFields>;

export const closingReportV1: DocumentTemplate<ClosingReportFields> = {
  kind: 'closing_report',
  version: 1,
  title: '结案报告',
  titleEn: 'Case closing report',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: closingReportFields,
  body(f) {
    return [
      { kind: 'title', text: '结案报告' },
      {
        kind: 'fields',
        rows: [
          ...caseRows(f.caseName, f.party),
          { label: '立案日期', value: printDate(f.filedOn) },
          ...(f.decision
            ? [
                { label: '处罚决定书文号', value: f.decision.number },
                { label: '处罚决定日期', value: printDate(f.decision.date) },
                { label: '处罚内容', value: penaltiesText(f.decision.penalties) },
              ]
            : []),
          { label: '结案情形', value: f.outcome },
        ],
      },
      { kind: 'heading', text: '一、执行情况' },
      { kind: 'paragraph', indent: true, text: f.execution },
      ...(f.remedies ? [{ kind: 'heading' as const, text: '二、复议、诉讼情况' }, { kind: 'paragraph' as const, indent: true, text: f.remedies }] : []),
      { kind: 'paragraph', indent: true, text: '本案已办理完毕，建议结案，案卷材料自结案之日起三十日内归档。' },
      { kind: 'signatures', lines: officerLines(f.officers, '承办人') },
      { kind: 'fields', rows: [{ label: '报告日期', value: printDate(f.reportedOn) }] },
      { kind: 'heading', text: '负责人审批意见' },
      { kind: 'paragraph', indent: true, text: f.headApproval.opinion },
      { kind: 'signatures', lines: [{ role: '负责人', name: f.headApproval.name, signedAt: null }] },
      { kind: 'fields', rows: [{ label: '审批日期', value: printDate(f.headApproval.date) }] },
    ];
  },
};
