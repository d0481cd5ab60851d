import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { watchConsole } from '../support/browser.js';
import { verifyCli, writeBundleFolder } from '../support/case-bundle.js';
import { attachClip, encodeSegments, publishSession, recordSegments, snapshotBlob } from '../support/case-media.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { insertFlags } from '../support/review-flags.js';
import { CaseWorkspacePage } from './case-pages.js';
import { expectNoConsoleErrors, loggedInPage, startBrowserPlatform } from './pages.js';

// Issue 14 item 6 in Chromium: a case filed on the running platform (a flag with its snapshot,
// recorded segments and clip; the acceptance record, filing report and approval issued as PDFs)
// is exported from its workspace by the officer on his phone (案卷导出); `npm run verify -- case.zip` passes it and names the file after one byte
// of it changes; the bundle's own index.html, opened from disk (file://, no server, no network),
// says 全部通过 for the zip and for its unzipped folder, and names the changed file of the
// tampered zip, and says why a zip cut short cannot be read.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let dir: string;
let officer: HttpSession;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bundle-e2e-'));
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
});
afterAll(async () => {
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
});


/** A case filed on the platform from a confirmed flag with its media, its filing approved. */
async function filedCase(): Promise<string> {
  const manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  const admin = await httpLogin(platform.url, 'admin', platform.logins.get('admin')!);
  const me = await db.selectFrom('users').select('agency_id').where('id', '=', officer.user.id).executeTakeFirstOrThrow();
  await admin.call('POST', '/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: me.agency_id, certificateNo: '浙卫执字第20262号' });
  const officer2 = (await db.selectFrom('users').select('id').where('username', '=', 'officer.wc2').executeTakeFirstOrThrow()).id;
  const hosp = await db.selectFrom('users').select('business_id').where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const deviceId = (await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow()).id;

  // The media in the platform's own blob store, recorded as the platform records them.
  const blobs = createFsBlobStore(path.join(platform.dataDir, 'blobs'));
  const shot = await snapshotBlob(db, blobs, dir, 'snapshot');
  const ended = new Date(Date.now() - 3600_000);
  const [flag] = await insertFlags(db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id, started_at: new Date(ended.getTime() - 3000), ended_at: ended, snapshot_sha256: shot.sha256 }]);
  const session = await publishSession(db, deviceId, officer.user.id, 'QR2026-950001');
  const segDir = path.join(dir, 'segments');
  mkdirSync(segDir);
  const segments = await recordSegments(db, blobs, { deviceId, sessionId: session, flagId: flag.id, files: await encodeSegments(segDir, { count: 3, seconds: 2 }), seconds: 2, endsAt: new Date(ended.getTime() + 1000), firstSeq: 1 });
  await attachClip(db, blobs, { flagId: flag.id, segments, from: new Date(ended.getTime() - 3500), to: ended, workDir: dir });
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));

  type Ws = { case: { id: string; version: number }; evidence: { id: string; version: number }[] };
  const filed = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, officer2], summary: '非现场监管设备发现消毒供应室操作间摄像头被遮挡。', headOpinion: '同意受理。', headId: manager.user.id });
  const id = filed.case.id;
  const points = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'];
  for (const e of filed.evidence) await officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(points.map((p) => [p, { met: true }])), expectedVersion: e.version });
  const stage = async (s: HttpSession, body: Record<string, unknown>) => s.call('POST', `/api/cases/${id}/stages`, { expectedVersion: (await officer.call<Ws>('GET', `/api/cases/${id}`)).case.version, ...body });
  await stage(officer, { kind: 'filing', fields: { report: '经审查，线索证据符合立案条件，建议立案调查。', basis: '当事人涉嫌违反《消毒管理办法》第四条的规定。' } });
  await stage(manager, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  return id;
}

describe('the case file, checked offline', () => {
  it('exported from the workspace; npm run verify passes it and names a changed file; its index.html from disk says 全部通过, then names the changed file', async () => {
    const id = await filedCase();
    // The officer, on his phone, exports the case file from its workspace.
    const wc = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 390, height: 844 } });
    const ws = new CaseWorkspacePage(wc.page, platform.url);
    await ws.open(id);
    const card = wc.page.locator('[data-testid="case-export"]');
    expect(await card.textContent()).toContain('index.html');
    const [download] = await Promise.all([wc.page.waitForEvent('download'), card.locator('[data-action="export-case"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^case-.+\.zip$/);
    const zip = path.join(dir, 'case.zip');
    await download.saveAs(zip);
    expectNoConsoleErrors(wc.errors);
    const good = readFileSync(zip);

    const ok = await verifyCli(zip);
    expect(ok.out).toContain('OK');
    expect(ok.code).toBe(0);
    const files = unzipSync(new Uint8Array(good));
    const segment = Object.keys(files).find((n) => n.endsWith('segment-0002.flv'))!;
    const tampered = path.join(dir, 'tampered.zip');
    writeFileSync(tampered, zipSync({ ...files, [segment]: Uint8Array.from(files[segment], (b, i) => (i === 500 ? b ^ 0x20 : b)) }));
    const bad = await verifyCli(tampered);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(segment);

    // The clerk's side: the page out of the bundle, opened from disk; nothing may go over the network.
    const folder = path.join(dir, 'unzipped');
    writeBundleFolder(folder, files);
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const errors = watchConsole(page);
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(`file://${path.join(folder, 'index.html')}`);
    const verdict = page.locator('#verdict');

    await page.setInputFiles('#zip', zip);
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toBe('全部通过');
    // The ledger's small hashes ran in script (checked against WebCrypto first), not one WebCrypto call each.
    expect(await page.evaluate(() => document.body.dataset.smallHash)).toBe('script');
    const rows = await page.locator('tr.file-row').count();
    expect(rows).toBe(Object.keys(files).length - 1); // every file but the manifest, each 通过
    expect(await page.locator('tr.file-row td.pass').count()).toBe(rows);
    expect(await page.locator('#caseInfo').textContent()).toContain('婺城区人民医院');

    await page.setInputFiles('#zip', tampered);
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toMatch(/^未通过/);
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(segment);
    expect(problems[0]).toContain('已被修改');

    // Forged together with their manifest lines: an entry's time (its proof no longer leads to the
    // signed root) and one bit of the checkpoint's signature — the page recomputes both, names the file.
    const forge = (name: string, edit: (text: string) => string) => {
      const bytes = Buffer.from(edit(Buffer.from(files[name]).toString()));
      const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString()) as { files: { path: string; sha256: string; size: number }[] };
      Object.assign(manifest.files.find((x) => x.path === name)!, { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
      const out = path.join(dir, `forged-${path.basename(name)}.zip`);
      writeFileSync(out, zipSync({ ...files, [name]: bytes, 'manifest.json': Buffer.from(JSON.stringify(manifest)) }));
      return out;
    };
    await page.setInputFiles('#zip', forge('ledger/entries.jsonl', (x) => x.replace(/"recordedAt":"2026-/, '"recordedAt":"2025-')));
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toMatch(/^未通过/);
    const entryProblems = await page.locator('#problems li').allTextContents();
    expect(entryProblems).toHaveLength(1);
    expect(entryProblems[0]).toContain('ledger/entries.jsonl');
    expect(entryProblems[0]).toContain('包含证明不能导出签名根');
    await page.setInputFiles('#zip', forge('ledger/checkpoint.json', (x) => x.replace(/"signature": "([0-9a-f]+)([0-9a-f])"/, (_m, a: string, b: string) => `"signature": "${a}${(parseInt(b, 16) ^ 1).toString(16)}"`)));
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toMatch(/^未通过/);
    const sigProblems = await page.locator('#problems li').allTextContents();
    expect(sigProblems).toHaveLength(1);
    expect(sigProblems[0]).toContain('ledger/checkpoint.json');
    expect(sigProblems[0]).toContain('Ed25519 签名无效');

    // The unzipped folder, picked as a folder, passes too.
    await page.setInputFiles('#folder', folder);
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toBe('全部通过');

    const cut = path.join(dir, 'cut.zip');
    writeFileSync(cut, good.subarray(0, Math.floor(good.length / 2)));
    await page.setInputFiles('#zip', cut);
    await expect.poll(() => verdict.textContent(), { timeout: 30_000 }).toMatch(/^未通过/);
    expect(await page.locator('#problems').textContent()).toContain('文件被截断');

    expect(requests).toEqual([]);
    expectNoConsoleErrors(errors);
    await page.close();
  }, 240_000);
});
