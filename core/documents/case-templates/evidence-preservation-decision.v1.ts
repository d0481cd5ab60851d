import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { goodsTable, joinProvisions, officerLines, partyRows, you } from './clauses.js';
import { approval, goodsList, instant, longText, officers, party, provisions, text } from './fields.js';
import { printDate, printDateTime } from './format.js';

/**
 * 证据先行登记保存决定书, 行政处罚法 art. 56: where evidence may be lost or hard to obtain later,
 * with the approval of the agency's head, the evidence is registered and preserved first; a
 * decision on it follows within seven days (working days, art. 85 — counted by the case
 * procedure), and meanwhile the party may neither destroy nor move it. The items are listed
 * (清单) with names and quantities, like a seizure (行政强制法 art. 24, the model the national
 * forms follow). Two officers act (art. 42).
 *
 * Numbering: a 文号 with 证 — a decision handed to the party. Sealed: yes (the agency's act).
 */

export const evidencePreservationDecisionFields = z.object({
  party,
  caseName: text('案由'),
  reason: longText('先行登记保存的理由（证据可能灭失或者以后难以取得的情形）', 1000),
  basis: provisions('依据'),
  headApproval: approval('行政机关负责人批准'),
  items: goodsList('先行登记保存的物品'),
  keptAt: text('保存地点'),
  keeping: z.enum(['就地保存', '异地保存'], { error: '保存方式应为就地保存或异地保存' }),
  preservedAt: instant('先行登记保存时间'),
  officers: officers(),
});
export type EvidencePreservationDecisionFields = z.infer<typeof evidencePreservationDecisionFields>;

export const evidencePreservationDecisionV1: DocumentTemplate<EvidencePreservationDecisionFields> = {
  kind: 'evidence_preservation_decision',
  version: 1,
  title: '证据先行登记保存决定书',
  titleEn: 'Decision on advance registration and preservation of evidence',
  numbering: { scheme: 'wenhao', nature: '证' },
  sealed: true,
  fields: evidencePreservationDecisionFields,
  body(f, ctx) {
    const who = you(f.party);
    return [
      { kind: 'title', text: '证据先行登记保存决定书' },
      { kind: 'fields', rows: partyRows(f.party) },
      {
        kind: 'paragraph',
        indent: true,
        text:
          `本机关在调查${who}${f.caseName}一案中，因${f.reason}，经本机关负责人${f.headApproval.name}于${printDate(f.headApproval.date)}批准，` +
          `依据${joinProvisions(f.basis)}的规定，决定自${printDateTime(f.preservedAt)}起对下列物品予以先行登记保存（${f.keeping}，保存地点：${f.keptAt}）：`,
      },
      goodsTable(f.items),
      {
        kind: 'paragraph',
        indent: true,
        text: `在先行登记保存期间，${who}或者有关人员不得销毁或者转移上述证据。本机关将在七个工作日内作出处理决定（《中华人民共和国行政处罚法》第五十六条、第八十五条）。`,
      },
      { kind: 'signatures', lines: officerLines(f.officers) },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
