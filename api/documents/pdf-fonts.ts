import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The CJK fonts of our PDFs: Noto Sans Hans Regular and Bold (SIL OFL 1.1), shipped as full OTF
 * files (~8 MB each) inside the @embedpdf/fonts-sc package. pdfkit embeds only a subset of the
 * glyphs a document uses, so the PDFs stay small and their Chinese stays real, extractable text.
 *
 * Everything here is done once per process: reading the files, and parsing them with fontkit
 * (the font engine pdfkit itself uses). pdfkit accepts a parsed fontkit font wherever it accepts
 * font bytes, and a parsed font keeps its decoded CFF tables between documents: that cuts a
 * render from ~250 ms to ~60 ms. Each document still gets its own subset.
 */

const PACKAGE = '@embedpdf/fonts-sc';
const FILES = { regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf' } as const;
/** The regular face's file name in cjkFontDir() (ffmpeg's drawtext draws watermarks with it). */
export const CJK_REGULAR_FILE = FILES.regular;

/** Names the fonts are registered under in every document from `createCjkPdf`. */
export const ZH = 'zh';
export const ZH_BOLD = 'zh-bold';

/** The part of a fontkit font that pdfkit looks for (`typeof src.layout === 'function'`). */
type FontkitFont = { layout: (text: string) => unknown; postscriptName: string };
type FontSource = Buffer | FontkitFont;

let bytes: { regular: Buffer; bold: Buffer } | null = null;
let parsed: { regular: FontSource; bold: FontSource } | null = null;

/**
 * The folder holding the OTF files. The package's `exports` do not expose `package.json`, so
 * resolve its entry point and walk up to the folder whose package.json names the package.
 */
export function cjkFontDir(): string {
  const entry = createRequire(import.meta.url).resolve(PACKAGE);
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE) return path.join(dir, 'fonts');
  }
  throw new Error(`cannot find the folder of ${PACKAGE} (resolved to ${entry})`);
}

/** The font files' bytes, read on the first call. Call it at startup to fail early. */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  if (bytes) return bytes;
  const dir = cjkFontDir();
  const read = (file: string) => {
    const p = path.join(dir, file);
    if (!existsSync(p)) throw new Error(`CJK font missing: ${p} (is ${PACKAGE} installed in full?)`);
    return readFileSync(p);
  };
  bytes = { regular: read(FILES.regular), bold: read(FILES.bold) };
  return bytes;
}

/** Parses the bytes with the fontkit that pdfkit depends on; falls back to the bytes themselves. */
function fontSources(): { regular: FontSource; bold: FontSource } {
  if (parsed) return parsed;
  const { regular, bold } = cjkFonts();
  let create: ((b: Buffer) => FontkitFont) | null = null;
  try {
    const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    create = (fromPdfkit('fontkit') as { create: (b: Buffer) => FontkitFont }).create;
  } catch {
    create = null; // pdfkit parses the bytes itself, once per document: slower, same output
  }
  const open = (b: Buffer): FontSource => {
    const font = create?.(b);
    return font && typeof font.layout === 'function' ? font : b;
  };
  parsed = { regular: open(regular), bold: open(bold) };
  return parsed;
}

export type PdfInfo = { title: string; author: string; subject: string; createdAt?: Date };

/**
 * An A4 document (margins 50 pt, pages buffered for page chrome) with the CJK fonts registered
 * as ZH / ZH_BOLD, and `finish()` that ends it and resolves with its bytes.
 */
export function createCjkPdf(info: PdfInfo): { doc: PDFKit.PDFDocument; finish: () => Promise<Buffer> } {
  const fonts = fontSources();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: info.title, Author: info.author, Subject: info.subject, Creator: 'Vigil', ...(info.createdAt ? { CreationDate: info.createdAt } : {}) },
  });
  // A parsed fontkit font is a source pdfkit accepts at run time; its typings only list bytes.
  doc.registerFont(ZH, fonts.regular as PDFKit.Mixins.PDFFontSource);
  doc.registerFont(ZH_BOLD, fonts.bold as PDFKit.Mixins.PDFFontSource);
  doc.font(ZH);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish() {
      doc.end();
      return done;
    },
  };
}

/**
 * Readies the fonts for the first real document: reads and parses them, then renders a
 * throw-away line in each weight, which decodes the CFF tables every subset needs (~0.4 s,
 * once per process). Call it at startup, after the server listens, so that the first
 * signature is not the slow one.
 */
export async function warmCjkFonts(): Promise<void> {
  const { doc, finish } = createCjkPdf({ title: 'warm-up', author: 'Vigil', subject: 'warm-up' });
  doc.font(ZH).text('编号 QR2026-000001：非现场监管').font(ZH_BOLD).text('一、设备信息');
  await finish();
}
