// Time and size of the consent documents: `npx tsx bench/consent-pdf.bench.ts [out-dir]`.
// Renders a signed 4-device installation confirmation from the current template: the first,
// cold render (fonts read and parsed), one warm-up, then 20 timed renders (p50/p95); then the
// unsigned preview and the site notice. Aims: ≤ 1 s per signed PDF, ≤ 300 KB for 4 devices.
// With an out-dir it also writes consent.pdf, preview.pdf and notice.pdf there to look at.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { currentTemplate } from '../api/consent/consent-template.js';
import { analysisCapabilities } from '../core/analysis/capabilities.js';
import { RULE_LABELS } from '../core/analysis/rule-kinds.js';

const CURRENT_TEMPLATE = currentTemplate(analysisCapabilities({ labels: RULE_LABELS }));
import { renderConsentPdf } from '../api/documents/consent-pdf.js';
import type { ConsentPdfInput, NoticePdfInput } from '../api/documents/documents.types.js';
import { renderNoticePdf } from '../api/documents/notice-pdf.js';

const RUNS = 20;

/** A drawn signature as a browser canvas exports it: 600×200 RGBA, a dark stroke on transparent. */
function canvasSignature(width = 600, height = 200): Buffer {
  const stride = width * 4 + 1;
  const raw = Buffer.alloc(stride * height); // filter 0, all pixels transparent black
  for (let x = 40; x < width - 40; x++) {
    const yc = Math.round(height / 2 + Math.sin(x / 28) * (height / 4) + Math.cos(x / 9) * 6);
    for (let y = yc - 2; y <= yc + 2; y++) raw.fill(Buffer.from([20, 20, 60, 255]), y * stride + 1 + x * 4, y * stride + 5 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, not interlaced
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const devices = ['后厨切配区', '后厨烹饪区', '洗消间', '冷库门口'].map((name, i) => ({
  name: `${name}摄像头`,
  kind: 'camera' as const,
  mobility: 'fixed' as const,
  protocol: 'rtmp',
  pointsAt: `${name}操作台`,
  coverage: `${name}全景，含出入口与地面`,
  recordsAudio: i === 3,
  siteId: 's',
}));
const common = { ref: 'QR2026-000123', agencyName: '金华市婺城区卫生健康局', businessName: '婺城区人民医院', siteName: '营养食堂', siteAddress: '金华市婺城区人民路 100 号' };
const terms = {
  purpose: '对食堂食品加工关键环节进行非现场监管',
  retention: '未作为证据使用的音视频至少保存 6 个月；作为证据使用的与案卷保存期限一致',
  viewers: '经授权的卫生健康执法人员；其他人员查阅须书面申请并经负责人批准',
  validFrom: '2026-11-25',
  validUntil: '2027-11-24',
};
const { text, statements } = CURRENT_TEMPLATE.render(
  { ...common, ...terms, creditCode: '12330702MB1234567X', devices, analysis: '', extraTerms: '', amendsRef: null },
  'zh-CN',
);
const consent: ConsentPdfInput = {
  ...common,
  creditCode: '12330702MB1234567X',
  templateVersion: `${CURRENT_TEMPLATE.id}/${CURRENT_TEMPLATE.version}`,
  text,
  textSha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  verifyUrl: 'https://vigil.example.gov.cn/verify/QR2026-000123',
  issuer: { agencyName: common.agencyName, agencyPhone: '0579-82468000', officerName: '张伟', officerCertificateNo: null, issuedAt: new Date('2026-11-24T02:00:00Z'), sealPng: null },
  signature: {
    signerName: '王建国',
    signedAt: new Date('2026-11-24T08:05:03Z'),
    identityMethod: 'email_code',
    identityAddressMasked: 'w***@example.cn',
    ip: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1 MicroMessenger/8.0.44',
    signaturePng: canvasSignature(),
    confirmations: statements.map((s) => ({ text: s.text, confirmedAt: new Date('2026-11-24T08:04:40Z') })),
  },
};
const notice: NoticePdfInput = { ...common, ...terms, devices, contact: '执法一科 0579-82000000', verifyUrl: consent.verifyUrl };

const ms = (t0: number) => performance.now() - t0;
const kb = (b: Buffer) => `${(b.length / 1024).toFixed(1)} KB`;
const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

let t0 = performance.now();
const signed = await renderConsentPdf(consent);
const cold = ms(t0);
await renderConsentPdf(consent); // warm-up
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  await renderConsentPdf(consent);
  times.push(ms(t0));
}
times.sort((a, b) => a - b);
const preview = await renderConsentPdf({ ...consent, signature: null });
t0 = performance.now();
const poster = await renderNoticePdf(notice);
const noticeMs = ms(t0);

console.log(`signed confirmation, 4 devices: cold first render ${cold.toFixed(0)} ms (fonts read + parsed)`);
console.log(`  warm, ${RUNS} runs: p50 ${pct(times, 0.5).toFixed(0)} ms, p95 ${pct(times, 0.95).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms (aim ≤ 1000 ms)`);
console.log(`  size ${kb(signed)} (aim ≤ 300 KB); unsigned preview ${kb(preview)}`);
console.log(`site notice, 4 devices: ${kb(poster)}, ${noticeMs.toFixed(0)} ms`);
const outDir = process.argv[2];
if (outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'consent.pdf'), signed);
  writeFileSync(path.join(outDir, 'preview.pdf'), preview);
  writeFileSync(path.join(outDir, 'notice.pdf'), poster);
  console.log(`written to ${outDir}`);
}
