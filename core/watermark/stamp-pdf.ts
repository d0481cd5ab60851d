import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import type { Watermark } from './watermark-text.js';

/**
 * A watermarked copy of an issued PDF. The original stays as issued (its bytes, its hash, its
 * seal) and is never touched: each page is rendered to a picture (poppler's pdftoppm) and placed
 * on a page of a new PDF (pdfkit) under the watermark — the text tiled diagonally across the page
 * and, on every page, a band that says this is a copy, who exported it and where the original
 * can be verified (by its SHA-256 and its /verify page). A stamped copy cannot carry the
 * original's PAdES signature (any change breaks it), so the band says the seal's force lies with
 * the original. Rendering to pictures also means the watermark cannot be lifted off the page by
 * deleting an object; the copy's only text layer is the watermark and the band (pdftotext finds
 * them).
 */
const run = promisify(execFile);

export type StampPdfOptions = {
  input: string | Readable | Buffer;
  output: string;
  watermark: Watermark;
  fontFile: string;
  original: { sha256: string; verifyUrl: string | null; title: string };
  pdftoppmPath?: string;
  /** Rendering resolution of the page pictures (default 110 dpi: sharp on screen and paper, ~150 KB a page). */
  dpi?: number;
};

async function pagesAsPictures(o: StampPdfOptions, dir: string, dpi: number): Promise<string[]> {
  let input: string;
  if (typeof o.input === 'string') input = o.input;
  else if (Buffer.isBuffer(o.input)) await writeFile((input = path.join(dir, 'input.pdf')), o.input);
  else await pipeline(o.input, createWriteStream((input = path.join(dir, 'input.pdf'))));
  try {
    await run(o.pdftoppmPath ?? 'pdftoppm', ['-r', String(dpi), '-jpeg', '-jpegopt', 'quality=82', input, path.join(dir, 'page')], { maxBuffer: 1 << 20 });
  } catch (err) {
    throw new Error(`cannot render the PDF's pages: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
  }
  const pageNo = (f: string) => Number(/^page-(\d+)\.jpg$/.exec(f)?.[1] ?? NaN);
  const files = (await readdir(dir)).filter((f) => Number.isFinite(pageNo(f))).sort((a, b) => pageNo(a) - pageNo(b));
  if (!files.length) throw new Error('the PDF has no pages');
  return files.map((f) => path.join(dir, f));
}

export async function stampPdf(o: StampPdfOptions): Promise<void> {
  const dpi = o.dpi ?? 110;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vigil-wm-pdf-'));
  try {
    const pages = await pagesAsPictures(o, dir, dpi);
    const doc = new PDFDocument({ autoFirstPage: false, lang: 'zh-CN', info: { Title: `${o.original.title}（副本）`, Author: 'Vigil', Subject: o.watermark.text, Creator: 'Vigil' } });
    doc.registerFont('wm', o.fontFile);
    const out = createWriteStream(o.output);
    const done = pipeline(doc, out);
    const band1 = `副本（带水印，非原件）  ${o.watermark.text}`;
    const band2 = `原件 SHA-256：${o.original.sha256}`;
    const band3 = `原件未改动，以签发版本为准；本副本不含电子签章。${o.original.verifyUrl ? `核验原件：${o.original.verifyUrl}` : ''}`;
    for (const file of pages) {
      // pdfkit's openImage (not in its typings) reads the picture once: its size, then the image itself.
      const img = (doc as unknown as { openImage(src: string): { width: number; height: number } }).openImage(file);
      const w = (img.width * 72) / dpi;
      const h = (img.height * 72) / dpi;
      doc.addPage({ size: [w, h], margin: 0 });
      doc.image(img as unknown as string, 0, 0, { width: w, height: h });
      // Tiles: rows of the text across the page's diagonal, faint red.
      const size = Math.max(9, Math.min(w, h) / 42);
      doc.save().font('wm').fontSize(size).fillColor('#c00000').fillOpacity(0.16);
      doc.rotate(-30, { origin: [w / 2, h / 2] });
      const span = Math.hypot(w, h);
      for (let y = h / 2 - span / 2, r = 0; y < h / 2 + span / 2; y += size * 6, r++) {
        const line = Array.from({ length: 4 }, () => o.watermark.text).join('\u3000\u3000\u3000');
        doc.text(line, w / 2 - span / 2 - (r % 3) * size * 8, y, { lineBreak: false });
      }
      doc.restore();
      // The band: what this is, who exported it, where the original is verified.
      const bandSize = Math.max(6, Math.min(8, w / 75));
      doc.save().rect(0, 0, w, bandSize * 4.6).fillOpacity(0.85).fill('#ffffff').restore();
      doc.save().font('wm').fontSize(bandSize).fillColor('#c00000').fillOpacity(1);
      for (const [i, line] of [band1, band2, band3].entries()) doc.text(line, 8, bandSize * (0.4 + i * 1.4), { lineBreak: false });
      doc.restore();
    }
    doc.end();
    await done;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
