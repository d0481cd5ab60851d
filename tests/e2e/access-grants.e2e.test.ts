import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import { signaturePng } from '../support/signature-png.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, startBrowserPlatform, type BrowserPlatform } from './pages.js';

// Issue 15's journey in Chromium against the real platform: a camera of 婺城 records; an officer
// of 金东 is refused its recording, asks for it (申请调用), the head over 婺城 approves, the officer
// plays it under the grant with his watermark over the picture; the grant expires and the recording
// is refused again. Every step is in the ledger, and every read and refusal in the audit log (审计日志).
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

describe('approved access to another district\'s recording (调用单)', () => {
  it('金东 asks, the head over 婺城 approves, he plays it, it expires and access stops; every step ledgered', async () => {
    const jd = await loggedInPage(bp.browser, bp.platform, 'officer.jd', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // Refused on the recordings page, with the way to ask.
    await jd.page.goto(`${bp.platform.url}/devices/${deviceId}/media`);
    await jd.page.getByTestId('request-access').click();
    await jd.page.getByTestId('access-request-form').waitFor();
    // Nothing said why: the field is named, nothing stored.
    await jd.page.getByRole('button', { name: '提交申请' }).click();
    await jd.page.getByTestId('error-reason').waitFor();
    expect(await bp.db.selectFrom('access_requests').select('id').execute()).toHaveLength(0);
    await jd.page.getByLabel('调用事由').fill('核查群众投诉涉及的后厨操作');
    await jd.page.getByRole('button', { name: '提交申请' }).click();
    const mine = jd.page.getByTestId('my-requests').locator('[data-status]').first();
    await mine.waitFor();
    expect(await mine.getByTestId('request-status').textContent()).toBe('待审批');
    const request = await bp.db.selectFrom('access_requests').select(['id', 'owner_agency_id']).executeTakeFirstOrThrow();

    // The head over 婺城 approves with his opinion.
    const head = await loggedInPage(bp.browser, bp.platform, 'manager.jh', { viewport: { width: 1280, height: 900 } });
    // He finds it beside his case approvals (调用审批).
    await head.page.goto(`${bp.platform.url}/cases/approvals`);
    await head.page.getByTestId('access-queue-link').click();
    const card = head.page.locator(`[data-request-id="${request.id}"]`);
    await card.getByLabel('审批意见').fill('同意调阅，限核查使用');
    await card.getByTestId('approve').click();
    await head.page.getByTestId('grants-in-force').locator(`[data-request-id="${request.id}"]`).waitFor();

    // He sees it approved with the time left, and plays it.
    await jd.page.reload();
    await jd.page.locator(`[data-request-id="${request.id}"][data-status="approved"]`).waitFor();
    expect(await jd.page.getByTestId('time-left').textContent()).toMatch(/剩余/);
    await jd.page.getByTestId('grant-play').click();
    await jd.page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="grant-video"]')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
    const view = await bp.db.selectFrom('media_views').select(['id', 'grant_id']).where('device_id', '=', deviceId).where('kind', '=', 'playback').executeTakeFirstOrThrow();
    expect(view.grant_id).toBe(request.id);
    const src = await jd.page.getByTestId('grant-video').getAttribute('src');
    // The watermark over the picture names him, his account and the grant, and ticks.
    const jdUser = await bp.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer.jd').executeTakeFirstOrThrow();
    const overlay = jd.page.getByTestId('watermark-overlay');
    expect(await overlay.isVisible()).toBe(true);
    const text = (await overlay.getAttribute('data-text')) ?? '';
    expect(text).toContain(`${jdUser.display_name}（officer.jd）`);
    expect(text).toContain(`调用单 ${request.id.slice(0, 8)}`);
    expect(await jd.page.getByTestId('watermark-reference').textContent()).toBe(`调用单 ${request.id.slice(0, 8)}`);
    // The overlay lies over the video itself.
    const [vb, ob] = [await jd.page.getByTestId('grant-video').boundingBox(), await overlay.boundingBox()];
    expect(ob!.x).toBeCloseTo(vb!.x, 0);
    expect(ob!.width).toBeCloseTo(vb!.width, 0);

    // The period ends (as if its last day had passed): the file and the list say so.
    await bp.db.updateTable('access_requests').set({ valid_until: new Date(Date.now() - 1000) }).where('id', '=', request.id).execute();
    expect(await jd.page.evaluate(async (u) => (await fetch(u!)).status, src)).toBe(403);
    await jd.page.reload();
    await jd.page.locator(`[data-request-id="${request.id}"][data-status="expired"]`).waitFor();
    expect(await jd.page.getByTestId('grant-play').count()).toBe(0);
    await waitFor('the sweep', async () => ((await bp.db.selectFrom('access_requests').select('status').where('id', '=', request.id).executeTakeFirstOrThrow()).status === 'expired' ? true : null), 90_000);

    const actions = (await bp.db.selectFrom('ledger_entries').select(['action', 'context']).where((eb) => eb.or([eb('entity_id', '=', request.id), eb('entity_id', '=', view.id)])).orderBy('id').execute()).map((e) => e.action);
    expect(actions).toEqual(['access_request.created', 'access_request.approved', 'media.recording_viewed', 'access_request.expired']);
    expect(await bp.db.selectFrom('ledger_entries').select('id').where('action', '=', 'access.denied').where('actor_id', '=', (await bp.db.selectFrom('users').select('id').where('username', '=', 'officer.jd').executeTakeFirstOrThrow()).id).execute()).not.toHaveLength(0);
    // Phone layout: nothing runs off the side.
    expect(await jd.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // The audit log (审计日志): the head over 婺城 finds every read of his records by the 金东 officer —
    // the playback under the grant, with its bytes, and the refusal after the grant ended.
    await head.page.goto(`${bp.platform.url}/audit/reads?person=officer.jd`);
    const rows = head.page.locator('[data-testid="audit-reads"] tbody tr');
    await rows.first().waitFor();
    const played = head.page.locator('[data-testid="audit-reads"] tbody tr[data-outcome="served"][data-action="play"][data-kind="recording"]');
    expect(await played.count()).toBeGreaterThan(0);
    expect(await played.first().locator('td').nth(5).textContent()).toBe(request.id.slice(0, 8));
    expect(await head.page.locator('[data-testid="audit-reads"] tbody tr[data-outcome="denied"]').count()).toBeGreaterThan(0);
    // The same rows in the database: each read under the grant names it, and the refusal came after the grant's end.
    const reads = await bp.db.selectFrom('record_reads').select(['outcome', 'grant_id', 'bytes', 'finished_at', 'denied_reason']).where('user_id', '=', jdUser.id).where('device_id', '=', deviceId).orderBy('id').execute();
    const served = reads.filter((r) => r.outcome === 'served');
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((r) => r.grant_id === request.id)).toBe(true);
    expect(served.some((r) => Number(r.bytes) > 0)).toBe(true);
    expect(reads.at(-1)!.outcome).toBe('denied');
    expectNoConsoleErrors(jd.errors);
    expectNoConsoleErrors(head.errors);
  }, 240_000);
});
