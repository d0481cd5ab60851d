import { z } from 'zod';
import type { Block } from './document-body.js';
import type { DocumentTemplate } from './template.js';

/**
 * The two consent documents (R1, seed 002 §12) as registered kinds: the installation
 * confirmation 设备安装确认书 and the site notice 公告. Their numbers are the consent's ref
 * (QR2026-000012, numbered with the consent when it is drafted), so the registry numbers them
 * 'none'. Their PDFs keep their own renderers (api/documents/consent-pdf.ts, notice-pdf.ts: what a
 * business signed must print as it always did), which share the fonts, page chrome and QR code
 * with the shared renderer; these bodies are what the documents say, as blocks, for the
 * documents list and any re-rendering.
 */
const text = (max: number, label: string) => z.string({ error: `${label}不能为空` }).trim().min(1, `${label}不能为空`).max(max, `${label}过长`);

const ConfirmationFields = z.object({
  ref: text(20, '编号'),
  businessName: text(200, '签署单位'),
  creditCode: text(40, '统一社会信用代码'),
  siteName: text(200, '场所'),
  siteAddress: text(300, '场所地址'),
  text: text(200_000, '确认书正文'),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, '文本 SHA-256 格式不正确'),
  signerName: text(100, '签署人'),
  signedAt: z.coerce.date({ error: '签署时间格式不正确' }),
});

export const CONSENT_CONFIRMATION_V1: DocumentTemplate<z.infer<typeof ConfirmationFields>> = {
  kind: 'consent_confirmation',
  version: 1,
  title: '设备安装确认书',
  titleEn: 'Device installation confirmation',
  numbering: { scheme: 'none' },
  sealed: false,
  fields: ConfirmationFields,
  body(f) {
    const [title, ...lines] = f.text.split('\n');
    const blocks: Block[] = [{ kind: 'title', text: title.trim() || '设备安装确认书' }];
    for (const line of lines) if (line.trim()) blocks.push(/^[一二三四五六七八九十]+、/.test(line) ? { kind: 'heading', text: line.trim() } : { kind: 'paragraph', text: line.trimEnd() });
    blocks.push({ kind: 'fields', rows: [{ label: '签署单位', value: `${f.businessName}（统一社会信用代码：${f.creditCode}）` }, { label: '文本 SHA-256', value: f.textSha256 }] });
    blocks.push({ kind: 'signatures', lines: [{ role: '签署人', name: f.signerName, signedAt: f.signedAt }] });
    return blocks;
  },
};

const NoticeFields = z.object({
  ref: text(20, '编号'),
  businessName: text(200, '单位'),
  siteName: text(200, '场所'),
  siteAddress: text(300, '场所地址'),
  devices: z.array(z.object({ name: text(200, '设备名称'), pointsAt: z.string().max(1000), coverage: z.string().max(1000) }), { error: '设备清单格式不正确' }),
  purpose: text(10_000, '监管目的'),
  retention: text(10_000, '保存期限'),
  viewers: text(10_000, '查看人员'),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '起始日期格式不正确'),
  validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '截止日期格式不正确'),
  contact: z.string().max(40, '联系电话过长'),
});

export const SITE_NOTICE_V1: DocumentTemplate<z.infer<typeof NoticeFields>> = {
  kind: 'site_notice',
  version: 1,
  title: '公告',
  titleEn: 'Site notice',
  numbering: { scheme: 'none' },
  sealed: false,
  fields: NoticeFields,
  body(f, ctx) {
    return [
      { kind: 'title', text: '非现场监管公告' },
      { kind: 'paragraph', indent: true, text: `${f.businessName}（${f.siteName}，${f.siteAddress}）已安装非现场监管设备，由${ctx.agencyName}依法实施非现场监管。` },
      { kind: 'table', columns: ['设备', '朝向', '覆盖范围'], rows: f.devices.map((d) => [d.name, d.pointsAt, d.coverage]) },
      { kind: 'fields', rows: [{ label: '监管目的', value: f.purpose }, { label: '保存期限', value: f.retention }, { label: '查看人员', value: f.viewers }, { label: '有效期', value: `${f.validFrom} 至 ${f.validUntil}` }, ...(f.contact ? [{ label: '联系电话', value: f.contact }] : [])] },
    ];
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const CONSENT_TEMPLATES: readonly DocumentTemplate<any>[] = [CONSENT_CONFIRMATION_V1, SITE_NOTICE_V1];
