import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { signaturePng } from '../support/signature-png.js';
import { expectNoConsoleErrors, loggedInPage, startBrowserPlatform } from './pages.js';

// A camera (ffmpeg) pushes into the real platform; an officer watches it live in Chromium.
let platform: Platform;
let browser: Browser;
let cam: ChildProcess | null = null;

let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ platform, browser, stop } = await startBrowserPlatform()));
afterAll(async () => {
  cam?.kill('SIGKILL');
  await stop?.();
});

describe('live view in the browser', () => {
  it('an officer watches a consented camera live; the picture moves', async () => {
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const d = await httpConsentedDevice(officer, biz, signaturePng());
    cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${d.deviceId}?key=${d.key}`], { stdio: 'ignore' });

    const { page, errors } = await loggedInPage(browser, platform, 'officer.wc');
    await page.goto(`${platform.url}/devices/${d.deviceId}/media`);
    // Wait until the camera is live, then start the player.
    for (let i = 0; i < 100; i++) {
      const r = await page.request.get(`${platform.url}/api/devices/${d.deviceId}/recordings`);
      if (r.ok() && ((await r.json()) as { live: boolean }).live) break;
      await page.waitForTimeout(100);
    }
    const t0 = Date.now();
    await page.getByRole('button', { name: '观看实时视频' }).click();
    await page.waitForFunction(() => {
      const v = document.querySelector('video');
      return !!v && v.readyState >= 2 && v.currentTime > 0.5;
    }, undefined, { timeout: 20_000 });
    const size = await page.evaluate(() => {
      const v = document.querySelector('video')!;
      return [v.videoWidth, v.videoHeight];
    });
    expect(size).toEqual([640, 360]);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expectNoConsoleErrors(errors);
  });
});
