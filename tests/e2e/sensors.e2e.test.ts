import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReadings, simulatedReadings } from '../../api/demo/sensor-simulator.js';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { signaturePng } from '../support/signature-png.js';
import { expectNoConsoleErrors, loggedInPage, startBrowserPlatform } from './pages.js';

// Issue 12 item 7 in Chromium: a sensor's state is the same on the business page and its own
// page, its page is a readings chart (not a video page), and a camera that never streamed is
// not "running".
let platform: Platform;
let browser: Browser;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ platform, browser, stop } = await startBrowserPlatform()));
afterAll(async () => {
  await stop?.();
});

describe('sensor readings page', () => {
  it('the business, on a phone, sees the same state on its business page and the sensor page, and the chart with its limit lines', async () => {
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const d = await httpConsentedDevice(officer, biz, signaturePng());
    type Detail = { sites: { devices: { id: string; kind: string }[] }[] };
    const detail = await officer.call<Detail>('GET', `/api/businesses/${biz.user.businessId}`);
    const sensorId = detail.sites[0].devices.find((x) => x.kind === 'sensor')!.id;
    const { key } = await officer.call<{ key: string }>('POST', `/api/devices/${sensorId}/credentials`, {});
    // The sensor posts an hour of readings with its key, as `npm run sensor` does.
    const readings = Array.from({ length: 12 }, (_, i) => simulatedReadings(new Date(Date.now() - (60 - i * 5) * 60_000))).flat();
    const posted = await postReadings(platform.url, key, readings);
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);

    const { page, errors } = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${platform.url}/businesses/${biz.user.businessId}`);
    const sensorRow = page.locator('tr', { hasText: '余氯在线监测仪' });
    const cameraRow = page.locator('tr', { hasText: '后厨操作间摄像头' });
    await sensorRow.locator('[data-testid="device-state"]').waitFor();
    expect(await sensorRow.locator('[data-testid="device-state"]').getAttribute('data-state')).toBe('online');
    expect(await sensorRow.locator('[data-testid="device-state"] .badge').textContent()).toBe('在线');
    // Keyed and consented but never streamed: not "运行中".
    expect(await cameraRow.locator('[data-testid="device-state"] .badge').textContent()).toBe('从未上线');
    expect(await page.locator('text=运行中').count()).toBe(0);
    // A sensor links to its readings, not to a video page.
    expect(await sensorRow.getByRole('link', { name: '视频' }).count()).toBe(0);
    await sensorRow.getByRole('link', { name: '监测数据' }).click();
    await page.waitForURL((u) => u.pathname === `/devices/${sensorId}/readings`);

    const chart = page.locator('[data-testid="chart-free_chlorine"]');
    await chart.waitFor();
    expect(await page.locator('[data-testid="device-state"] .badge').first().textContent()).toBe('在线');
    expect(await chart.locator('circle').count()).toBe(12);
    expect(await chart.locator('[data-testid="limit-line"]').count()).toBe(2); // GB 5749-2022: ≥ 0.05 and ≤ 2 mg/L
    expect(await page.locator('[data-testid="series-free_chlorine"]').textContent()).toContain('GB 5749-2022');
    expect(await page.locator('[data-testid="chart-turbidity"] [data-testid="limit-line"]').count()).toBe(1); // ≤ 1 NTU
    // Fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${platform.dataDir}/../vigil-e2e-sensor.png`, fullPage: true }).catch(() => undefined);

    // The camera's device page says what the business page said.
    await page.goto(`${platform.url}/devices/${d.deviceId}/media`);
    await page.locator('[data-testid="device-health"] [data-testid="device-state"]').waitFor();
    expect(await page.locator('[data-testid="device-health"] [data-testid="device-state"] .badge').textContent()).toBe('从未上线');
    expectNoConsoleErrors(errors);
  });
});
