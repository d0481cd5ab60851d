import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { createCjkPdf, ZH } from '../../api/documents/pdf-fonts.js';
import type { Database } from '../../core/db/database.js';
import type { AgencySeal, SealInfo } from '../../core/seal/agency-seal.js';

const run = promisify(execFile);

/** The page text of the sample decision (each page says which it is). */
export const DECISION_LINE = '经查，当事人未按规定对医疗废物进行分类收集，违反了《医疗废物管理条例》第十六条的规定。';

/**
 * A three-page decision-like PDF: Chinese text on every page, the agency's seal drawn on the
 * last page over the text (centre `sealAt`), and, unless `prepare` is false, the signature
 * placeholder reserved before the end.
 */
export async function sampleDecisionPdf(seal: AgencySeal, info: SealInfo, opts: { prepare?: boolean; sealAt?: { x: number; y: number; diameter: number } } = {}): Promise<Buffer> {
  const { doc, finish } = createCjkPdf({ title: '行政处罚决定书', author: info.agencyName, subject: '行政处罚决定书' });
  for (let page = 1; page <= 3; page++) {
    if (page > 1) doc.addPage();
    doc.font(ZH).fontSize(16).text(`行政处罚决定书（第 ${page} 页）`, { align: 'center' });
    doc.fontSize(11);
    for (let i = 0; i < 18; i++) doc.text(DECISION_LINE);
  }
  const at = opts.sealAt ?? { x: 400, y: 300, diameter: 119 };
  seal.draw(doc, at, info.agencyName);
  doc.text('（印章）此处文字在印章之后写出', 50, 700);
  if (opts.prepare !== false) seal.prepare(doc, info);
  return finish();
}

/** Runs a poppler tool on the PDF (written to a temp file); its stdout, also on a non-zero exit. */
export async function poppler(tool: 'pdfsig' | 'pdftotext', pdf: Buffer, args: string[] = []): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const out = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])]).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: `${err.stdout ?? ''}${err.stderr ?? ''}` }));
    return out.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page rendered by pdftoppm at `dpi` as RGB pixels (PPM, read here: no image library needed). */
export async function renderPage(pdf: Buffer, page: number, dpi = 100): Promise<{ width: number; height: number; rgb(x: number, y: number): [number, number, number] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    await run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    const ppm = readFileSync(path.join(dir, 'page.ppm'));
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'));
    if (!header) throw new Error('pdftoppm did not write a binary PPM');
    const [width, height] = [Number(header[1]), Number(header[2])];
    const data = ppm.subarray(header[0].length);
    return { width, height, rgb: (x, y) => { const i = (Math.round(y) * width + Math.round(x)) * 3; return [data[i], data[i + 1], data[i + 2]]; } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An agency row for seal tests (a province: no parent needed); returns its id. */
export async function insertSealAgency(admin: Kysely<Database>, name: string, code: string): Promise<string> {
  const row = await sql<{ id: string }>`INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', ${name}, ${name.slice(0, 4)}, ${code}, ${`/${code}/`}) RETURNING id`.execute(admin);
  return row.rows[0].id;
}
