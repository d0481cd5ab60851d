import PDFDocument from 'pdfkit';
import { cjkFonts } from './pdf-fonts.js';

export const ZH = 'zh';
export const ZH_BOLD = 'zh-bold';
export const A4_MARGIN = 50;

/** An A4 document with the CJK fonts registered, collected into one Buffer at the end. */
export function newPdf(info: { title: string; author: string; subject: string; createdAt?: Date }) {
  const doc = new PDFDocument({ size: 'A4', margin: A4_MARGIN, bufferPages: true, info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: 'Vigil 非现场监管平台', ...(info.createdAt ? { CreationDate: info.createdAt } : {}) } });
  const fonts = cjkFonts();
  doc.registerFont(ZH, fonts.regular);
  doc.registerFont(ZH_BOLD, fonts.bold);
  doc.font(ZH);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    /** Ends the document and resolves with its bytes. */
    finish(): Promise<Buffer> {
      doc.end();
      return done;
    },
  };
}

/** Header and "第 N 页 / 共 M 页" footer on every buffered page. */
export function stampPages(doc: PDFKit.PDFDocument, header: string, ref: string, lang: 'zh-CN' | 'en', watermark: string | null) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(ZH).fontSize(8).fillColor('#666666');
    doc.text(watermark ? `${header}  ·  ${watermark}` : header, A4_MARGIN, 24, { width: width - 2 * A4_MARGIN, align: 'left', lineBreak: false });
    doc.text(ref, A4_MARGIN, 24, { width: width - 2 * A4_MARGIN, align: 'right', lineBreak: false });
    const n = i - range.start + 1;
    doc.text(lang === 'en' ? `Page ${n} of ${range.count}` : `第 ${n} 页 / 共 ${range.count} 页`, A4_MARGIN, height - 34, { width: width - 2 * A4_MARGIN, align: 'center', lineBreak: false });
    if (watermark) {
      doc.save();
      doc.rotate(-35, { origin: [width / 2, height / 2] });
      doc.font(ZH_BOLD).fontSize(72).fillColor('#000000').fillOpacity(0.08);
      doc.text(watermark, 0, height / 2 - 40, { width, align: 'center', lineBreak: false });
      doc.restore();
      doc.fillOpacity(1);
    }
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#000000');
}
