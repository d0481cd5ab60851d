import QRCode from 'qrcode';
import { ZH, ZH_BOLD } from './pdf-fonts.js';

/**
 * The verify QR code printed on every consent document: it encodes the public URL where anyone
 * holding the paper can check it against the record (ref, text hash, status).
 */

/** 3 px per pt at the 80 pt it is usually printed: sharp on paper, ~1 KB as PNG. */
const DEFAULT_PX = 240;
const CACHE_MAX = 64;
const cache = new Map<string, Promise<Buffer>>();

/**
 * A QR code PNG of `url` (error correction M, one-module quiet zone, black on white).
 * The same document is often rendered again (preview, download, notice), so the last few
 * codes are kept; a failed one is forgotten.
 */
export function verifyQrPng(url: string, px = DEFAULT_PX): Promise<Buffer> {
  if (!url) return Promise.reject(new Error('verify URL is empty'));
  const key = `${px}|${url}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const png = QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: px, color: { dark: '#000000', light: '#ffffff' } });
  cache.set(key, png);
  png.catch(() => cache.delete(key));
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return png;
}

export type VerifyBlock = {
  png: Buffer;
  /** Left edge of the block, in pt. */
  x: number;
  /** Width available to the whole block (code + text to its right). */
  width: number;
  /** 'flow': under the current text; 'bottom': at the foot of the page when there is room. */
  at: 'flow' | 'bottom';
  /** Side of the printed code, in pt (~80 on the confirmation, larger on the notice). */
  size: number;
  caption: string;
  /** The caption's face; ZH_BOLD unless a document keeps to one face (each face embedded costs render time). */
  captionFont?: string;
  /** Lines under the caption (the ref, for instance), printed before the URL. */
  lines?: string[];
  url: string;
};

/**
 * Draws the code with its caption, extra lines and the URL in small type, never split across
 * pages (a new page when it does not fit under the text); returns the bottom y.
 */
export function drawVerifyBlock(doc: PDFKit.PDFDocument, b: VerifyBlock): number {
  const gap = 12;
  const textX = b.x + b.size + gap;
  const textW = Math.max(80, b.width - b.size - gap);
  const pageBottom = doc.page.height - doc.page.margins.bottom;
  if (doc.y + gap + b.size > pageBottom) doc.addPage();
  const top = b.at === 'bottom' ? Math.max(doc.y + gap, pageBottom - b.size) : doc.y + gap;
  doc.image(b.png, b.x, top, { width: b.size, height: b.size });
  doc.font(b.captionFont ?? ZH_BOLD).fontSize(10).fillColor('#000000');
  doc.text(b.caption, textX, top + Math.min(14, b.size / 6), { width: textW });
  doc.font(ZH).fontSize(9).fillColor('#333333');
  for (const line of b.lines ?? []) doc.text(line, textX, doc.y + 3, { width: textW });
  doc.fontSize(7.5).fillColor('#555555').text(b.url, textX, doc.y + 3, { width: textW });
  doc.fillColor('#000000');
  const bottom = Math.max(top + b.size, doc.y);
  doc.x = b.x;
  doc.y = bottom;
  return bottom;
}
