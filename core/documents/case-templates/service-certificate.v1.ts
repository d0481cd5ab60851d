import { z } from 'zod';
import type { DocumentTemplate } from '../template.js';
import { instant, list, optionalText, text } from './fields.js';
import { printDateTime } from './format.js';

/**
 * 送达回证 / 电子送达凭证 (民诉法第八十七条: service needs a receipt; 人民法院在线诉讼规则第三十一条
 * 第三款: electronic service leaves a trail and an electronic service certificate that has the
 * effect of a 送达回证). Made by the platform the moment service completes, from the delivery's
 * evidence (api/delivery): the document served (name, number, SHA-256), the addressee, each
 * channel with its address and outcome, every evidence event with its time and hash (a hash
 * chain: core/delivery/evidence.ts), the service date and the rule that sets it. When the party
 * later acknowledges online (第三十三条), a new version adds the acknowledgement.
 *
 * Numbering: a 编号 — a record of the agency about a document, not a decision to the party (the
 * templates' rule: what is sealed carries a 文号, records a 编号). Sealed: no; it is hashed,
 * numbered and ledgered like every document, and the document it proves served carries the seal.
 */
/** Evidence times to the second (Shanghai): 2026年11月9日10时05分03秒. */
const toSecond = (at: string) => printDateTime(at).replace(/分$/, `分${String(new Date(at).getUTCSeconds()).padStart(2, '0')}秒`);
const sha = (label: string) => z.string({ error: `${label}必填` }).regex(/^[0-9a-f]{64}$/, `${label}应为64位十六进制SHA-256`);

export const serviceCertificateFields = z.object({
  document: z.object({ name: text('送达文书名称', 60), number: optionalText('送达文书文号', 60), sha256: sha('送达文书SHA-256'), version: z.number().int().min(1) }, { error: '送达文书必填' }),
  addressee: z.object({ name: text('受送达人', 200), address: optionalText('受送达人地址', 300) }, { error: '受送达人必填' }),
  caseName: optionalText('案由', 500),
  channels: list('送达方式', z.object({ method: text('送达方式', 20), address: text('送达地址', 320), outcome: text('结果', 60) })),
  events: list('送达过程', z.object({ seq: z.number().int().min(1), at: instant('事件时间'), event: text('事件', 40), channel: optionalText('渠道', 20), detail: optionalText('说明', 600), hash: sha('事件哈希') }), 1, 500),
  servedAt: instant('送达日期'),
  servedBy: text('送达方式', 20),
  rule: text('送达日期依据', 200),
  basis: text('法律依据', 200),
  acknowledgedAt: instant('签收时间').optional(),
  sender: optionalText('送达人', 100),
});
export type ServiceCertificateFields = z.infer<typeof serviceCertificateFields>;

export const serviceCertificateV1: DocumentTemplate<ServiceCertificateFields> = {
  kind: 'service_certificate',
  version: 1,
  title: '送达回证（电子送达凭证）',
  titleEn: 'Certificate of service',
  numbering: { scheme: 'serial' },
  sealed: false,
  fields: serviceCertificateFields,
  body(f, ctx) {
    return [
      { kind: 'title', text: '送达回证（电子送达凭证）' },
      {
        kind: 'fields',
        rows: [
          { label: '送达文书', value: `${f.document.name}${f.document.number ? `（${f.document.number}）` : ''}${f.document.version > 1 ? `第${f.document.version}版` : ''}` },
          { label: '文书SHA-256', value: f.document.sha256 },
          ...(f.caseName ? [{ label: '案由', value: f.caseName }] : []),
          { label: '受送达人', value: f.addressee.name },
          ...(f.addressee.address ? [{ label: '受送达人地址', value: f.addressee.address }] : []),
          { label: '送达日期', value: toSecond(f.servedAt) },
          { label: '送达方式', value: f.servedBy },
          { label: '确定依据', value: `${f.rule}（${f.basis}）` },
          ...(f.acknowledgedAt ? [{ label: '受送达人签收', value: `已于${printDateTime(f.acknowledgedAt)}在线确认签收（人民法院在线诉讼规则第三十三条）` }] : []),
          ...(f.sender ? [{ label: '送达人', value: f.sender }] : []),
        ],
      },
      { kind: 'heading', text: '一、送达渠道' },
      { kind: 'table', columns: ['送达方式', '送达地址', '结果'], rows: f.channels.map((c) => [c.method, c.address, c.outcome]) },
      { kind: 'heading', text: '二、送达过程' },
      { kind: 'table', columns: ['序号', '时间', '事件', '渠道', '说明'], rows: f.events.map((e) => [String(e.seq), toSecond(e.at), e.event, e.channel ?? '', e.detail ?? '']) },
      // The hashes on lines of their own (a 64-character hash wrapped in a narrow cell cannot be read back).
      { kind: 'heading', text: '三、事件哈希链（每一事件的哈希含前一事件的哈希）' },
      { kind: 'table', columns: ['序号', '事件哈希（SHA-256）'], rows: f.events.map((e) => [String(e.seq), e.hash]) },
      {
        kind: 'paragraph',
        indent: true,
        text: `本凭证由${ctx.agencyName}送达平台根据全程留痕的送达记录自动生成，具有送达回证效力（《中华人民共和国民事诉讼法》第八十七条、第九十条；《人民法院在线诉讼规则》第三十一条）。受送达人提出需要纸质文书的，本机关予以提供。`,
      },
      { kind: 'note', text: '核验：以 SHA-256 计算所收文书的哈希，应与上列“文书SHA-256”一致；各事件哈希按顺序以前一事件哈希链接，任何一项被改动均可被发现。' },
      { kind: 'issuer', date: ctx.issuedAt },
    ];
  },
};
