// Field uploads (R10) over HTTP against the real platform: `npx tsx bench/field-upload.bench.ts`.
// Starts `main.ts --demo` on a fresh DATA_DIR, logs in officer.wc and, BENCH_RUNS times (default 3),
// uploads BENCH_MB MiB (default 256) of random bytes into the demo hospital's first device with tus 1.0
// (creation + PATCHes of BENCH_CHUNK_MB MiB, default 8), then completes it (hash of what arrived, check
// against the declared SHA-256, write-once into the blob store). Prints the transfer rate and the
// completion time (the hash and store step the officer waits for after the last byte).
import { createHash, randomBytes } from 'node:crypto';
import { startPlatform } from '../tests/support/platform-process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = Number(process.env.BENCH_MB ?? 256);
const CHUNK = Number(process.env.BENCH_CHUNK_MB ?? 8) * 1024 * 1024;
const platform = await startPlatform();
const base = platform.url;
const b64 = (s: string) => Buffer.from(s).toString('base64');

try {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer.wc', password: platform.logins.get('officer.wc') }) });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrfToken, user } = (await res.json()) as { csrfToken: string; user: { id: string } };
  const h = { cookie, 'x-csrf-token': csrfToken, 'tus-resumable': '1.0.0' };
  const bizLogin = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'biz.hosp', password: platform.logins.get('biz.hosp') }) });
  const businessId = ((await bizLogin.json()) as { user: { businessId: string } }).user.businessId;
  const detail = (await (await fetch(`${base}/api/businesses/${businessId}`, { headers: h })).json()) as { sites: { devices: { id: string }[] }[] };
  const deviceId = detail.sites.flatMap((s) => s.devices)[0].id;

  const rates: number[] = [];
  const completes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const bytes = randomBytes(MB * 1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const to = new Date(Date.now() - 3600_000).toISOString();
    const meta = { filename: `DSJ_${run}.mp4`, filetype: 'video/mp4', kind: 'video', target: 'device', targetId: deviceId, capturedFrom: new Date(Date.now() - 7200_000).toISOString(), capturedTo: to, matter: '基准测试', officers: user.id, sha256: sha };
    const created = await fetch(`${base}/api/uploads/tus`, { method: 'POST', headers: { ...h, 'upload-length': String(bytes.length), 'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${b64(v)}`).join(',') } });
    if (created.status !== 201) throw new Error(`create → ${created.status} ${await created.text()}`);
    const loc = created.headers.get('location')!;
    const t0 = performance.now();
    for (let at = 0; at < bytes.length; at += CHUNK) {
      const r = await fetch(base + loc, { method: 'PATCH', headers: { ...h, 'upload-offset': String(at), 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(bytes.subarray(at, at + CHUNK)) });
      if (r.status !== 204) throw new Error(`PATCH → ${r.status} ${await r.text()}`);
    }
    const t1 = performance.now();
    const done = await fetch(`${base}/api/mobile-recordings/${loc.split('/').pop()}/complete`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: '{}' });
    const t2 = performance.now();
    if (done.status !== 200) throw new Error(`complete → ${done.status} ${await done.text()}`);
    rates.push(MB / ((t1 - t0) / 1000));
    completes.push(t2 - t1);
    console.log(`run ${run + 1}: ${MB} MiB sent in ${((t1 - t0) / 1000).toFixed(2)} s (${(MB / ((t1 - t0) / 1000)).toFixed(0)} MiB/s), completed (hash + store) in ${(t2 - t1).toFixed(0)} ms`);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`field upload over local HTTP, ${MB} MiB in ${CHUNK / 1024 / 1024} MiB PATCHes, ${RUNS} runs: median ${mid(rates).toFixed(0)} MiB/s; completion median ${mid(completes).toFixed(0)} ms (${(MB / (mid(completes) / 1000)).toFixed(0)} MiB/s hashed and stored)`);
} finally {
  await platform.stop();
}
