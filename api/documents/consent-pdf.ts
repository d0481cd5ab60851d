import type { ConsentPdfInput, PdfLang, PdfSignature } from './documents.types.js';
import { createCjkPdf, ZH, ZH_BOLD } from './pdf-fonts.js';
import { assertDrawablePng } from './signature-png.js';
import { drawVerifyBlock, verifyQrPng } from './verify-qr.js';

const LABELS = {
  'zh-CN': {
    business: '签署单位',
    creditCode: '统一社会信用代码',
    signer: '签署人',
    time: '签署时间',
    identity: '身份核验',
    email_code: '邮箱验证码',
    sms_code: '短信验证码',
    ip: 'IP 地址',
    ua: '客户端',
    drawn: '手写签名',
    hash: '文本 SHA-256',
    template: '模板版本',
    ref: '编号',
    sep: '：',
    paren: (a: string, b: string) => `${a}（${b}）`,
    page: (n: number, m: number) => `第 ${n} 页 / 共 ${m} 页`,
    confirmed: (at: string) => `已勾选确认\u3000${at}`,
    statements: '确认事项',
    statementsValue: (n: number, m: number) => `已逐项勾选 ${n} / ${m} 项（勾选时间见正文）`,
    agency: '执法机构',
    phone: '联系电话',
    officer: '发起人',
    certificate: '执法证号',
    issuedAt: '发送时间',
    notSent: '未发送（草稿）',
    seal: '印章',
    sealSlot: ['电子印章', '未加盖'],
    sealNote: '本平台尚未接入电子印章，此处未加盖印章；本文件的真实性以平台存证（文本 SHA-256）与扫码核验为准。',
  },
  en: {
    business: 'Business',
    creditCode: 'credit code',
    signer: 'Signer',
    time: 'Signed at',
    identity: 'Identity check',
    email_code: 'e-mail code',
    sms_code: 'SMS code',
    ip: 'IP address',
    ua: 'User agent',
    drawn: 'Signature',
    hash: 'Text SHA-256',
    template: 'Template',
    ref: 'Ref',
    sep: ': ',
    paren: (a: string, b: string) => `${a} (${b})`,
    page: (n: number, m: number) => `Page ${n} of ${m}`,
    confirmed: (at: string) => `Ticked ${at}`,
    statements: 'Statements',
    statementsValue: (n: number, m: number) => `${n} of ${m} ticked one by one (times in the text)`,
    agency: 'Agency',
    phone: 'Phone',
    officer: 'Issued by',
    certificate: 'Certificate no.',
    issuedAt: 'Sent at',
    notSent: 'not sent (draft)',
    seal: 'Seal',
    sealSlot: ['e-seal', 'not affixed'],
    sealNote: 'No electronic seal is affixed (the platform has none yet): this document is checked by its signature record, text SHA-256 and the verify code.',
  },
} satisfies Record<PdfLang, unknown>;
type Labels = (typeof LABELS)[PdfLang];

const RECORD_TITLE = '签署记录 / Signature record';
const AGENCY_TITLE = '执法机构 / Issuing agency';
const SEAL_RED = '#c00000';
const VERIFY_CAPTION = '扫码核验文件 / Verify this document';
const WATERMARK = '草稿 · 未签署';
const HEADING = /^(?:[一二三四五六七八九十]+、|\d{1,2}\. )/;
const DEVICE = /^(?:（\d+）|\(\d+\) )/;
const STATEMENT = /^([□☑])\s*/;
const BODY = { size: 10.5, lineGap: 3.5 };

/** Asia/Shanghai wall time (no DST since 1991), e.g. "2026-11-24 16:05:03 (UTC+8)". */
export function chinaTime(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)} (UTC+8)`;
}

/** One line for the record: no control characters, at most `max` characters. */
function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\p{Cc}+/gu, ' ').trim() || '—';
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The installation confirmation (设备安装确认书): the signed text as given, the signature record
 * (signer, time in China, how the signer was identified, IP, client, the drawn signature, the
 * text hash) and a QR code of the verify URL. Without a signature it is a preview, watermarked
 * 草稿 · 未签署 on every page. Rejects (never throws synchronously, never crashes) on bad input.
 */
export async function renderConsentPdf(input: ConsentPdfInput): Promise<Buffer> {
  const t = LABELS[input.lang ?? 'zh-CN'];
  if (input.signature) assertDrawablePng(input.signature.signaturePng);
  const qr = await verifyQrPng(input.verifyUrl);
  const title = input.text.split('\n', 1)[0].trim() || input.ref;
  const { doc, finish } = createCjkPdf({ title, author: input.agencyName, subject: input.ref, createdAt: input.signature?.signedAt });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  drawText(doc, input.text, left, width, input.signature, t);
  doc.moveDown(1);
  agencyRecord(doc, input, t, left, width);
  if (input.signature) signatureRecord(doc, input, input.signature, t, left, width);
  else {
    doc.font(ZH).fontSize(8.5).fillColor('#333333').text(`${t.hash}${t.sep}${input.textSha256}`, left, doc.y, { width });
    doc.text(`${t.template}${t.sep}${input.templateVersion}`, left, doc.y + 2, { width });
  }
  drawVerifyBlock(doc, { png: qr, x: left, width, at: 'flow', size: 80, caption: VERIFY_CAPTION, lines: [`${t.ref}${t.sep}${input.ref}`], url: input.verifyUrl });
  stampPages(doc, input, t);
  return finish();
}

/** How many "□ …"/"☑ …" statement lines the text has. */
function statementCount(text: string): number {
  return text.split('\n').filter((l) => STATEMENT.test(l.trimEnd())).length;
}

/** Adds a page unless `height` pt still fit above the bottom margin. */
function ensureSpace(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/**
 * The consent text: title, headings, devices and statements with a hanging indent, body. On a
 * signed confirmation each statement the signer ticked is printed ticked (✓ in the box), with
 * the time it was ticked; one not ticked stays an empty box.
 */
function drawText(doc: PDFKit.PDFDocument, text: string, left: number, width: number, signature: PdfSignature | null, t: Labels) {
  const tickedAt = new Map((signature?.confirmations ?? []).map((c) => [c.text.trim(), c.confirmedAt]));
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (i === 0) {
      doc.font(ZH_BOLD).fontSize(18).text(line, left, doc.y, { width, align: 'center' }).moveDown(0.9);
      return;
    }
    if (!line.trim()) return void doc.moveDown(0.5);
    if (HEADING.test(line)) {
      doc.font(ZH_BOLD).fontSize(12);
      ensureSpace(doc, 8 + doc.currentLineHeight(true) + 2 * 16); // keep a heading with its first lines
      doc.text(line, left, doc.y + 6, { width, paragraphGap: 3 });
      return;
    }
    doc.font(ZH).fontSize(BODY.size);
    const statement = STATEMENT.exec(line);
    const device = DEVICE.exec(line);
    if (!statement && !device) return void doc.text(line, left, doc.y, { width, ...BODY, paragraphGap: 2 });
    const marker = statement ? '□' : device![0];
    const rest = line.slice((statement ?? device)![0].length);
    const hang = doc.widthOfString(statement ? '□ ' : marker);
    const at = statement ? tickedAt.get(rest.trim()) : undefined;
    // A ticked statement keeps its tick time with it on one page.
    ensureSpace(doc, at ? doc.heightOfString(rest, { width: width - hang, ...BODY }) + 16 : doc.currentLineHeight(true));
    const y = doc.y;
    doc.text(marker, left, y, { lineBreak: false });
    if (at) {
      // ✓ set into the □ (the font has both, but no ☑): drawn and extractable as text.
      doc.font(ZH_BOLD).text('✓', left + 0.12 * BODY.size, y - 0.08 * BODY.size, { lineBreak: false }).font(ZH);
    } else if (statement?.[1] === '☑') tick(doc, left, y, BODY.size);
    doc.text(rest, left + hang, y, { width: width - hang, ...BODY, paragraphGap: at ? 0 : 2 });
    if (at) doc.fontSize(8.5).fillColor('#444444').text(t.confirmed(chinaTime(at)), left + hang, doc.y, { width: width - hang, paragraphGap: 3 }).fillColor('#000000');
  });
}

/**
 * The agency's side, framed like the signature record: the agency, its phone, the officer who
 * issued the request (certificate no.), when it was sent, and the seal — the agency's seal image
 * when there is one, else a marked placeholder that says plainly no seal is affixed.
 */
function agencyRecord(doc: PDFKit.PDFDocument, input: ConsentPdfInput, t: Labels, left: number, width: number) {
  const is = input.issuer;
  const pad = 10;
  const labelW = 78;
  const sealD = 86;
  const valueX = left + pad + labelW;
  const valueW = width - 2 * pad - labelW - sealD - 12;
  const officer = is.officerCertificateNo ? t.paren(oneLine(is.officerName), `${t.certificate}${t.sep}${oneLine(is.officerCertificateNo)}`) : oneLine(is.officerName);
  const rows: [string, string][] = [
    [t.agency, oneLine(is.agencyName)],
    [t.phone, is.agencyPhone ? oneLine(is.agencyPhone) : '—'],
    [t.officer, officer],
    [t.issuedAt, is.issuedAt ? chinaTime(is.issuedAt) : t.notSent],
  ];
  doc.font(ZH).fontSize(9);
  const rowH = (v: string) => doc.heightOfString(v, { width: valueW }) + 3;
  const noteH = is.sealPng ? 0 : doc.fontSize(7.5).heightOfString(t.sealNote, { width: width - 2 * pad }) + 6;
  doc.fontSize(9);
  const bodyH = Math.max(rows.reduce((h, [, v]) => h + rowH(v), 0), sealD);
  ensureSpace(doc, 2 * pad + 22 + bodyH + noteH + 8);
  const top = doc.y;
  doc.font(ZH_BOLD).fontSize(11).fillColor('#000000').text(AGENCY_TITLE, left + pad, top + pad, { width: width - 2 * pad });
  let y = top + pad + 22;
  const bodyTop = y;
  for (const [k, v] of rows) {
    doc.font(ZH).fontSize(9).fillColor('#555555').text(k, left + pad, y, { width: labelW - 6 });
    doc.fillColor('#000000').text(v, valueX, y, { width: valueW });
    y += rowH(v);
  }
  // The seal, at the right of the rows.
  const cx = left + width - pad - sealD / 2;
  const cy = bodyTop + sealD / 2 - 4;
  if (is.sealPng) doc.image(is.sealPng, cx - sealD / 2, cy - sealD / 2, { fit: [sealD, sealD], align: 'center', valign: 'center' });
  else {
    doc.save().circle(cx, cy, sealD / 2 - 2).lineWidth(1.2).dash(4, { space: 3 }).strokeColor(SEAL_RED).stroke().undash().restore();
    doc.font(ZH_BOLD).fontSize(10).fillColor(SEAL_RED).text(t.sealSlot[0], cx - sealD / 2, cy - 13, { width: sealD, align: 'center', lineBreak: false });
    doc.font(ZH).fontSize(9).text(t.sealSlot[1], cx - sealD / 2, cy + 2, { width: sealD, align: 'center', lineBreak: false });
  }
  y = bodyTop + bodyH + 4;
  if (!is.sealPng) {
    doc.font(ZH).fontSize(7.5).fillColor('#555555').text(t.sealNote, left + pad, y, { width: width - 2 * pad });
    y += noteH;
  }
  doc.rect(left, top, width, y - top + pad - 3).lineWidth(0.8).strokeColor('#666666').stroke();
  doc.fillColor('#000000');
  doc.x = left;
  doc.y = y + pad + 4;
}

/** A tick drawn into the □ glyph at (x, y) set in `size` pt. */
function tick(doc: PDFKit.PDFDocument, x: number, y: number, size: number) {
  doc.save().lineWidth(size / 9).lineCap('round').lineJoin('round').strokeColor('#000000');
  doc.moveTo(x + 0.24 * size, y + 0.56 * size).lineTo(x + 0.43 * size, y + 0.76 * size).lineTo(x + 0.78 * size, y + 0.32 * size).stroke().restore();
}

/** The framed 签署记录 box; never split across pages. */
function signatureRecord(doc: PDFKit.PDFDocument, input: ConsentPdfInput, s: PdfSignature, t: Labels, left: number, width: number) {
  const pad = 10;
  const labelW = 78;
  const valueX = left + pad + labelW;
  const valueW = width - 2 * pad - labelW;
  const rows: [string, string][] = [
    [t.business, t.paren(oneLine(input.businessName), `${t.creditCode}${t.sep}${oneLine(input.creditCode)}`)],
    [t.signer, oneLine(s.signerName)],
    [t.time, chinaTime(s.signedAt)],
    [t.identity, t.paren(t[s.identityMethod], oneLine(s.identityAddressMasked))],
    [t.statements, t.statementsValue(s.confirmations.length, statementCount(input.text))],
    [t.ip, oneLine(s.ip)],
    [t.ua, oneLine(s.userAgent, 120)],
  ];
  const tail: [string, string][] = [[t.hash, input.textSha256], [t.template, input.templateVersion]];
  doc.font(ZH).fontSize(9);
  const rowH = (v: string) => doc.heightOfString(v, { width: valueW }) + 3;
  const height = 2 * pad + 22 + [...rows, ...tail].reduce((h, [, v]) => h + rowH(v), 0) + 68;
  ensureSpace(doc, height + 4);
  const top = doc.y;
  doc.font(ZH_BOLD).fontSize(11).fillColor('#000000').text(RECORD_TITLE, left + pad, top + pad, { width: width - 2 * pad });
  let y = top + pad + 22;
  const row = ([k, v]: [string, string]) => {
    doc.font(ZH).fontSize(9).fillColor('#555555').text(k, left + pad, y, { width: labelW - 6 });
    doc.fillColor('#000000').text(v, valueX, y, { width: valueW });
    y += rowH(v);
  };
  rows.forEach(row);
  doc.font(ZH).fontSize(9).fillColor('#555555').text(t.drawn, left + pad, y + 2, { width: labelW - 6 });
  doc.image(s.signaturePng, valueX, y + 2, { fit: [180, 60], valign: 'center' });
  doc.moveTo(valueX, y + 63).lineTo(valueX + 200, y + 63).lineWidth(0.5).strokeColor('#999999').stroke();
  y += 68;
  tail.forEach(row);
  doc.rect(left, top, width, y - top + pad - 3).lineWidth(0.8).strokeColor('#666666').stroke();
  doc.fillColor('#000000');
  doc.x = left;
  doc.y = y + pad;
}

/** Header (agency, ref), footer (第 N 页 / 共 M 页) and, on a preview, the watermark. */
function stampPages(doc: PDFKit.PDFDocument, input: ConsentPdfInput, t: Labels) {
  const range = doc.bufferedPageRange();
  const preview = !input.signature;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width: W, height: H, margins } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing in the margin must not start a new page
    const w = W - margins.left - margins.right;
    doc.font(ZH).fontSize(8).fillColor('#666666');
    doc.text(preview ? `${input.agencyName}  ·  ${WATERMARK}` : input.agencyName, margins.left, 26, { width: w, lineBreak: false });
    doc.text(input.ref, margins.left, 26, { width: w, align: 'right', lineBreak: false });
    doc.moveTo(margins.left, 40).lineTo(W - margins.right, 40).lineWidth(0.4).strokeColor('#bbbbbb').stroke();
    doc.text(t.page(i - range.start + 1, range.count), margins.left, H - 36, { width: w, align: 'center', lineBreak: false });
    if (preview) watermark(doc, W, H, input.lang === 'en');
    margins.bottom = bottom;
  }
  doc.fillColor('#000000');
}

function watermark(doc: PDFKit.PDFDocument, W: number, H: number, en: boolean) {
  doc.save().rotate(-40, { origin: [W / 2, H / 2] });
  doc.font(ZH_BOLD).fontSize(72).fillColor('#9a9a9a').fillOpacity(0.28);
  doc.text(WATERMARK, 0, H / 2 - 52, { width: W, align: 'center', lineBreak: false });
  if (en) doc.fontSize(28).text('DRAFT · NOT SIGNED', 0, H / 2 + 40, { width: W, align: 'center', lineBreak: false });
  doc.restore();
}
