import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextDay, shanghaiDay } from '../../core/calendar/calendar.js';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import { signaturePng } from '../support/signature-png.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, startBrowserPlatform, type BrowserPlatform } from './pages.js';

// Holds (保全; R11; 002-音像 §29: kept long-term with the approval of the unit head) in Chromium
// against the real platform: a camera of 婺城 records; the 婺城 officer, on his phone, asks for a
// hold on the day he is viewing from the recording page (a missing note is named at its field and
// stores nothing); the head over 婺城 approves it on /holds (reached from his account menu); the
// recording page shows the 保全 badge; the head sets the next review date (more than a year ahead is
// named at the field); he releases it, a missing reason named first; the badge goes. Every step is in the ledger.
let bp: BrowserPlatform;
let cam: ChildProcess | null = null;
let deviceId: string;

beforeAll(async () => {
  bp = await startBrowserPlatform();
  const { platform } = bp;
  const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
  const d = await httpConsentedDevice(officer, biz, signaturePng());
  deviceId = d.deviceId;
  cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '14', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${deviceId}?key=${d.key}`], { stdio: 'ignore' });
  await waitFor('a recorded segment', async () => (await bp.db.selectFrom('recording_segments').select('id').where('device_id', '=', deviceId).executeTakeFirst()) ?? null, 60_000);
}, 120_000);

afterAll(async () => {
  cam?.kill('SIGKILL');
  await bp?.stop();
});

describe('a hold on a recording (保全)', () => {
  it('the officer asks from the recording page, the head approves on /holds, the badge shows; the head releases it; every step ledgered', async () => {
    const wc = await loggedInPage(bp.browser, bp.platform, 'officer.wc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const media = `${bp.platform.url}/devices/${deviceId}/media`;
    await wc.page.goto(media);
    await wc.page.getByTestId('retention-line').waitFor();
    expect(await wc.page.getByTestId('hold-badge').count()).toBe(0);
    await wc.page.getByTestId('request-hold').click();
    const form = wc.page.getByTestId('hold-form');
    await form.waitFor();
    // No note: the API names the field, nothing is stored.
    await form.getByLabel('保全事由').selectOption('dispute');
    await form.getByRole('button', { name: '提交申请' }).click();
    expect(await wc.page.getByTestId('error-note').textContent()).toBe('请填写保全说明');
    expect(await bp.db.selectFrom('record_holds').select('id').execute()).toHaveLength(0);
    await form.getByLabel('保全说明').fill('当事人对本日检查录像有异议，拟申请行政复议');
    await form.getByRole('button', { name: '提交申请' }).click();
    const mine = wc.page.getByTestId('my-holds').locator('[data-status]').first();
    await mine.waitFor();
    expect(await mine.getByTestId('hold-status').textContent()).toBe('待审批');
    const hold = await bp.db.selectFrom('record_holds').selectAll().executeTakeFirstOrThrow();
    expect(hold.record_kind).toBe('recording');
    expect(hold.record_id).toBe(deviceId);
    expect(hold.reason).toBe('dispute');
    // The window is the day being viewed: it covers what was recorded.
    const seg = await bp.db.selectFrom('recording_segments').select(['started_at', 'ended_at']).where('device_id', '=', deviceId).orderBy('started_at').executeTakeFirstOrThrow();
    expect(hold.window_from!.getTime()).toBeLessThanOrEqual(new Date(seg.started_at).getTime());
    expect(hold.window_to!.getTime()).toBeGreaterThanOrEqual(new Date(seg.ended_at).getTime());
    // Not in force yet: no badge.
    await wc.page.goto(media);
    await wc.page.getByTestId('retention-line').waitFor();
    expect(await wc.page.getByTestId('hold-badge').count()).toBe(0);

    // The head over 婺城 finds it from his account menu and approves with his opinion.
    const head = await loggedInPage(bp.browser, bp.platform, 'manager.jh', { viewport: { width: 1366, height: 900 } });
    await head.page.goto(`${bp.platform.url}/cases/approvals`);
    await head.page.locator('[data-testid="account-menu"] summary').click();
    await head.page.locator('[data-testid="account-menu"] a[href="/holds"]').click();
    const card = head.page.getByTestId('hold-queue').locator(`[data-hold-id="${hold.id}"]`);
    await card.getByLabel('审批意见').fill('同意保全，待复议结束后复核');
    await card.getByTestId('approve-hold').click();
    const held = head.page.getByTestId('holds-in-force').locator(`[data-hold-id="${hold.id}"]`);
    await held.waitFor();
    expect(await held.getByTestId('hold-status').textContent()).toBe('保全中');

    // The officer sees it in force, and the recording page shows 保全.
    await wc.page.goto(`${bp.platform.url}/holds`);
    await wc.page.locator(`[data-hold-id="${hold.id}"][data-status="in_force"]`).waitFor();
    expect(await wc.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await wc.page.goto(media);
    await wc.page.getByTestId('hold-badge').waitFor();
    expect(await wc.page.getByTestId('retention-line').getAttribute('data-class')).toBe('held');
    // Phone layout: nothing runs off the side.
    expect(await wc.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // The head sets the next review date: more than a year ahead is named at the field, then 90 days.
    const tooFar = nextDay(shanghaiDay(new Date()), 400);
    const next = nextDay(shanghaiDay(new Date()), 90);
    await held.getByLabel('下次复核日期').fill(tooFar);
    await held.getByTestId('review-hold').click();
    expect(await held.getByTestId('error-reviewOn').textContent()).toBe('复核日期最迟为一年之后');
    await held.getByLabel('下次复核日期').fill(next);
    await held.getByTestId('review-hold').click();
    await held.locator('[data-testid="hold-review-on"]', { hasText: next }).waitFor();
    expect((await bp.db.selectFrom('record_holds').select('review_on').where('id', '=', hold.id).executeTakeFirstOrThrow()).review_on).toBe(next);

    // The head releases it: first with no reason (named at the field, nothing changes), then with one.
    await held.getByTestId('release-hold').click();
    await held.getByTestId('error-reason').waitFor();
    expect((await bp.db.selectFrom('record_holds').select('status').where('id', '=', hold.id).executeTakeFirstOrThrow()).status).toBe('in_force');
    await held.getByLabel('解除理由').fill('行政复议已终结，维持原决定');
    await held.getByTestId('release-hold').click();
    await held.waitFor({ state: 'detached' });
    expect((await bp.db.selectFrom('record_holds').select('status').where('id', '=', hold.id).executeTakeFirstOrThrow()).status).toBe('released');
    await wc.page.goto(media);
    await wc.page.locator('[data-testid="retention-line"][data-class="ordinary"]').waitFor();
    expect(await wc.page.getByTestId('hold-badge').count()).toBe(0);

    const actions = (await bp.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', hold.id).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['record_hold.requested', 'record_hold.approved', 'record_hold.reviewed', 'record_hold.released']);
    // The three refused attempts (no note, a review date too far, no reason) are ledgered too.
    expect(await bp.db.selectFrom('ledger_entries').select('id').where('action', '=', 'record_hold.refused').execute()).toHaveLength(3);
    expectNoConsoleErrors(wc.errors);
    expectNoConsoleErrors(head.errors);
  }, 240_000);
});
