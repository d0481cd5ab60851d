import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencySeal } from '../../core/seal/agency-seal.js';
import { testDecisionTemplate } from '../../tests/support/test-document-template.js';
import { chineseDate, renderDocumentPdf, type DocumentPdfInput } from './document-pdf.js';
import { createUnsignedSeal } from './unsigned-seal.js';

// The shared renderer of every enforcement document, read back with poppler's pdftotext: the
// Chinese must be text, the agency's full name on every page, a long table over pages.

let dir: string;
beforeAll(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-docpdf-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const squash = (s: string) => s.replace(/\s+/g, '');
function pages(pdf: Buffer): string[] {
  const file = path.join(dir, `d-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  // pdftotext separates pages with a form feed.
  return execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').split('\f').filter((p) => p.trim()).map(squash);
}

const AGENCY = '金华市婺城区卫生健康局';
const issuedAt = new Date('2026-12-06T01:30:00Z');
const template = testDecisionTemplate();
function input(fields: Parameters<typeof template.body>[0], over: Partial<DocumentPdfInput> = {}): DocumentPdfInput {
  return {
    agencyId: 'a1',
    agencyName: AGENCY,
    number: '婺卫医罚〔2026〕12号',
    title: template.title,
    blocks: template.body(fields, { agencyName: AGENCY, number: '婺卫医罚〔2026〕12号', issuedAt }),
    verifyUrl: 'http://127.0.0.1:3000/verify/abcdefghjkmnpqrstvwx',
    version: 1,
    issuedAt,
    sealed: true,
    seal: createUnsignedSeal(),
    ...over,
  };
}
const fields = { party: '婺城区人民医院', address: '金华市婺城区人民路 100 号', facts: '未按规定对重复使用的医疗器械进行清洗消毒。', fineYuan: 20000, items: [], officers: [{ name: '张伟', certificateNo: '33070200123' }, { name: '李强', certificateNo: '33070200456' }] };

describe('renderDocumentPdf', () => {
  it('prints the number, the Chinese body, signers with certificate numbers, the issuer and date, the verify link', async () => {
    const [text, ...rest] = pages(await renderDocumentPdf(input(fields)));
    const all = [text, ...rest].join('');
    for (const s of ['行政处罚决定书', '婺卫医罚〔2026〕12号', '婺城区人民医院', '未按规定对重复使用的医疗器械进行清洗消毒', '执法证号：33070200123', '执法证号：33070200456', '2026年12月6日', '第1页/共', '/verify/abcdefghjkmnpqrstvwx', '电子印章']) expect(all).toContain(squash(s));
  });

  it('a long table runs over pages with its header again; the agency and number head every page', async () => {
    const items = Array.from({ length: 90 }, (_, i) => ({ name: `一次性无菌注射器批次${1000 + i}`, quantity: `${i + 1} 盒` }));
    const ps = pages(await renderDocumentPdf(input({ ...fields, items })));
    expect(ps.length).toBeGreaterThanOrEqual(3);
    ps.forEach((p, i) => {
      expect(p).toContain(AGENCY);
      expect(p).toContain('婺卫医罚〔2026〕12号');
      expect(p).toContain(`第${i + 1}页/共${ps.length}页`);
    });
    // Every row is there once, and the header is repeated on the pages the table runs over.
    const all = ps.join('');
    for (const x of items) expect(all.split(x.name).length - 1).toBe(1);
    const withRows = ps.filter((p) => items.some((x) => p.includes(x.name)));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const p of withRows) for (const h of ['序号', '物品名称', '数量']) expect(p).toContain(h);
  });

  it('a correction says which version it is and why', async () => {
    const all = pages(await renderDocumentPdf(input(fields, { version: 2, correctionReason: '当事人地址门牌号笔误' }))).join('');
    expect(all).toContain('本文书为第2版');
    expect(all).toContain('当事人地址门牌号笔误');
  });

  it('a sealed template is prepared before the end and signed after; an unsealed one is neither', async () => {
    const calls: string[] = [];
    const seal: AgencySeal = {
      prepare: () => void calls.push('prepare'),
      sign: (pdf) => (calls.push('sign'), Promise.resolve(Buffer.concat([pdf, Buffer.from('%signed')]))),
      draw: () => void calls.push('draw'),
      certificate: () => Promise.reject(new Error('unused')),
    };
    const signed = await renderDocumentPdf(input(fields, { seal }));
    expect(calls).toEqual(['draw', 'prepare', 'sign']);
    expect(signed.subarray(-7).toString()).toBe('%signed');
    calls.length = 0;
    await renderDocumentPdf(input(fields, { seal, sealed: false }));
    expect(calls).toEqual([]);
  });

  it('dates are Asia/Shanghai days', () => {
    expect(chineseDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027年1月1日');
  });
});
