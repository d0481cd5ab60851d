import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical.js';
import type { Answer } from './checklists.js';

/**
 * The commitment of truthfulness (承诺书) signed with every self-inspection report: seed 002 §14
 * (the business reports its own supervision and commits in writing that it is true) and §24 (false
 * or concealed information is handled under credit supervision and puts the business under key
 * supervision; the "§20" is the archiving article — the false-information one is the
 * twenty-fourth, counted in the seed's text) and §4 (the results enter the credit evaluation). Versioned like the checklists; a report keeps the text it was signed with.
 */
export const COMMITMENT_VERSION = 1;

export function commitmentText(businessName: string, periodLabel: string): string {
  return [
    `本单位(${businessName})郑重承诺：`,
    `一、本次报送的${periodLabel}自查报告所填内容、所附照片均真实、准确、完整，系本单位对照自查表逐项如实检查的结果，无虚假、隐瞒或遗漏；`,
    '二、自查发现的问题已如实填报，并将按说明的措施整改；',
    '三、本单位知悉执法机构可依《非现场行政执法工作办法》第十四条以书面审查方式完成日常检查，本报告可作为检查的依据；',
    '四、如有提供虚假信息、瞒报谎报的，本单位愿依该办法第二十四条按照信用监管规定接受相应处理，并纳入重点监管范围，承担相应法律责任。',
  ].join('\n');
}

/** What a signed report's hash covers: the report as filled (answers in checklist order, photos by their SHA-256) and the commitment text. */
export type ReportContent = {
  businessId: string;
  businessName: string;
  category: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  checklistVersion: number;
  answers: (Omit<Answer, 'photoIds'> & { photos: string[] })[];
  commitment: string;
};

export function contentSha256(content: ReportContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
