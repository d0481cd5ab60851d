import { A4_MARGIN, newPdf, stampPages, ZH, ZH_BOLD } from './pdf-base.js';
import type { ConsentPdfInput, PdfSignature } from './documents.types.js';
import { verifyQrPng } from './verify-qr.js';

const HEADING = /^([一二三四五六七八九十]+、|\d+\. )/;
const L = {
  'zh-CN': {
    record: '签署记录',
    signer: '签署人',
    time: '签署时间',
    identity: '身份核验',
    email: '邮箱验证码',
    sms: '短信验证码',
    ip: 'IP 地址',
    ua: '客户端',
    confirmed: '签署人已逐项勾选上述确认事项，并手写签名如下：',
    hash: '文本 SHA-256',
    template: '模板版本',
    verify: '扫码核验文件',
    preview: '草稿 · 未签署',
  },
  en: {
    record: 'Signature record',
    signer: 'Signer',
    time: 'Signed at',
    identity: 'Identity check',
    email: 'e-mail code',
    sms: 'SMS code',
    ip: 'IP address',
    ua: 'Client',
    confirmed: 'The signer ticked every statement above and signed by hand:',
    hash: 'Text SHA-256',
    template: 'Template',
    verify: 'Scan to verify this document',
    preview: 'DRAFT · NOT SIGNED',
  },
};

/** Asia/Shanghai wall time, e.g. 2026-11-24 16:05:03 (UTC+8). */
export function chinaTime(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)} (UTC+8)`;
}

/** The installation confirmation (设备安装确认书): the signed text, its signature record, a QR. */
export async function renderConsentPdf(input: ConsentPdfInput): Promise<Buffer> {
  const lang = input.lang ?? 'zh-CN';
  const t = L[lang];
  const qr = await verifyQrPng(input.verifyUrl);
  const { doc, finish } = newPdf({ title: input.text.split('\n')[0] || input.ref, author: input.agencyName, subject: input.ref, createdAt: input.signature?.signedAt });
  const width = doc.page.width - 2 * A4_MARGIN;
  try {
    input.text.split('\n').forEach((line, i) => {
      if (i === 0) {
        doc.font(ZH_BOLD).fontSize(18).text(line, { align: 'center' }).moveDown(0.8);
      } else if (HEADING.test(line)) {
        doc.moveDown(0.4).font(ZH_BOLD).fontSize(12).text(line, { width }).moveDown(0.2);
      } else {
        doc.font(ZH).fontSize(10.5).text(line, { width, lineGap: 3, indent: line.startsWith('□') || line.startsWith('（') ? 0 : 0 });
      }
    });
    doc.moveDown(1);
    if (input.signature) signatureBox(doc, input.signature, t, width);
    doc.font(ZH).fontSize(8).fillColor('#333333');
    doc.text(`${t.hash}: ${input.textSha256}`, { width });
    doc.text(`${t.template}: ${input.templateVersion}`, { width });
    if (doc.y + 110 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y + 8;
    doc.image(qr, A4_MARGIN, y, { width: 80, height: 80 });
    doc.fillColor('#000000').fontSize(9).text(t.verify, A4_MARGIN + 92, y + 18, { width: width - 92 });
    doc.fontSize(8).fillColor('#333333').text(input.verifyUrl, A4_MARGIN + 92, doc.y + 2, { width: width - 92 });
    doc.fillColor('#000000');
    stampPages(doc, input.agencyName, input.ref, lang, input.signature ? null : t.preview);
  } catch (err) {
    doc.end();
    throw err;
  }
  return finish();
}

function signatureBox(doc: PDFKit.PDFDocument, s: PdfSignature, t: (typeof L)['zh-CN'], width: number) {
  if (doc.y + 200 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  const x = A4_MARGIN + 10;
  doc.font(ZH_BOLD).fontSize(11).text(t.record, x, top + 10, { width: width - 20 });
  doc.font(ZH).fontSize(9).moveDown(0.3);
  const rows: [string, string][] = [
    [t.signer, s.signerName],
    [t.time, chinaTime(s.signedAt)],
    [t.identity, `${s.identityMethod === 'email_code' ? t.email : t.sms} ${s.identityAddressMasked}`],
    [t.ip, s.ip || '—'],
    [t.ua, s.userAgent.length > 120 ? `${s.userAgent.slice(0, 117)}…` : s.userAgent || '—'],
  ];
  for (const [k, v] of rows) doc.text(`${k}：${v}`, x, doc.y, { width: width - 20 });
  doc.moveDown(0.3).text(t.confirmed, x, doc.y, { width: width - 20 });
  // pdfkit throws on bytes that are not an image it can read: the caller gets a clear error.
  doc.image(s.signaturePng, x, doc.y + 4, { fit: [180, 60] });
  doc.y += 70;
  doc.rect(A4_MARGIN, top, width, doc.y - top + 6).lineWidth(0.6).strokeColor('#888888').stroke();
  doc.x = A4_MARGIN;
  doc.y += 14;
}
