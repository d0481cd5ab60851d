import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform, type BrowserPlatform } from './pages.js';

/**
 * 上传执法记录仪视频 (R10) in Chromium on a phone: an officer opens a case, labels the footage, picks the
 * file and uploads it (tus 1.0, tus-js-client) with a progress bar; pauses half-way (the server keeps
 * what arrived), resumes; pauses again, reloads the page, picks the same file and it continues where it
 * stopped (tus-js-client's URL storage) rather than starting over; the case lists the record with its
 * hash. Chunks are held at the network (page.route) so the test sees the upload in flight without any
 * timing.
 */
let bp: BrowserPlatform;
let caseId: string;
beforeAll(async () => {
  bp = await startBrowserPlatform();
  const officer = await bp.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
  const second = await bp.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer2.wc').executeTakeFirstOrThrow();
  const biz = await bp.db.selectFrom('users as u').innerJoin('businesses as b', 'b.id', 'u.business_id').select(['b.id', 'b.agency_id']).where('u.username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const at = new Date();
  caseId = (
    await bp.db
      .insertInto('cases')
      .values({ agency_id: biz.agency_id, business_id: biz.id, party_kind: 'organisation', procedure: 'general', source: 'inspection', source_record: JSON.stringify({}), cause: '游泳池水质不合格', category: '公', investigators: JSON.stringify([{ id: officer.id, name: officer.display_name, certificateNo: 'A1' }, { id: second.id, name: second.display_name, certificateNo: 'A2' }]), state: 'investigating', filing_clock_from: at, accepted_at: at, created_by: officer.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await bp?.stop();
});

describe('field uploads in the browser', () => {
  it('an officer on his phone uploads footage into a case with progress, pause and resume', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'officer.wc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const bytes = randomBytes(4 * 1024 * 1024 + 5);
    const sha = createHash('sha256').update(bytes).digest('hex');
    // A file on disk keeps its modification time across the two picks (the resume fingerprint has it).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-field-'));
    const file = path.join(dir, 'DSJ_0001.mp4');
    writeFileSync(file, bytes);

    // Hold the PATCH of the second and of the fourth megabyte (the first time each is sent) until the
    // test lets it go; log every tus request.
    const requests: string[] = [];
    const holds = new Map([
      [String(1024 * 1024), 0],
      [String(3 * 1024 * 1024), 1],
    ]);
    const release: (() => void)[] = [];
    const held = [0, 1].map(() => new Promise<void>((r) => release.push(r)));
    const arrived: (() => void)[] = [];
    const reached = [0, 1].map(() => new Promise<void>((r) => arrived.push(r)));
    await page.route('**/api/uploads/tus**', async (route) => {
      const method = route.request().method();
      requests.push(method);
      const offset = route.request().headers()['upload-offset'];
      const at = method === 'PATCH' ? holds.get(offset) : undefined;
      if (at !== undefined) {
        holds.delete(offset);
        arrived[at]();
        await held[at];
        await route.continue().catch(() => {});
        return;
      }
      await route.continue();
    });
    const pausedWhileHeld = async (i: number) => {
      await form.locator('[data-action="pause-upload"]').click();
      // Let the held chunk go (an interception holds the aborted request until it is answered).
      release[i]();
      await form.locator('[data-phase="paused"]').waitFor({ timeout: 10_000 }).catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${await form.innerText()}\n${errors.join('\n')}`);
      });
      expect(await form.textContent()).toContain('已暂停');
    };
    const form = page.locator('[data-testid="field-upload-form"]');

    await page.goto(`${bp.platform.url}/cases/${caseId}`);
    await form.waitFor();
    expect(await page.textContent('[data-testid="field-uploads"] h2')).toBe('上传执法记录仪视频/文件');
    expect(await page.textContent('[data-testid="upload-party"]')).toBeTruthy();
    await form.locator('input[name="file"]').setInputFiles(file);
    await form.locator('input[name="matter"]').fill('游泳池水质现场检查');
    await form.locator('[data-action="start-upload"]').click();

    // One chunk of four is in: the bar shows a quarter; pause while the second is on its way.
    await reached[0];
    await page.waitForFunction(() => Number((document.querySelector('[data-phase="sending"] [data-testid="upload-progress"]') as HTMLProgressElement | null)?.value) >= 24);
    await pausedWhileHeld(0);
    const row = await bp.db.selectFrom('mobile_recordings').select(['id', 'status', 'received_bytes']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.status).toBe('uploading');
    expect(Number(row.received_bytes)).toBeLessThan(bytes.length);

    // Resume: tus-js-client asks the server its offset (HEAD) and sends on from there.
    await form.locator('[data-action="start-upload"]').click();
    await reached[1];
    await page.waitForFunction(() => Number((document.querySelector('[data-phase="sending"] [data-testid="upload-progress"]') as HTMLProgressElement | null)?.value) >= 74);
    await pausedWhileHeld(1);
    const before = Number((await bp.db.selectFrom('mobile_recordings').select('received_bytes').where('id', '=', row.id).executeTakeFirstOrThrow()).received_bytes);
    expect(before).toBeGreaterThanOrEqual(3 * 1024 * 1024);

    // A reload loses the page, not the upload: the same file picked again continues it.
    await page.reload();
    await form.waitFor();
    await form.locator('input[name="file"]').setInputFiles(file);
    await form.locator('text=该文件此前未传完,将从中断处继续上传。').waitFor();
    await form.locator('[data-action="start-upload"]').click();
    await page.locator('text=上传完成,已校验并存储。').waitFor();
    // Created once; every resume began with a HEAD; one record.
    expect(requests.filter((m) => m === 'POST')).toHaveLength(1);
    expect(requests.slice(requests.indexOf('PATCH')).filter((m) => m === 'HEAD').length).toBeGreaterThanOrEqual(2);
    expect(await bp.db.selectFrom('mobile_recordings').select('id').where('case_id', '=', caseId).execute()).toHaveLength(1);
    const item = page.locator('[data-testid="upload-list"] li[data-status="complete"]');
    await item.waitFor();
    expect(await item.textContent()).toContain(sha);
    expect(await item.textContent()).toContain('游泳池水质现场检查');
    expect(await item.getAttribute('data-late')).toBe('false');
    expect((await bp.db.selectFrom('mobile_recordings').select(['status', 'sha256']).where('id', '=', row.id).executeTakeFirstOrThrow()).sha256).toBe(sha);
    expect(await scrollsSideways(page)).toBe(false);
    expectNoConsoleErrors(errors);
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
