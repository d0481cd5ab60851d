import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { officerLines, personLine, refusalBlocks } from './clauses.js';
import { list, officers, optionalText, personSignature, span, text } from './fields.js';
import { printSpan } from './format.js';

/**
 * 询问笔录 (inquiry record), 行政处罚法 arts. 55, 43, 46(5)(6): two officers (art. 42) show their
 * certificates; the person questioned must answer truthfully and may ask for an officer's recusal;
 * the questions and answers are written down, read back, and signed page by page by the person
 * questioned with "以上笔录我看过，与我说的相符" — a refusal is noted (the rule the law sets for
 * records, 行政强制法 art. 18(8), 行政处罚法 art. 64(8)) — and by the officers and the recorder.
 *
 * Numbering: a 编号 — a record. Sealed: no.
 */

export const inquiryRecordFields = z.object({
  caseName: text('案由'),
  time: span('询问'),
  place: text('询问地点'),
  officers: officers(),
  recorder: text('记录人', 50),
  interviewee: z.object(
    {
      name: text('被询问人姓名', 50),
      gender: z.enum(['男', '女'], { error: '被询问人性别应为男或女' }).optional(),
      idNumber: optionalText('被询问人身份证件号码', 30),
      employer: optionalText('被询问人工作单位', 200),
      position: text('被询问人与案件关系（职务）', 100),
      phone: optionalText('被询问人联系电话', 30),
      address: optionalText('被询问人住址', 200),
    },
    { error: '被询问人必填' },
  ),
  rightsExplained: z.literal(true, { error: '须记录已出示执法证件并告知如实回答义务和申请回避的权利（行政处罚法第四十三条、第五十五条）' }),
  recusalRequested: z.boolean({ error: '是否申请回避必填' }),
  qa: list('询问内容', z.object({ q: text('问', 2000), a: text('答', 5000) }, { error: '问答必填' }), 1, 300),
  intervieweeSignature: personSignature('被询问人'),
});
export type InquiryRecordFields = z.infer<typeof inquiryRecordFields>;

export const inquiryRecordV1: DocumentTemplate<InquiryRecordFields> = {
  kind: 'inquiry_record',
  version: 1,
  title: '询问笔录',
  titleEn: 'Inquiry record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: inquiryRecordFields,
  body(f) {
    const p = f.interviewee;
    const os = f.officers.map((o) => `${o.name}（执法证号：${o.certificateNo}）`).join('、');
    return [
      { kind: 'title', text: '询问笔录' },
      {
        kind: 'fields',
        rows: [
          { label: '案由', value: f.caseName },
          { label: '询问时间', value: printSpan(f.time.from, f.time.to) },
          { label: '询问地点', value: f.place },
          { label: '被询问人', value: p.name },
          ...(p.gender ? [{ label: '性别', value: p.gender }] : []),
          { label: '身份证件号码', value: p.idNumber ?? '' },
          { label: '工作单位', value: p.employer ?? '' },
          { label: '与案件关系（职务）', value: p.position },
          { label: '联系电话', value: p.phone ?? '' },
          { label: '住址', value: p.address ?? '' },
          { label: '询问人', value: os },
          { label: '记录人', value: f.recorder },
        ],
      },
      {
        kind: 'paragraph',
        indent: true,
        text:
          '执法人员已出示执法证件，表明身份。告知：被询问人应当如实回答询问，并协助调查，不得拒绝或者阻挠；认为执法人员与案件有直接利害关系或者有其他关系可能影响公正执法的，有权申请回避（《中华人民共和国行政处罚法》第四十三条、第五十五条）。' +
          `被询问人${f.recusalRequested ? '申请回避' : '表示不申请回避'}。`,
      },
      ...f.qa.flatMap((x) => [
        { kind: 'paragraph' as const, text: `问：${x.q}` },
        { kind: 'paragraph' as const, text: `答：${x.a}` },
      ]),
      ...(f.intervieweeSignature.status === 'signed' ? [{ kind: 'paragraph' as const, text: '被询问人：以上笔录我看过，与我说的相符。' }] : []),
      ...refusalBlocks('被询问人', f.intervieweeSignature, '执法人员'),
      { kind: 'signatures', lines: [personLine('被询问人', f.intervieweeSignature), ...officerLines(f.officers, '询问人'), { role: '记录人', name: f.recorder, signedAt: null }] },
    ];
  },
};
