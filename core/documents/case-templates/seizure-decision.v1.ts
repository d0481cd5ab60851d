import { z } from 'zod';
import { nextDay } from '../../calendar/calendar.js';
import type { DocumentTemplate } from '../template.js';
import { goodsTable, joinProvisions, officerLines, partyRows, remediesSentence, you } from './clauses.js';
import { approval, day, goodsList, longText, officers, party, provisions, remedies, text } from './fields.js';
import { printDate } from './format.js';

/**
 * 查封扣押决定书 with its 物品清单, 行政强制法 arts. 18, 24, 25: after the head's approval (18(1)),
 * by two officers (18(2)), handed over on the spot with the list (24 ¶1). It states (1) the
 * party's name and address, (2) the reasons, basis and period, (3) the names and quantities of the
 * places, facilities or things, (4) the ways and time limits of reconsideration and litigation,
 * (5) the agency's name, seal and date (24 ¶2); the list is made in two copies, one for the party
 * and one for the agency (24 ¶3). The period is at most 30 days (25 ¶1); the time of tests or
 * appraisals is not counted and is told in writing (25 ¶3). The agency keeps the things, bears
 * their cost and pays for damage (26).
 *
 * Numbering: a 文号 with 封 (查封、扣押). Sealed: yes, art. 24 ¶2(5) names the seal.
 */

export const SEIZURE_MAX_DAYS = 30;

/**
 * The last day of a period of `days` from `from`: the first day is not counted (民事诉讼法 art. 85,
 * the rule Chinese law uses to count periods), so 30 days from 23 September end on 23 October. A
 * last day that falls on a holiday is the case procedure's business (legal clock); the document
 * prints the period as decided.
 */
export function periodEnd(from: string, days: number): string {
  return nextDay(from, days);
}

export const seizureDecisionFields = z
  .object({
    party,
    caseName: text('案由'),
    measure: z.enum(['查封', '扣押'], { error: '强制措施应为查封或扣押' }),
    reasons: longText('查封扣押的理由', 1000),
    basis: provisions('查封扣押的依据'),
    from: day('查封扣押起始日期'),
    days: z.number({ error: '查封扣押期限必填（日）' }).int('查封扣押期限应为整数日').min(1, '查封扣押期限至少一日').max(SEIZURE_MAX_DAYS, '查封扣押期限不得超过三十日（行政强制法第二十五条）'),
    place: text('查封扣押场所（物品存放地点）'),
    items: goodsList('查封扣押物品清单'),
    headApproval: approval('行政机关负责人批准'),
    officers: officers(),
    remedies,
  });
export type SeizureDecisionFields = z.infer<typeof seizureDecisionFields>;

export const seizureDecisionV1: DocumentTemplate<SeizureDecisionFields> = {
  kind: 'seizure_decision',
  version: 1,
  title: '查封扣押决定书',
  titleEn: 'Sealing / seizure decision (with item list)',
  numbering: { scheme: 'wenhao', nature: '封' },
  sealed: true,
  fields: seizureDecisionFields,
  body(f, ctx) {
    const who = you(f.party);
    return [
      { kind: 'title', text: `${f.measure}决定书` },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `本机关在调查${who}${f.caseName}一案中，因${f.reasons}，经本机关负责人${f.headApproval.name}于${printDate(f.headApproval.date)}批准，` +
          `依据${joinProvisions(f.basis)}的规定，决定对${who}的下列场所、设施或者财物予以${f.measure}。`,
      },
      {
        kind: 'fields',
        rows: [
          { label: `${f.measure}期限`, value: `${f.days}日，自${printDate(f.from)}起至${printDate(periodEnd(f.from, f.days))}止` },
          { label: '存放地点', value: f.place },
        ],
      },
      { kind: 'heading', text: `${f.measure}物品清单` },
      goodsTable(f.items),
      { kind: 'note', text: '本清单一式二份，由当事人和本机关分别保存（《中华人民共和国行政强制法》第二十四条）。' },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `${f.measure}期间，本机关妥善保管上述财物，不使用或者损毁，保管费用由本机关承担（第二十六条）。情况复杂需要延长期限的，经本机关负责人批准可以延长，延长期限不超过三十日，并书面告知${who}（第二十五条）；需要检测、检验、检疫或者技术鉴定的，其期间不计入${f.measure}期限，并书面告知${who}。`,
      },
      { kind: 'paragraph', indent: true, text: remediesSentence(f.remedies, `本${f.measure}决定`) },
      { kind: 'signatures', lines: officerLines(f.officers) },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
