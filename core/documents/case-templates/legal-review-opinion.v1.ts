import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { caseRows } from './clauses.js';
import { day, list, longText, optionalText, party, text } from './fields.js';
import { printDate } from './format.js';

/**
 * 法制审核意见书, 行政处罚法 art. 58: in the cases it lists (major public interest; major rights
 * of the party or a third person after a hearing; difficult cases with several legal relations;
 * others the laws name — here also the major-decision thresholds of the agency's rules), the
 * head may not decide before a legal reviewer has reviewed the case and passed it; a first-time
 * reviewer holds the national legal professional qualification (58 ¶2). Seed 004 (重大行政执法决定
 * 法制审核制度) gives the materials submitted (art. 6), the points reviewed (art. 8), the seven
 * possible conclusions (art. 10) and seven working days (art. 7); 003 art. 12: the review is
 * recorded as this opinion. The reviewer did not investigate the case (issue 13 item 4).
 *
 * Numbering: a 编号 — an internal opinion. Sealed: no.
 */

export const REVIEW_GROUNDS = [
  '涉及重大公共利益',
  '直接关系当事人或者第三人重大权益，经过听证程序',
  '案件情况疑难复杂、涉及多个法律关系',
  '法律、法规规定应当进行法制审核的其他情形',
] as const;

/** Seed 004 art. 6. */
export const REVIEW_MATERIALS = ['拟作出决定的情况说明', '拟作出的决定书文本', '证据材料', '听证笔录', '评估、鉴定报告', '其他材料'] as const;
const REQUIRED_MATERIALS = ['拟作出决定的情况说明', '拟作出的决定书文本', '证据材料'] as const;

/** Seed 004 art. 8: what the review looks at. */
export const REVIEW_POINTS = {
  jurisdiction: '是否属于本机关管辖',
  subject: '执法主体是否合法，执法人员是否具备执法资格',
  facts: '事实是否清楚，证据是否确凿',
  procedure: '程序是否合法',
  law: '适用法律依据是否正确',
  characterisation: '案件定性是否准确',
  proposal: '处理建议（裁量）是否恰当',
} as const;

/** Seed 004 art. 10. */
export const REVIEW_CONCLUSIONS = ['同意', '违法行为不能成立，建议撤销案件', '事实不清、证据不足，建议补充调查', '定性不准、适用法律不当，提出修正意见', '程序不合法，建议纠正', '超出本机关管辖，建议移送', '涉嫌犯罪，建议移送司法机关'] as const;

const point = (label: string) => text(`审核内容“${label}”的审核意见`, 1000);

export const legalReviewOpinionFields = z
  .object({
    caseName: text('案由'),
    party,
    submittedBy: text('送审机构（承办人）', 100),
    receivedOn: day('收到送审材料日期'),
    grounds: list('法制审核情形', z.enum(REVIEW_GROUNDS, { error: '法制审核情形无效（行政处罚法第五十八条）' }), 1, 4),
    hearingHeld: z.boolean({ error: '是否经过听证必填' }),
    materials: list('送审材料', z.enum(REVIEW_MATERIALS, { error: '送审材料种类无效' }), 1, 6),
    points: z.object(
      Object.fromEntries(Object.entries(REVIEW_POINTS).map(([k, label]) => [k, point(label)])) as Record<keyof typeof REVIEW_POINTS, ReturnType<typeof point>>,
      { error: '审核内容必填' },
    ),
    conclusion: z.enum(REVIEW_CONCLUSIONS, { error: '审核结论必填' }),
    opinion: longText('审核意见', 3000),
    reviewer: z.object(
      {
        name: text('审核人员姓名', 50),
        qualification: optionalText('法律职业资格证书编号', 60),
        notInvestigator: z.literal(true, { error: '法制审核人员不得是本案调查人员' }),
      },
      { error: '法制审核人员必填' },
    ),
    reviewedOn: day('审核日期'),
  })
  .superRefine((f, ctx) => {
    for (const m of REQUIRED_MATERIALS) if (!f.materials.includes(m)) ctx.addIssue({ code: 'custom', path: ['materials'], message: `送审材料缺少${m}` });
    if (f.hearingHeld && !f.materials.includes('听证笔录')) ctx.addIssue({ code: 'custom', path: ['materials'], message: '经过听证的，送审材料应包括听证笔录' });
    if (f.reviewedOn < f.receivedOn) ctx.addIssue({ code: 'custom', path: ['reviewedOn'], message: '审核日期不能早于收到送审材料日期' });
  });
export type LegalReviewOpinionFields = z.infer<typeof legalReviewOpinionFields>;

export const legalReviewOpinionV1: DocumentTemplate<LegalReviewOpinionFields> = {
  kind: 'legal_review_opinion',
  version: 1,
  title: '法制审核意见书',
  titleEn: 'Legal review opinion',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: legalReviewOpinionFields,
  body(f) {
    return [
      { kind: 'title', text: '法制审核意见书' },
      {
        kind: 'fields',
        rows: [
          ...caseRows(f.caseName, f.party),
          { label: '送审机构', value: f.submittedBy },
          { label: '收到材料日期', value: printDate(f.receivedOn) },
          { label: '审核情形', value: f.grounds.join('；') },
          { label: '送审材料', value: f.materials.join('、') },
        ],
      },
      { kind: 'heading', text: '审核内容' },
      { kind: 'table', columns: ['审核事项', '审核意见'], rows: Object.entries(REVIEW_POINTS).map(([k, label]) => [label, f.points[k as keyof typeof REVIEW_POINTS]]) },
      { kind: 'heading', text: '审核结论' },
      { kind: 'paragraph', indent: true, text: `${f.conclusion}。${f.opinion}` },
      { kind: 'paragraph', text: '依据《中华人民共和国行政处罚法》第五十八条，未经法制审核或者审核未通过的，不得作出决定。本审核人员未参与本案调查。' },
      { kind: 'signatures', lines: [{ role: '法制审核人员', name: f.reviewer.name, certificateNo: f.reviewer.qualification ?? null, signedAt: null }] },
      { kind: 'fields', rows: [{ label: '审核日期', value: printDate(f.reviewedOn) }] },
    ];
  },
};
