import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import { signaturePng } from '../support/signature-png.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform, type BrowserPlatform } from './pages.js';

// A camera (ffmpeg) records 24 s into the real platform (10 s segments); an officer plays it back
// in Chromium from the day timeline, and the picture runs on past a segment's end by itself.
let bp: BrowserPlatform;
let cam: ChildProcess | null = null;
let deviceId: string;
let siteName: string;
let firstStart: number; // the first segment's start (ms)

beforeAll(async () => {
  bp = await startBrowserPlatform();
  const { platform } = bp;
  const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
  const d = await httpConsentedDevice(officer, biz, signaturePng());
  deviceId = d.deviceId;
  siteName = (await bp.db.selectFrom('sites').select('name').where('id', '=', d.siteId).executeTakeFirstOrThrow()).name;
  cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-t', '24', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${deviceId}?key=${d.key}`], { stdio: 'ignore' });
  // Two closed 10 s segments: a boundary to play across.
  const segs = await waitFor('two recorded segments', async () => {
    const rows = await bp.db.selectFrom('recording_segments').select(['started_at']).where('device_id', '=', deviceId).orderBy('started_at').execute();
    return rows.length >= 2 ? rows : null;
  }, 60_000);
  firstStart = new Date(segs[0].started_at).getTime();
}, 120_000);

afterAll(async () => {
  cam?.kill('SIGKILL');
  await bp?.stop();
});

/** Zooms the timeline to the hour holding `at` and clicks (taps) the timeline at `at`. */
async function clickTimelineAt(page: Page, at: number) {
  // The page's hours are the authority's (Asia/Shanghai), whatever zone the browser is in.
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(at);
  const whole = page.getByRole('button', { name: '全天' });
  if ((await whole.getAttribute('aria-pressed')) !== 'true') await whole.click();
  await page.getByRole('button', { name: `放大 ${hour} 时` }).click();
  const track = page.getByTestId('timeline');
  const [vs, ve] = [Date.parse((await track.getAttribute('data-view-start'))!), Date.parse((await track.getAttribute('data-view-end'))!)];
  const box = (await track.boundingBox())!;
  await track.click({ position: { x: ((at - vs) / (ve - vs)) * box.width, y: box.height / 2 } });
}

const videoTime = (page: Page) => page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video')?.currentTime ?? -1);
const shownAt = async (page: Page) => Date.parse((await page.getByTestId('playback-position').getAttribute('data-at'))!);

describe('recordings page', () => {
  it('names the camera, business and site; the timeline has hour marks; a click plays, on past a segment boundary; another click seeks', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'officer.wc', { viewport: { width: 1280, height: 900 } });
    await page.goto(`${bp.platform.url}/devices/${deviceId}/media`);
    await page.getByRole('heading', { level: 1, name: '后厨操作间摄像头' }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('business-link').textContent()).toBe('婺城区人民医院');
    expect(await page.getByTestId('site-name').textContent()).toContain(siteName);
    const hours = await page.getByTestId('timeline-hours').textContent();
    for (const h of ['00:00', '06:00', '12:00', '18:00', '24:00']) expect(hours).toContain(h);
    // The labels that show do not run into each other (00:00 and 01:00 did at this width).
    const shown = await page.getByTestId('timeline-hours').locator('.rec-tick').evaluateAll((ticks) =>
      ticks.filter((t) => getComputedStyle(t).color !== 'rgba(0, 0, 0, 0)').map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, left: r.left, right: r.right };
      }),
    );
    expect(shown.map((s) => s.text)).toContain('12:00');
    for (let i = 1; i < shown.length; i++) expect(shown[i].left, `${shown[i - 1].text} / ${shown[i].text}`).toBeGreaterThanOrEqual(shown[i - 1].right);
    expect(await page.getByRole('button', { name: /^放大 \d\d 时$/ }).count()).toBe(24);

    // Click at the start of the recording: it plays, and crosses the 10 s boundary with no one touching it.
    await clickTimelineAt(page, firstStart + 1000);
    await page.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video');
      return !!v && v.readyState >= 2 && !v.paused;
    }, undefined, { timeout: 30_000 });
    const windowStart = await page.getByTestId('video').getAttribute('data-window-start');
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video')?.currentTime ?? 0) > 10.5, undefined, { timeout: 40_000 });
    expect(await page.getByTestId('video').getAttribute('data-window-start')).toBe(windowStart);
    expect(await shownAt(page)).toBeGreaterThan(firstStart + 10_000);
    const size = await page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video')!;
      return [v.videoWidth, v.videoHeight];
    });
    expect(size).toEqual([640, 360]);

    // Click 15 s in: playback moves there (the second segment, 5 s in).
    const target = firstStart + 15_000;
    await clickTimelineAt(page, target);
    await page.waitForFunction((old) => document.querySelector('[data-testid="video"]')?.getAttribute('data-window-start') !== old, windowStart, { timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video')?.readyState ?? 0) >= 2, undefined, { timeout: 30_000 });
    // The timeline is an hour wide (~3 s a pixel here): the click lands within a few seconds.
    expect(Math.abs((await shownAt(page)) - target)).toBeLessThan(6000);
    expect(await videoTime(page)).toBeGreaterThan(1);

    // Every window played is a logged view of the officer's.
    const views = await bp.db.selectFrom('media_views').select(['user_id', 'range_from']).where('device_id', '=', deviceId).where('kind', '=', 'playback').execute();
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(views.every((v) => v.range_from !== null)).toBe(true);
    expectNoConsoleErrors(errors);
    await page.close();
  }, 150_000);

  it('on a phone (390×844): the header and timeline fit the width, and a tap plays', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'officer.wc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${bp.platform.url}/devices/${deviceId}/media`);
    await page.getByRole('heading', { level: 1, name: '后厨操作间摄像头' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('timeline').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await clickTimelineAt(page, firstStart + 2000);
    await page.waitForFunction(() => (document.querySelector<HTMLVideoElement>('[data-testid="recording-player"] video')?.currentTime ?? 0) > 0.5, undefined, { timeout: 30_000 });
    expect(await scrollsSideways(page)).toBe(false);
    expectNoConsoleErrors(errors);
    await page.close();
  }, 90_000);
});
