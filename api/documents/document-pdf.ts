import type { Block, DocumentBody, SignatureLine } from '../../core/documents/document-body.js';
import type { AgencySeal, SealInfo } from '../../core/seal/agency-seal.js';
import { createCjkPdf, ZH } from './pdf-fonts.js';
import { drawVerifyBlock, verifyQrPng } from './verify-qr.js';

/**
 * The one layout of every enforcement document (R8; 卫生行政执法文书规范): a template's blocks
 * laid out on A4 with the agency's full name and the number at the head of every page, 第 x 页 /
 * 共 y 页 at the foot, the verify QR code at the end and, for a sealed template, the agency's
 * seal over the issuer block and a PAdES signature over the whole file. Chinese stays text.
 */
export type DocumentPdfInput = {
  agencyId: string;
  /** Full name, e.g. 金华市婺城区卫生健康局: the head of every page and the issuer block. */
  agencyName: string;
  /** 文号 or 编号; null for a document without one. */
  number: string | null;
  /** The template's name, the PDF's title (the body carries its own title block). */
  title: string;
  blocks: DocumentBody;
  /** The public verify page of this document, printed and in the QR code. */
  verifyUrl: string;
  version: number;
  /** A correction: why, printed under the title (the versions before it stay as they were). */
  correctionReason?: string | null;
  issuedAt: Date;
  sealed: boolean;
  seal: AgencySeal;
};

const BODY = { size: 12, lineGap: 5 };

/**
 * Bold text is the regular face filled and stroked (a "faux bold"), not the bold font: each face
 * a document uses is subset and embedded anew, and that is most of a render's time (the CFF
 * subroutines of a CJK font), so one face instead of two halves it. Call before the text.
 */
function bold(doc: PDFKit.PDFDocument, size: number, color = '#000000') {
  doc.font(ZH).fontSize(size).fillColor(color).strokeColor(color).lineWidth(size * 0.035);
  return { fill: true, stroke: true } as const;
}
const GRID = '#888888';
const SEAL_D = 119; // 42 mm, the usual round seal of an agency

/** Asia/Shanghai date in Chinese, e.g. 2026年12月6日. */
export function chineseDate(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** Asia/Shanghai time, e.g. 2026-12-06 09:30. */
function chinaMinute(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}

export async function renderDocumentPdf(input: DocumentPdfInput): Promise<Buffer> {
  const qr = await verifyQrPng(input.verifyUrl);
  const { doc, finish } = createCjkPdf({ title: input.number ? `${input.title} ${input.number}` : input.title, author: input.agencyName, subject: input.number ?? input.title, createdAt: input.issuedAt });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const layout: Layout = { doc, left, width, input, numberShown: false };
  doc.y = doc.page.margins.top + 8;
  for (const block of input.blocks) drawBlock(layout, block);
  if (!layout.numberShown) drawNumber(layout); // a body without a title block still shows its number
  doc.moveDown(1);
  const lines = [input.number ? `文书编号：${input.number}` : input.title, `版本：第 ${input.version} 版`];
  drawVerifyBlock(doc, { png: qr, x: left, width, at: 'flow', size: 72, caption: '扫码核验文书 / Verify this document', captionFont: ZH, lines, url: input.verifyUrl });
  stampPages(layout);
  const info: SealInfo = { agencyId: input.agencyId, agencyName: input.agencyName, reason: `${input.title}${input.number ? ` ${input.number}` : ''}`, location: input.agencyName };
  if (input.sealed) input.seal.prepare(doc, info);
  const pdf = await finish();
  return input.sealed ? input.seal.sign(pdf, info) : pdf;
}

type Layout = { doc: PDFKit.PDFDocument; left: number; width: number; input: DocumentPdfInput; numberShown: boolean };

/** Adds a page unless `height` pt still fit above the bottom margin. */
function ensureSpace(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function drawNumber(l: Layout) {
  const { doc, left, width, input } = l;
  l.numberShown = true;
  if (input.number) doc.font(ZH).fontSize(12).fillColor('#000000').text(input.number, left, doc.y, { width, align: 'center' });
  if (input.version > 1) {
    doc.moveDown(0.4).font(ZH).fontSize(10).fillColor('#9a0000');
    doc.text(`更正说明：本文书为第 ${input.version} 版，更正第 ${input.version - 1} 版${input.correctionReason ? `。更正理由：${input.correctionReason}` : ''}。此前各版保持原样，可扫码核验。`, left, doc.y, { width });
    doc.fillColor('#000000');
  }
  doc.moveDown(0.8);
}

function drawBlock(l: Layout, b: Block) {
  const { doc, left, width } = l;
  doc.fillColor('#000000');
  switch (b.kind) {
    case 'title':
      {
        const style = bold(doc, 20);
        ensureSpace(doc, 80);
        doc.text(b.text, left, doc.y, { width, align: 'center', ...style }).moveDown(0.3);
      }
      if (!l.numberShown) drawNumber(l);
      return;
    case 'heading':
      {
        const style = bold(doc, 13);
        ensureSpace(doc, doc.currentLineHeight(true) + 3 * (BODY.size + BODY.lineGap)); // a heading keeps its first lines
        doc.text(b.text, left, doc.y + 4, { width, paragraphGap: 4, ...style });
      }
      return;
    case 'paragraph':
      doc.font(ZH).fontSize(BODY.size);
      ensureSpace(doc, BODY.size + BODY.lineGap);
      doc.text(b.text, left, doc.y, { width, ...BODY, indent: b.indent ? 2 * BODY.size : 0, paragraphGap: 4 });
      return;
    case 'fields':
      return drawGrid(l, [0.26, 0.74], b.rows.map((r) => [r.label, r.value || ' ']), null);
    case 'table':
      return drawGrid(l, columnShares(doc, b.columns, b.rows), b.rows, b.columns);
    case 'signatures':
      doc.moveDown(0.5);
      for (const s of b.lines) drawSignature(l, s);
      return;
    case 'issuer':
      return drawIssuer(l, b.date);
    case 'note':
      doc.font(ZH).fontSize(9.5).fillColor('#333333');
      ensureSpace(doc, 14);
      doc.text(b.text, left, doc.y + 2, { width, lineGap: 2, paragraphGap: 3 });
      doc.fillColor('#000000');
      return;
  }
}

/** Column widths by what they hold (a 序号 column stays narrow), each at least 8 % of the width. */
function columnShares(doc: PDFKit.PDFDocument, columns: string[], rows: string[][]): number[] {
  doc.font(ZH).fontSize(10.5);
  const natural = columns.map((c, i) => Math.max(doc.widthOfString(c) * 1.1, ...rows.slice(0, 200).map((r) => doc.widthOfString(r[i] ?? ''))) + 10);
  const capped = natural.map((w) => Math.min(w, 400));
  const total = capped.reduce((a, w) => a + w, 0) || 1;
  const raw = capped.map((w) => Math.max(0.08, w / total));
  const sum = raw.reduce((a, w) => a + w, 0);
  return raw.map((w) => w / sum);
}

/**
 * A ruled grid: label–value rows (no header) or a table whose header row is repeated on every
 * page it runs over. A row is never split; a row taller than a page is cut at the page's foot.
 */
function drawGrid(l: Layout, shares: number[], rows: string[][], header: string[] | null) {
  const { doc, left, width } = l;
  const pad = 4;
  const size = header ? 10.5 : 11;
  const widths = shares.map((s) => s * width);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, w) => a + w, 0));
  const heightOf = (cells: string[]) => {
    doc.font(ZH).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * pad, lineGap: 2 }))) + 2 * pad;
  };
  const drawRow = (cells: string[], y: number, h: number, head: boolean) => {
    if (head) doc.save().rect(left, y, width, h).fill('#eeeeee').restore();
    cells.forEach((c, i) => {
      const style = head || (!header && i === 0) ? bold(doc, size) : (doc.font(ZH).fontSize(size).fillColor('#000000'), {});
      doc.text(c || ' ', xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, height: h - pad, lineGap: 2, align: head ? 'center' : 'left', ...style });
      doc.rect(xs[i], y, widths[i], h).lineWidth(0.6).strokeColor(GRID).stroke();
    });
  };
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const headH = header ? heightOf(header) : 0;
  let y = doc.y + 2;
  if (header) {
    if (y + headH + heightOf(rows[0] ?? header.map(() => '')) > bottom()) y = (doc.addPage(), doc.y);
    drawRow(header, y, headH, true);
    y += headH;
  }
  for (const r of rows) {
    const cells = shares.map((_, i) => r[i] ?? '');
    const h = Math.min(heightOf(cells), bottom() - doc.page.margins.top - headH);
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.y;
      if (header) {
        drawRow(header, y, headH, true);
        y += headH;
      }
    }
    drawRow(cells, y, h, false);
    y += h;
  }
  if (header && rows.length === 0) {
    drawRow(shares.map((_, i) => (i === 0 ? '（无）' : '')), y, headH, false);
    y += headH;
  }
  doc.x = left;
  doc.y = y + 8;
}

/** 执法人员：张伟  执法证号：33070200123  签名时间：2026-12-06 09:30 — or a blank line to sign on paper. */
function drawSignature(l: Layout, s: SignatureLine) {
  const { doc, left, width } = l;
  const parts = [`${s.role}：${s.name || '＿＿＿＿＿＿'}`];
  if (s.certificateNo) parts.push(`执法证号：${s.certificateNo}`);
  parts.push(s.signedAt ? `签名时间：${chinaMinute(s.signedAt)}` : '签名：＿＿＿＿＿＿  日期：＿＿＿＿年＿＿月＿＿日');
  doc.font(ZH).fontSize(11.5);
  ensureSpace(doc, 2 * (11.5 + 6));
  doc.text(parts.join('\u3000\u3000'), left, doc.y + 3, { width, lineGap: 3 });
}

/** The agency's name and the date at the right, the seal over them when the template is sealed. */
function drawIssuer(l: Layout, date: Date) {
  const { doc, left, width, input } = l;
  const blockW = Math.min(width, 260);
  const x = left + width - blockW;
  ensureSpace(doc, SEAL_D + 20);
  const top = doc.y + 24;
  doc.font(ZH).fontSize(12.5).fillColor('#000000');
  doc.text(input.agencyName, x, top + 18, { width: blockW, align: 'center' });
  doc.text(chineseDate(date), x, doc.y + 6, { width: blockW, align: 'center' });
  const after = doc.y;
  if (input.sealed) input.seal.draw(doc, { x: x + blockW / 2, y: top + 34, diameter: SEAL_D }, input.agencyName);
  doc.x = left;
  doc.y = Math.max(after, top + 34 + SEAL_D / 2) + 10;
}

/** The head (agency's full name, number) and foot (第 x 页 / 共 y 页) of every page. */
function stampPages(l: Layout) {
  const { doc, input } = l;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width: W, height: H, margins } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing in the margin must not start a new page
    const w = W - margins.left - margins.right;
    doc.font(ZH).fontSize(9).fillColor('#444444');
    doc.text(input.agencyName, margins.left, 24, { width: w, lineBreak: false });
    if (input.number) doc.text(input.number, margins.left, 24, { width: w, align: 'right', lineBreak: false });
    doc.moveTo(margins.left, 38).lineTo(W - margins.right, 38).lineWidth(0.4).strokeColor('#bbbbbb').stroke();
    doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, margins.left, H - 34, { width: w, align: 'center', lineBreak: false });
    margins.bottom = bottom;
  }
  doc.fillColor('#000000');
}
