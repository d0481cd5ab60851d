// Time and size of the consent documents: `npx tsx bench/consent-pdf.bench.ts`.
// Renders a signed 4-device confirmation (cold, then 20 warm runs) and the site notice.
import { CURRENT_TEMPLATE } from '../api/consent/consent-template.js';
import { renderConsentPdf } from '../api/documents/consent-pdf.js';
import { renderNoticePdf } from '../api/documents/notice-pdf.js';
import { signaturePng } from '../tests/support/signature-png.js';
import { createHash } from 'node:crypto';

const devices = ['后厨切配区', '后厨烹饪区', '洗消间', '冷库门口'].map((name, i) => ({
  name: `${name}摄像头`, kind: 'camera' as const, mobility: 'fixed' as const, protocol: 'rtmp', pointsAt: `${name}操作台`, coverage: `${name}全景`, recordsAudio: i === 3, siteId: 's',
}));
const common = { ref: 'QR2026-000123', agencyName: '金华市婺城区卫生健康局', businessName: '婺城区人民医院', siteName: '营养食堂', siteAddress: '金华市婺城区人民路 100 号' };
const { text } = CURRENT_TEMPLATE.render({ ...common, creditCode: '12330702MB1234567X', devices, purpose: '对食堂食品加工关键环节进行非现场监管', analysis: '智能识别未戴口罩、未戴帽子、吸烟、鼠患等风险行为', retention: '未作为证据使用的音视频至少保存 6 个月；作为证据使用的与案卷保存期限一致', viewers: '经授权的卫生健康执法人员；其他人员查阅须书面申请并经负责人批准', extraTerms: '', validFrom: '2026-11-25', validUntil: '2027-11-24', amendsRef: null }, 'zh-CN');
const png = Buffer.from(signaturePng().split(',')[1], 'base64');
const input = {
  ...common, creditCode: '12330702MB1234567X', templateVersion: 'device-consent/v1', text, textSha256: createHash('sha256').update(text).digest('hex'), verifyUrl: 'https://vigil.example.gov.cn/verify/QR2026-000123',
  signature: { signerName: '王建国', signedAt: new Date(), identityMethod: 'email_code' as const, identityAddressMasked: 'h***@example.cn', ip: '192.0.2.10', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)', signaturePng: png },
};
let t0 = performance.now();
const first = await renderConsentPdf(input);
const cold = performance.now() - t0;
const times: number[] = [];
for (let i = 0; i < 20; i++) {
  t0 = performance.now();
  await renderConsentPdf(input);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const notice = await renderNoticePdf({ ...common, devices, purpose: '非现场监管', retention: '6 个月', viewers: '授权执法人员', validFrom: '2026-11-25', validUntil: '2027-11-24', contact: '0579-82000000', verifyUrl: input.verifyUrl });
console.log(`signed confirmation, 4 devices: cold ${cold.toFixed(0)} ms, warm p50 ${times[10].toFixed(0)} ms, p95 ${times[18].toFixed(0)} ms, ${(first.length / 1024).toFixed(0)} KB`);
console.log(`site notice, 4 devices: ${(notice.length / 1024).toFixed(0)} KB`);
if (process.argv[2]) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${process.argv[2]}/consent.pdf`, first);
  writeFileSync(`${process.argv[2]}/notice.pdf`, notice);
}
