import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signaturePng } from '../../tests/support/signature-png.js';
import { renderConsentPdf } from './consent-pdf.js';
import type { ConsentPdfInput } from './documents.types.js';
import { renderNoticePdf } from './notice-pdf.js';

// Reads the PDFs back with Debian's pdftotext (poppler-utils): the only way to know the Chinese
// text is real, extractable text. That one process spawn is the only I/O here.
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const textOf = (pdf: Buffer) => {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
};

const text = ['非现场监管设备安装确认书', '编号：QR2026-000007', '一、设备信息', '（1）后厨 1 号：摄像设备，定点', '二、监管目的', '对后厨关键环节进行非现场监管', '九、确认事项', '□ 本单位已知悉并同意：上述设备记录的内容将作为卫生健康行政执法的依据。'].join('\n');
const input: ConsentPdfInput = {
  ref: 'QR2026-000007',
  agencyName: '金华市婺城区卫生健康局',
  businessName: '婺城区人民医院',
  creditCode: '12330702MB1234567X',
  siteName: '营养食堂',
  siteAddress: '人民路 100 号',
  templateVersion: 'device-consent/v1',
  text,
  textSha256: 'ab'.repeat(32),
  verifyUrl: 'http://127.0.0.1:3000/verify/QR2026-000007',
  signature: { signerName: '王建国', signedAt: new Date('2026-11-24T08:05:03Z'), identityMethod: 'email_code', identityAddressMasked: 'h***@example.cn', ip: '127.0.0.1', userAgent: 'test', signaturePng: Buffer.from(signaturePng().split(',')[1], 'base64') },
};

describe('consent documents', () => {
  it('the signed confirmation carries the Chinese text, the signer, the time in China and the text hash', async () => {
    const pdf = await renderConsentPdf(input);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(300 * 1024);
    const out = textOf(pdf);
    for (const s of ['非现场监管设备安装确认书', '上述设备记录的内容将作为卫生健康行政执法的依据', '王建国', '2026-11-2416:05:03', 'ab'.repeat(32), 'QR2026-000007', '签署记录']) expect(out).toContain(s);
    expect(out).not.toContain('草稿');
  });

  it('an unsigned preview says so on the page', async () => {
    const out = textOf(await renderConsentPdf({ ...input, signature: null }));
    expect(out).toContain('草稿');
    expect(out).not.toContain('签署记录');
  });

  it('a signature that is not an image is refused with an error, not a crash', async () => {
    await expect(renderConsentPdf({ ...input, signature: { ...input.signature!, signaturePng: Buffer.from('definitely not a png') } })).rejects.toThrow();
  });

  it('the site notice names the devices and the duty not to damage them', async () => {
    const pdf = await renderNoticePdf({ ref: 'QR2026-000007', agencyName: '金华市婺城区卫生健康局', businessName: '婺城区人民医院', siteName: '营养食堂', siteAddress: '人民路 100 号', devices: [{ name: '后厨 1 号', kind: 'camera', mobility: 'fixed', pointsAt: '切配区', coverage: '切配台', recordsAudio: false }], purpose: '非现场监管', retention: '6 个月', viewers: '授权执法人员', validFrom: '2026-11-25', validUntil: '2027-11-24', contact: '', verifyUrl: input.verifyUrl });
    const out = textOf(pdf);
    for (const s of ['非现场监管公告', '后厨1号', '不得故意损毁', '婺城区人民医院', 'QR2026-000007']) expect(out).toContain(s);
  });
});
