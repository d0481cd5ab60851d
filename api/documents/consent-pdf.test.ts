import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, renderConsentPdf } from './consent-pdf.js';
import type { ConsentPdfInput, NoticePdfInput } from './documents.types.js';
import { renderNoticePdf } from './notice-pdf.js';

// Unit tests, no database. The one exception to "no I/O": each PDF is written to a temp file and
// read back with Debian's pdftotext (poppler-utils), the only honest check that the Chinese is
// real, extractable text in the embedded font subset and not shapes or missing glyphs.
let dir = '';
beforeAll(() => void (dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-pdf-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function saved(pdf: Buffer): string {
  const file = path.join(dir, `${++n}.pdf`);
  writeFileSync(file, pdf);
  return file;
}
const textOf = (pdf: Buffer) => squash(execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', saved(pdf), '-']).toString('utf8'));
const infoOf = (pdf: Buffer) => execFileSync('/usr/bin/pdfinfo', ['-isodates', saved(pdf)]).toString('utf8');
/** pdftotext breaks wrapped lines where it likes: compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** A PNG built by hand: 8-bit, not interlaced; `idat` replaces the deflated pixels when given. */
function makePng(width: number, height: number, colorType: 2 | 6, idat?: Buffer): Buffer {
  const bpp = colorType === 6 ? 4 : 3;
  const raw = Buffer.alloc((width * bpp + 1) * height); // filter 0 on every row, all zero
  for (let x = 4; x < width - 4; x++) {
    const y = Math.round(height / 2 + Math.sin(x / 6) * (height / 4));
    raw.fill(0x30, y * (width * bpp + 1) + 1 + x * bpp, y * (width * bpp + 1) + 1 + (x + 1) * bpp); // a dark, opaque stroke
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat ?? deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const devices = ['后厨切配区', '后厨烹饪区', '洗消间', '冷库门口'];
const text = [
  '非现场监管设备安装确认书',
  '编号：QR2026-000012',
  '执法机构：金华市婺城区卫生健康局',
  '行政相对人：婺城区人民医院（统一社会信用代码：12330702MB1234567X）',
  '一、设备信息',
  ...devices.map((d, i) => `（${i + 1}）${d}摄像头：摄像设备，定点；朝向：${d}操作台；覆盖范围：${d}全景；是否录音：${i === 3 ? '是' : '否'}`),
  '二、监管目的',
  '对食堂食品加工关键环节进行非现场监管',
  '三、行政相对人义务',
  '任何机构和个人不得故意损毁、擅自移动、拆除非现场监管设备。设备安装及后续执法行为不影响本单位的正常从业活动。',
  '四、确认事项',
  ...[
    '本单位已知悉并同意：上述设备记录的内容将作为卫生健康行政执法的依据。',
    '本单位承诺不故意损毁、擅自移动、拆除上述设备；设备故障、中断或确需移动时及时报告执法机构。',
    '本单位同意在设备安装场所张贴公告，明示已安装非现场监管设备。',
    '本单位已阅读全部条款（包括分析内容及其局限），知悉有权就本确认书内容提出询问，并已得到解答。',
  ].map((x) => `□ ${x}`),
].join('\n');
const statementTexts = text.split('\n').filter((l) => l.startsWith('□ ')).map((l) => l.slice(2));
/** Ticked 50, 40, 30 and 20 s before signing at 08:05:03Z (16:05:03 in China). */
const ticks = statementTexts.map((t, i) => ({ text: t, confirmedAt: new Date(Date.parse('2026-11-24T08:05:03Z') - (5 - i) * 10_000) }));
const tickTimes = ['2026-11-24 16:04:13 (UTC+8)', '2026-11-24 16:04:23 (UTC+8)', '2026-11-24 16:04:33 (UTC+8)', '2026-11-24 16:04:43 (UTC+8)'];
const hash = 'c0ffee'.repeat(10) + 'beef';
const signed: ConsentPdfInput = {
  ref: 'QR2026-000012',
  agencyName: '金华市婺城区卫生健康局',
  businessName: '婺城区人民医院',
  creditCode: '12330702MB1234567X',
  siteName: '营养食堂',
  siteAddress: '金华市婺城区人民路 100 号',
  templateVersion: 'device-consent/v1',
  text,
  textSha256: hash,
  verifyUrl: 'https://vigil.example.gov.cn/verify/QR2026-000012',
  issuer: { agencyName: '金华市婺城区卫生健康局', agencyPhone: '0579-82468000', officerName: '张伟', officerCertificateNo: '浙卫执 33070200123', issuedAt: new Date('2026-11-24T02:00:00Z'), sealPng: null },
  signature: {
    signerName: '王建国',
    signedAt: new Date('2026-11-24T08:05:03Z'),
    identityMethod: 'sms_code',
    identityAddressMasked: '138****0000',
    ip: '192.0.2.10',
    userAgent: `Mozilla/5.0 ${'x'.repeat(300)}`,
    signaturePng: makePng(240, 80, 6),
    confirmations: ticks,
  },
};
const notice: NoticePdfInput = {
  ref: 'QR2026-000012',
  agencyName: signed.agencyName,
  businessName: signed.businessName,
  siteName: signed.siteName,
  siteAddress: signed.siteAddress,
  devices: devices.map((d, i) => ({ name: `${d}摄像头`, kind: 'camera', mobility: 'fixed', pointsAt: `${d}操作台`, coverage: `${d}全景`, recordsAudio: i === 3 })),
  purpose: '对食堂食品加工关键环节进行非现场监管',
  retention: '至少保存 6 个月',
  viewers: '经授权的卫生健康执法人员',
  validFrom: '2026-11-25',
  validUntil: '2027-11-24',
  contact: '0579-82468000',
  verifyUrl: signed.verifyUrl,
};
const withPng = (png: Buffer): ConsentPdfInput => ({ ...signed, signature: { ...signed.signature!, signaturePng: png } });

describe('consent documents', { timeout: 30_000 }, () => {
  it('prints the wall time in China', () => {
    expect(chinaTime(new Date('2026-11-24T16:05:03Z'))).toBe('2026-11-25 00:05:03 (UTC+8)');
  });

  it('the signed confirmation carries the text, the business, the signer, the time in China, the hash and the ref', async () => {
    const pdf = await renderConsentPdf(signed);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(300 * 1024);
    const info = infoOf(pdf);
    expect(info).toMatch(/^Title:\s+非现场监管设备安装确认书$/m);
    expect(info).toMatch(/^Author:\s+金华市婺城区卫生健康局$/m);
    expect(info).toMatch(/^Subject:\s+QR2026-000012$/m);
    expect(info).toMatch(/^CreationDate:\s+2026-11-24T08:05:03Z$/m); // the signing time, not "now"
    const out = textOf(pdf);
    const expected = ['非现场监管设备安装确认书', '后厨切配区摄像头：摄像设备，定点', '冷库门口全景；是否录音：是', '任何机构和个人不得故意损毁、擅自移动、拆除非现场监管设备', '上述设备记录的内容将作为卫生健康行政执法的依据', '婺城区人民医院', '签署记录', '王建国', '2026-11-24 16:05:03 (UTC+8)', '短信验证码', '138****0000', hash, 'QR2026-000012', '第 1 页 / 共'];
    for (const s of expected) expect(out).toContain(squash(s));
    expect(out).not.toContain('x'.repeat(130)); // the user agent is cut to ~120 characters
    expect(out).not.toContain('草稿');
  });

  it('the signed confirmation shows every ticked statement ticked, with the time it was ticked', async () => {
    const out = textOf(await renderConsentPdf(signed));
    expect(out.match(/✓/g)).toHaveLength(4);
    // pdftotext places the box glyph where it likes among the line's words: read the text without it.
    const words = out.replace(/[□✓]/g, '');
    for (const [i, s] of statementTexts.entries()) expect(words).toContain(squash(`${s}已勾选确认\u3000${tickTimes[i]}`));
    expect(out).toContain(squash('已逐项勾选 4 / 4 项'));
  });

  it('a statement the signer did not tick stays an empty box, without a time', async () => {
    const out = textOf(await renderConsentPdf({ ...signed, signature: { ...signed.signature!, confirmations: ticks.slice(0, 3) } }));
    expect(out.match(/✓/g)).toHaveLength(3);
    expect(out).not.toContain(squash(tickTimes[3]));
    expect(out.match(/已勾选确认/g)).toHaveLength(3);
    expect(out.match(/□/g)).toHaveLength(4); // every statement keeps its box; only three have the tick in it
    expect(out).toContain(squash('已逐项勾选 3 / 4 项'));
  });

  it("the agency's side is on the document: agency, its phone, the issuing officer and when, and the seal placeholder", async () => {
    const out = textOf(await renderConsentPdf(signed));
    for (const s of ['执法机构 / Issuing agency', '金华市婺城区卫生健康局', '联系电话', '0579-82468000', '发起人', '张伟（执法证号：浙卫执 33070200123）', '发送时间', '2026-11-24 10:00:00 (UTC+8)', '电子印章', '未加盖', '此处未加盖印章']) {
      expect(out).toContain(squash(s));
    }
    const preview = textOf(await renderConsentPdf({ ...signed, issuer: { ...signed.issuer, issuedAt: null, officerCertificateNo: null }, signature: null }));
    expect(preview).toContain(squash('发起人张伟'));
    expect(preview).toContain(squash('未发送（草稿）'));
    expect(preview).not.toContain('✓');
  });

  it('an unsigned preview is watermarked on every page, has no signature box, and still shows the hash', async () => {
    const out = textOf(await renderConsentPdf({ ...signed, signature: null }));
    expect(out).toContain('草稿·未签署');
    expect(out).toContain(hash);
    expect(out).not.toContain('签署记录');
    expect(out).not.toContain('王建国');
  });

  it('English chrome labels leave the signed text as it is', async () => {
    const out = textOf(await renderConsentPdf({ ...signed, lang: 'en' }));
    for (const s of ['Signer', 'Page 1 of', '非现场监管设备安装确认书', '上述设备记录的内容将作为卫生健康行政执法的依据']) expect(out).toContain(squash(s));
  });

  it('a signature that is not a PNG is refused with an error', async () => {
    await expect(renderConsentPdf(withPng(Buffer.from('definitely not a png, just bytes')))).rejects.toThrow(Error);
  });

  // Without the check in signature-png.ts pdfkit inflates an RGBA PNG in a zlib callback and throws
  // there: an uncaught exception that would end this worker instead of rejecting.
  it('a PNG with corrupt pixel data is refused with an error, not a crash', async () => {
    await expect(renderConsentPdf(withPng(makePng(240, 80, 6, Buffer.from('not zlib data at all'))))).rejects.toThrow(/corrupt image data/);
    const truncated = makePng(240, 80, 6).subarray(0, 60);
    await expect(renderConsentPdf(withPng(truncated))).rejects.toThrow(/not a usable PNG/);
    const badRows = deflateSync(Buffer.alloc((240 * 4 + 1) * 80, 9)); // filter type 9 does not exist
    await expect(renderConsentPdf(withPng(makePng(240, 80, 6, badRows)))).rejects.toThrow(/bad filter/);
  });

  it('an opaque RGB signature is drawn too', async () => {
    const pdf = await renderConsentPdf(withPng(makePng(300, 100, 2)));
    expect(textOf(pdf)).toContain('王建国');
  });

  it('the site notice names the site, the devices, audio, validity and the duty not to damage them', async () => {
    const pdf = await renderNoticePdf(notice);
    expect(pdf.length).toBeLessThan(300 * 1024);
    const out = textOf(pdf);
    for (const s of ['非现场监管公告', '本场所已安装非现场监管设备', '婺城区人民医院', '洗消间摄像头', '冷库门口操作台', '录音', '2026-11-25至2027-11-24', '不得故意损毁', '金华市婺城区卫生健康局', '联系方式：0579-82468000', 'QR2026-000012']) {
      expect(out).toContain(squash(s));
    }
  });

  // The parsed fonts are shared by every document in the process (see pdf-fonts.ts); each
  // document must still get its own subset, with the glyphs of its own text.
  it('documents rendered side by side each get their own glyphs', async () => {
    const [a, b, c] = await Promise.all([renderConsentPdf(signed), renderNoticePdf(notice), renderConsentPdf({ ...signed, signature: null })]);
    expect(textOf(a)).toContain('王建国');
    expect(textOf(b)).toContain('非现场监管公告');
    expect(textOf(c)).toContain('草稿');
  });
});
