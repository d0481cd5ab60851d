import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { officerLines, partyRows, personLine, refusalBlocks } from './clauses.js';
import { longText, officers, optionalText, party, person, personSignature, span, text } from './fields.js';
import { printSpan } from './format.js';

/**
 * 现场笔录 (on-site inspection record), 行政处罚法 arts. 55 and 46(8): the officers show their
 * certificates and the inspection is written down; two officers (art. 42). Where a coercive
 * measure is taken on site, 行政强制法 art. 18 adds: the party is called to be present (18(4)),
 * told the reasons, basis, rights and remedies (18(5)), heard (18(6)); the record is signed by
 * the party and the officers, a refusal is noted in it (18(8)); an absent party is replaced by a
 * witness who signs with the officers (18(9)). Audio-visual recordings made at the time are
 * listed (003 arts. 8–10).
 *
 * Numbering: a 编号 — a record. Sealed: no (a record signed by those present, not the agency's act).
 */

export const onSiteRecordFields = z
  .object({
    party,
    place: text('检查地点'),
    time: span('检查'),
    officers: officers(),
    certificatesShown: z.literal(true, { error: '须记录执法人员已出示执法证件（行政处罚法第五十五条）' }),
    /** The party's representative present (负责人, 员工 …), or none. */
    present: person('在场人').optional(),
    witness: person('见证人').optional(),
    findings: longText('现场检查情况', 5000),
    recordings: z.array(text('音像记录', 200)).max(50, '音像记录不超过50项').optional(),
    recorder: text('记录人', 50),
    presentSignature: personSignature('在场人').optional(),
    witnessSignature: personSignature('见证人').optional(),
    remarks: optionalText('备注', 500),
  })
  .superRefine((f, ctx) => {
    if (!f.present && !f.witness)
      ctx.addIssue({ code: 'custom', path: ['present'], message: '当事人（在场人）不到场的，应当邀请见证人到场（行政强制法第十八条第九项）' });
    if (f.present && !f.presentSignature)
      ctx.addIssue({ code: 'custom', path: ['presentSignature'], message: '在场人签名情况必填：签名或拒绝签名（行政强制法第十八条第八项）' });
    if (f.witness && !f.witnessSignature) ctx.addIssue({ code: 'custom', path: ['witnessSignature'], message: '见证人签名情况必填（行政强制法第十八条第九项）' });
  });
export type OnSiteRecordFields = z.infer<typeof onSiteRecordFields>;

export const onSiteRecordV1: DocumentTemplate<OnSiteRecordFields> = {
  kind: 'on_site_record',
  version: 1,
  title: '现场笔录',
  titleEn: 'On-site inspection record',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: onSiteRecordFields,
  body(f) {
    const os = f.officers.map((o) => `${o.name}（执法证号：${o.certificateNo}）`).join('、');
    return [
      { kind: 'title', text: '现场笔录' },
      {
        kind: 'fields',
        rows: [
          ...partyRows(f.party),
          { label: '检查地点', value: f.place },
          { label: '检查时间', value: printSpan(f.time.from, f.time.to) },
          { label: '执法人员', value: os },
          { label: '在场人', value: f.present ? `${f.present.name}（${f.present.role}）` : '当事人未到场' },
          ...(f.witness ? [{ label: '见证人', value: `${f.witness.name}（${f.witness.role}）` }] : []),
          { label: '记录人', value: f.recorder },
        ],
      },
      { kind: 'paragraph', indent: true, text: '执法人员已向在场人出示执法证件，表明身份，说明检查事由，并告知其依法享有的权利。' },
      { kind: 'heading', text: '现场检查情况' },
      { kind: 'paragraph', indent: true, text: f.findings },
      ...(f.recordings?.length ? [{ kind: 'paragraph' as const, indent: true, text: `现场音像记录：${f.recordings.join('；')}。` }] : []),
      ...(f.remarks ? [{ kind: 'paragraph' as const, text: `备注：${f.remarks}` }] : []),
      ...(f.present && f.presentSignature ? refusalBlocks('在场人', f.presentSignature, '执法人员') : []),
      ...(f.witness && f.witnessSignature ? refusalBlocks('见证人', f.witnessSignature, '执法人员') : []),
      {
        kind: 'signatures',
        lines: [
          ...(f.presentSignature ? [personLine('在场人', f.presentSignature)] : []),
          ...(f.witnessSignature ? [personLine('见证人', f.witnessSignature)] : []),
          ...officerLines(f.officers),
          { role: '记录人', name: f.recorder, signedAt: null },
        ],
      },
    ];
  },
};
