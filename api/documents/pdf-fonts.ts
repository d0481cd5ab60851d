import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Noto Sans Hans (SIL OFL 1.1) from the @embedpdf/fonts-sc package: real CJK text in PDFs,
 * subset by pdfkit to the characters used. Read once per process.
 */
let cache: { regular: Buffer; bold: Buffer } | null = null;

export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  if (cache) return cache;
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  const dir = path.join(path.dirname(entry), '..', 'fonts');
  cache = { regular: readFileSync(path.join(dir, 'NotoSansHans-Regular.otf')), bold: readFileSync(path.join(dir, 'NotoSansHans-Bold.otf')) };
  return cache;
}
