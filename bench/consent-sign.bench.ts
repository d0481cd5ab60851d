// Sign → signed PDF available, over HTTP against the real platform: `npx tsx bench/consent-sign.bench.ts`.
// Starts `main.ts --demo` on a fresh DATA_DIR (mail captured locally), gives the demo hospital
// canteen 4 devices, then 10 times: draft + propose a consent, request the code, read it from
// the demo mailbox, sign, and fetch the signed PDF. Prints p50/p95 of sign and of sign → PDF.
import { signaturePng } from '../tests/support/signature-png.js';
import { startPlatform } from '../tests/support/platform-process.js';
import { httpLogin } from '../tests/support/http-client.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const platform = await startPlatform();
const base = platform.url;

const login = (username: string) => httpLogin(base, username, platform.logins.get(username) ?? '');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
try {
  const officer = await login('officer.wc');
  const biz = await login('biz.hosp');
  type Detail = { sites: { id: string; name: string; devices: { id: string }[] }[] };
  const detail = await officer.call<Detail>('GET', `/api/businesses/${biz.user.businessId}`);
  const site = detail.sites[0];
  for (let i = site.devices.length; i < 4; i++) {
    await officer.call('POST', `/api/sites/${site.id}/devices`, { name: `后厨摄像头 ${i + 1}`, kind: 'camera', mobility: 'fixed', pointsAt: `操作区 ${i + 1}`, coverage: '操作台', recordsAudio: false });
  }
  const deviceIds = (await officer.call<Detail>('GET', `/api/businesses/${biz.user.businessId}`)).sites[0].devices.map((d) => d.id);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
  const signMs: number[] = [];
  const toPdfMs: number[] = [];
  let size = 0;
  let noticeSize = 0;
  for (let run = 0; run < RUNS; run++) {
    type C = { id: string; version: number; textSha256: string; statements: { key: string }[] };
    const draft = await officer.call<C>('POST', '/api/consents', { siteId: site.id, deviceIds, purpose: '对食堂食品加工关键环节进行非现场监管', retention: '未作为证据使用的音视频至少保存 6 个月', viewers: '经授权的执法人员', validFrom: today, validUntil: until });
    const proposed = await officer.call<C>('POST', `/api/consents/${draft.id}/propose`, { version: draft.version });
    await biz.call('POST', `/api/consents/${proposed.id}/code`, { channel: 'email' });
    const box = await biz.call<{ items: { subject: string; body: string }[] }>('GET', '/api/dev/mailbox');
    const code = /验证码[:：]\s*(\d{6})/.exec(box.items.find((m) => m.subject.startsWith('签署验证码'))!.body)![1];
    const t0 = performance.now();
    const signed = await biz.call<C>('POST', `/api/consents/${proposed.id}/sign`, { code, signerName: '王建国', confirmed: proposed.statements.map((s) => s.key), signaturePng: signaturePng(), textSha256: proposed.textSha256 });
    signMs.push(performance.now() - t0);
    const pdf = await biz.call<Buffer>('GET', `/api/consents/${signed.id}/confirmation.pdf`);
    toPdfMs.push(performance.now() - t0);
    size = pdf.length;
    noticeSize = (await biz.call<Buffer>('GET', `/api/consents/${signed.id}/notice.pdf`)).length;
    await officer.call('POST', `/api/consents/${signed.id}/revoke`, { reason: '基准测试', version: signed.version });
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  console.log(`sign (code check, 2 PDFs rendered and stored, ledgered), ${RUNS} runs: first ${signMs[0].toFixed(0)} ms, p50 ${pct(signMs, 50).toFixed(0)} ms, p95 ${pct(signMs, 95).toFixed(0)} ms`);
  console.log(`sign → signed PDF downloaded: p50 ${pct(toPdfMs, 50).toFixed(0)} ms, p95 ${pct(toPdfMs, 95).toFixed(0)} ms (aim ≤ 1000 ms)`);
  console.log(`signed confirmation PDF, 4 devices: ${(size / 1024).toFixed(0)} KB; site notice: ${(noticeSize / 1024).toFixed(0)} KB (aim ≤ 300 KB)`);
} finally {
  await platform.stop();
}
