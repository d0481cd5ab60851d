// The self-verifying case file (issue 14 item 6 figures): a case on the running platform whose
// evidence is one hour of recorded video (360 FLV segments of 10 s at ~1 Mbps, made by ffmpeg and
// recorded as the recorder records them) plus the clip cut from them and a snapshot; filed, its
// filing approved (PDFs issued). Measured: the export over HTTP (request → last byte on disk) with
// the platform process's resident memory (it must not hold the bundle); `verifyBundle` offline in
// this process and `npm run verify -- case.zip` as a command; the bundle's index.html in Chromium
// from disk (the page's own timer). Aims: export ≤ 10 s, offline ≤ 2 s, browser ≤ 5 s.
// `npx tsx bench/case-export.bench.ts` (BENCH_MINUTES, default 60; BENCH_KBPS, default 1000;
// segments are cached under the OS temp folder between runs).
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { openFindingForConfirmedFlag } from '../api/findings/finding.service.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { verifyBundle } from '../core/bundle/bundle-verify.js';
import { createDb } from '../core/db/connect.js';
import { attachClip, encodeSegments, publishSession, recordSegments, snapshotBlob } from '../tests/support/case-media.js';
import { launchBrowser } from '../tests/support/browser.js';
import { httpLogin, type HttpSession } from '../tests/support/http-client.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { insertFlags } from '../tests/support/review-flags.js';

const exec = promisify(execFile);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 60);
const KBPS = Number(process.env.BENCH_KBPS ?? 1000);
const SEGMENT_S = 10;
const COUNT = (MINUTES * 60) / SEGMENT_S;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-case-export-bench-'));

// One hour of camera video, encoded once and kept for later runs.
const cache = path.join(os.tmpdir(), `vigil-bench-video-${MINUTES}min-${KBPS}k`);
if (!existsSync(cache) || readdirSync(cache).filter((f) => f.endsWith('.flv')).length < COUNT) {
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const t0 = performance.now();
  process.stdout.write(`encoding ${MINUTES} min of 640×360 video at ${KBPS} kbps into ${COUNT} segments…\n`);
  await encodeSegments(cache, { count: COUNT, seconds: SEGMENT_S, size: '640x360', kbps: KBPS });
  process.stdout.write(`  encoded in ${s(performance.now() - t0)}\n`);
}
const files = readdirSync(cache).filter((f) => /^seg-\d+\.flv$/.test(f)).sort().slice(0, COUNT).map((f) => path.join(cache, f));

/** The platform process (found by its DATA_DIR): its resident memory now and at its peak, in MB, and the CPU seconds it used so far. */
function platformMemory(dataDir: string): () => { rss: number; hwm: number; cpu: number } {
  const pid = readdirSync('/proc').find((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`DATA_DIR=${dataDir}`) && readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('main.ts');
    } catch {
      return false;
    }
  });
  return () => {
    if (!pid) return { rss: NaN, hwm: NaN, cpu: NaN };
    const st = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)?.[1] ?? NaN) / 1024;
    // utime and stime, in clock ticks (100 a second), after the command name in parentheses.
    const ticks = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1].split(' ');
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), cpu: (Number(ticks[11]) + Number(ticks[12])) / 100 };
  };
}

const platform = await startPlatform({ ANALYZER_ENABLED: '0' });
const { db, pool } = createDb(platformAdminUrl(platform), 4);
try {
  const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  const manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  const admin = await httpLogin(platform.url, 'admin', platform.logins.get('admin')!);
  const me = await db.selectFrom('users').select('agency_id').where('id', '=', officer.user.id).executeTakeFirstOrThrow();
  await admin.call('POST', '/api/admin/users', { username: 'officer.wc2', displayName: '李娜', role: 'officer', agencyId: me.agency_id, certificateNo: '浙卫执字第20262号' });
  const officer2 = (await db.selectFrom('users').select('id').where('username', '=', 'officer.wc2').executeTakeFirstOrThrow()).id;
  const hosp = await db.selectFrom('users').select('business_id').where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const deviceId = (await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow()).id;

  const blobs = createFsBlobStore(path.join(platform.dataDir, 'blobs'));
  const ended = new Date(Date.now() - 3600_000);
  const shot = await snapshotBlob(db, blobs, tmp, 'snapshot');
  const [flag] = await insertFlags(db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - MINUTES * 60_000 + 30_000), ended_at: ended, snapshot_sha256: shot.sha256 }]);
  const session = await publishSession(db, deviceId, officer.user.id, 'QR2026-990001');
  let t0 = performance.now();
  const segments = await recordSegments(db, blobs, { deviceId, sessionId: session, flagId: flag.id, files, seconds: SEGMENT_S, endsAt: new Date(ended.getTime() + 5000), firstSeq: 1 });
  process.stdout.write(`recorded ${segments.length} segments in ${s(performance.now() - t0)}\n`);
  await attachClip(db, blobs, { flagId: flag.id, segments: segments.slice(-8), from: new Date(ended.getTime() - 60_000), to: ended, workDir: tmp });
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));

  type Ws = { case: { id: string; version: number }; evidence: { id: string; version: number }[] };
  const filed = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理。', headId: manager.user.id });
  const id = filed.case.id;
  const points = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'];
  for (const e of filed.evidence) await officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(points.map((p) => [p, { met: true }])), expectedVersion: e.version });
  const stage = async (who: HttpSession, body: Record<string, unknown>) => who.call('POST', `/api/cases/${id}/stages`, { expectedVersion: (await officer.call<Ws>('GET', `/api/cases/${id}`)).case.version, ...body });
  await stage(officer, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。', basis: '当事人涉嫌违反《消毒管理办法》第四条的规定。' } });
  await stage(manager, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });

  // The export, twice (the second with the platform warm); each to a file on disk.
  const mem = platformMemory(platform.dataDir);
  const zip = path.join(tmp, 'case.zip');
  const exports: number[] = [];
  const exportCpu: number[] = [];
  let peak = 0;
  for (let run = 0; run < 2; run++) {
    const before = mem();
    const sampler = setInterval(() => (peak = Math.max(peak, mem().rss)), 50);
    t0 = performance.now();
    const res = await fetch(`${platform.url}/api/cases/${id}/export`, { headers: { cookie: officer.cookie } });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(zip));
    exports.push(performance.now() - t0);
    clearInterval(sampler);
    exportCpu.push(mem().cpu - before.cpu);
    process.stdout.write(`export run ${run + 1}: ${s(exports[run])} (platform CPU ${exportCpu[run].toFixed(2)} s), platform RSS before ${before.rss.toFixed(0)} MB, peak while exporting ${peak.toFixed(0)} MB\n`);
  }
  const size = readFileSync(zip).length;

  // The zip itself, by another reader that checks every CRC.
  await exec('python3', ['-c', 'import sys, zipfile; bad = zipfile.ZipFile(sys.argv[1]).testzip(); sys.exit(1 if bad else 0)', zip]);
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const report = await verifyBundle(zip);
  const offline = performance.now() - t0;
  const offlineCpu = process.cpuUsage(cpu0);
  if (!report.ok) throw new Error(`bundle did not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
  t0 = performance.now();
  const cli = await exec(process.execPath, ['--import', 'tsx', 'core/ledger/verify.cli.ts', zip], { env: { ...process.env, DATABASE_URL: '' } });
  const command = performance.now() - t0;
  if (!cli.stdout.includes('OK')) throw new Error(cli.stdout);

  // The clerk's browser: index.html from disk, the zip picked; the page times its own check.
  const page0 = path.join(tmp, 'index.html');
  writeFileSync(page0, unzipSync(new Uint8Array(readFileSync(zip)), { filter: (f) => f.name === 'index.html' })['index.html']);
  const browser = await launchBrowser();
  const browserRuns: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`file://${page0}`);
    for (let run = 0; run < 2; run++) {
      await page.reload();
      t0 = performance.now();
      await page.setInputFiles('#zip', zip);
      await page.waitForFunction(() => /全部通过|未通过/.test(document.getElementById('verdict')?.textContent ?? ''), undefined, { timeout: 120_000 });
      const wall = performance.now() - t0;
      const verdict = await page.locator('#verdict').textContent();
      const timing = (await page.locator('#timing').textContent()) ?? '';
      const own = Number(/用时 ([\d.]+) 秒/.exec(timing)?.[1] ?? NaN) * 1000;
      if (verdict !== '全部通过') throw new Error(`browser verdict: ${verdict} ${await page.locator('#problems').textContent()}`);
      browserRuns.push(own);
      process.stdout.write(`browser run ${run + 1}: page's check ${s(own)} (setInputFiles → verdict ${s(wall)}): ${timing}\n`);
    }
  } finally {
    await browser.close();
  }

  const line =
    `case file of ${MINUTES} min video (${COUNT} segments + clip + snapshot, ${report.documents} documents, ${report.entries} ledger entries, ${report.files} files, ${(size / 1e6).toFixed(0)} MB): ` +
    `export ${s(exports[0])} cold / ${s(exports[1])} warm (aim ≤ 10 s; platform CPU ${exportCpu.map((c) => c.toFixed(1)).join(' / ')} s), platform RSS peak ${peak.toFixed(0)} MB; ` +
    `offline verify ${s(offline)} in-process (CPU ${((offlineCpu.user + offlineCpu.system) / 1e6).toFixed(2)} s), ${s(command)} as \`npm run verify -- case.zip\` incl. start-up (aim ≤ 2 s); ` +
    `browser ${s(Math.min(...browserRuns))}–${s(Math.max(...browserRuns))} (aim ≤ 5 s); load ${os.loadavg()[0].toFixed(1)}`;
  process.stdout.write(`${line}\n`);
} finally {
  await pool.end();
  await platform.stop();
  // BENCH_KEEP=1 keeps the bundle (its path printed) for trying the page or the command on it.
  if (process.env.BENCH_KEEP) process.stdout.write(`bundle kept: ${path.join(tmp, 'case.zip')}\n`);
  else rmSync(tmp, { recursive: true, force: true });
}
