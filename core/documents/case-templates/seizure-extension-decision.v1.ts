import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { partyRows, remediesSentence, you } from './clauses.js';
import { approval, day, longText, party, remedies, text } from './fields.js';
import { printDate } from './format.js';
import { periodEnd } from './seizure-decision.v1.js';

/**
 * 延长查封扣押期限决定书, 行政强制法 art. 25: a sealing or seizure lasts at most 30 days; where the
 * case is complex, with the head's approval, it may be extended once, by at most 30 days (25 ¶1),
 * and the party is told in writing, with the reasons (25 ¶2). It names the decision it extends,
 * the new last day, and, being a new coercive act, the ways and time limits of reconsideration
 * and litigation.
 *
 * Numbering: a 文号 with 延 — its own series, apart from the seizure decisions it extends. Sealed:
 * yes, it goes to the party under the agency's name.
 */

export const seizureExtensionDecisionFields = z.object({
  party,
  caseName: text('案由'),
  original: z.object(
    { number: text('原查封扣押决定书文号', 60), date: day('原查封扣押决定日期'), measure: z.enum(['查封', '扣押'], { error: '原强制措施应为查封或扣押' }), until: day('原期限届满日期') },
    { error: '原查封扣押决定必填' },
  ),
  days: z.number({ error: '延长期限必填（日）' }).int('延长期限应为整数日').min(1, '延长期限至少一日').max(30, '延长期限不得超过三十日（行政强制法第二十五条）'),
  reasons: longText('延长理由（情况复杂的具体情形）', 1000),
  headApproval: approval('行政机关负责人批准'),
  remedies,
});
export type SeizureExtensionDecisionFields = z.infer<typeof seizureExtensionDecisionFields>;

/** The last day of the extended period: the original last day plus the days. */
export const extendedUntil = (until: string, days: number): string => periodEnd(until, days);

export const seizureExtensionDecisionV1: DocumentTemplate<SeizureExtensionDecisionFields> = {
  kind: 'seizure_extension_decision',
  version: 1,
  title: '延长查封扣押期限决定书',
  titleEn: 'Decision extending a sealing / seizure',
  numbering: { scheme: 'wenhao', nature: '延' },
  sealed: true,
  fields: seizureExtensionDecisionFields,
  body(f, ctx) {
    const who = you(f.party);
    const m = f.original.measure;
    return [
      { kind: 'title', text: `延长${m}期限决定书` },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `本机关于${printDate(f.original.date)}对${who}${f.caseName}一案涉及的场所、设施或者财物作出《${m}决定书》（${f.original.number}），${m}期限至${printDate(f.original.until)}届满。` +
          `因${f.reasons}，经本机关负责人${f.headApproval.name}于${printDate(f.headApproval.date)}批准，依据《中华人民共和国行政强制法》第二十五条的规定，决定将${m}期限延长${f.days}日，至${printDate(extendedUntil(f.original.until, f.days))}止。`,
      },
      { kind: 'paragraph', indent: true, text: remediesSentence(f.remedies, '本决定') },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
