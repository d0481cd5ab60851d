import { z } from 'zod';
import type { DocumentTemplate } from '../../core/documents/template.js';

/**
 * A small decision-like template for tests of the document machinery (the real case templates
 * live in core/documents/case-templates): a 文号 of nature 罚, sealed, a fields table, a table of
 * items that may run over pages, the officers' signatures and the issuer block.
 */
const Fields = z.object({
  party: z.string({ error: '当事人不能为空' }).trim().min(1, '当事人不能为空').max(200, '当事人过长'),
  address: z.string().trim().max(300).default(''),
  facts: z.string({ error: '违法事实不能为空' }).trim().min(1, '违法事实不能为空'),
  fineYuan: z.number({ error: '罚款金额应为数字' }).positive('罚款金额应为正数'),
  items: z.array(z.object({ name: z.string().min(1), quantity: z.string() })).default([]),
  officers: z.array(z.object({ name: z.string(), certificateNo: z.string() })).default([]),
});
export type TestDecisionFields = z.input<typeof Fields>;

export function testDecisionTemplate(over: Partial<DocumentTemplate<z.infer<typeof Fields>>> = {}): DocumentTemplate<z.infer<typeof Fields>> {
  return {
    kind: 'penalty_decision',
    version: 1,
    title: '行政处罚决定书',
    titleEn: 'Administrative penalty decision',
    numbering: { scheme: 'wenhao', nature: '罚' },
    sealed: true,
    fields: Fields,
    body(f, ctx) {
      return [
        { kind: 'title', text: '行政处罚决定书' },
        { kind: 'fields', rows: [{ label: '当事人', value: f.party }, { label: '地址', value: f.address }] },
        { kind: 'heading', text: '一、违法事实' },
        { kind: 'paragraph', indent: true, text: f.facts },
        { kind: 'heading', text: '二、处罚决定' },
        { kind: 'paragraph', indent: true, text: `依据《中华人民共和国行政处罚法》第五十九条，本机关决定对你单位处以罚款人民币${f.fineYuan}元。` },
        ...(f.items.length ? [{ kind: 'table' as const, columns: ['序号', '物品名称', '数量'], rows: f.items.map((x, i) => [String(i + 1), x.name, x.quantity]) }] : []),
        { kind: 'signatures', lines: f.officers.map((o) => ({ role: '执法人员', name: o.name, certificateNo: o.certificateNo, signedAt: ctx.issuedAt })) },
        { kind: 'issuer', date: ctx.issuedAt },
        { kind: 'note', text: '如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼。' },
      ];
    },
    ...over,
  };
}

/** A 编号 (serial) record, not sealed. */
export function testRecordTemplate(): DocumentTemplate<{ text: string }> {
  return {
    kind: 'inquiry_record',
    version: 1,
    title: '询问笔录',
    titleEn: 'Inquiry record',
    numbering: { scheme: 'serial' },
    sealed: false,
    fields: z.object({ text: z.string().min(1, '笔录内容不能为空') }),
    body: (f) => [{ kind: 'title', text: '询问笔录' }, { kind: 'paragraph', text: f.text }],
  };
}
