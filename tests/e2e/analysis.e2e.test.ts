import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { signaturePng } from '../support/signature-png.js';
import { waitFor } from '../support/wait.js';
import { DeviceAnalysisPage, expectNoConsoleErrors, FlagListPage, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// An officer draws a restricted-area rule on a real camera's snapshot in Chromium; the API keeps
// the corners where they were clicked, an edit makes version 2, a stale edit is refused; a finger
// draws too, and on a phone nothing scrolls sideways.
let platform: Platform;
let browser: Browser;
let cam: ChildProcess | null = null;
let device: { deviceId: string; key: string } | null = null;

type Rule = { id: string; name: string; kind: string; version: number; definition: { zone: [number, number][] | null; minDwellS: number } };

let stop: (() => Promise<void>) | undefined;

// A covered camera's flag stays open while the test looks at it: its first clip comes 5 s after its start.
beforeAll(async () => ({ platform, browser, stop } = await startBrowserPlatform({ EVIDENCE_FIRST_CLIP_S: '5' })));
afterAll(async () => {
  cam?.kill('SIGKILL');
  await stop?.();
});

describe('analysis pages in the browser', () => {
  it('an officer draws a zone on the snapshot, saves a rule, edits it, is refused a stale edit; the flags page is empty; a phone draws by touch', async () => {
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const d = await httpConsentedDevice(officer, biz, signaturePng());
    device = d;
    cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25', '-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '25', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${d.deviceId}?key=${d.key}`], { stdio: 'ignore' });
    // A snapshot exists once the first segment is recorded.
    await waitFor('a snapshot', async () => (await fetch(`${platform.url}/api/devices/${d.deviceId}/snapshot.jpg`, { headers: { cookie: officer.cookie } })).ok, 40_000);

    const { page, errors } = await loggedInPage(browser, platform, 'officer.wc');

    const flags = new FlagListPage(page, platform.url);
    await flags.open();
    expect(await flags.emptyTitle()).toBe('暂无预警');

    const analysis = new DeviceAnalysisPage(page, platform.url);
    await analysis.open(d.deviceId);
    expect(await analysis.cannotDetectNote()).toContain('本模型无法识别：老鼠、是否戴口罩、是否戴帽子、吸烟。这些情况需人工查看录像。');
    await analysis.waitForPicture();

    await analysis.addRule();
    const clicked = await analysis.drawZone([
      [0.2, 0.25],
      [0.75, 0.2],
      [0.8, 0.7],
      [0.25, 0.8],
    ]);
    expect(await analysis.zoneStatus()).toContain('已画 4 个点');
    await analysis.closeZone();
    await analysis.save();
    await analysis.waitForVersion('违规进入限制区域', 1);

    const { rules } = await officer.call<{ rules: Rule[] }>('GET', `/api/devices/${d.deviceId}/rules`);
    expect(rules).toHaveLength(1);
    expect(rules[0].kind).toBe('restricted_area');
    expect(rules[0].version).toBe(1);
    const zone = rules[0].definition.zone!;
    expect(zone).toHaveLength(4);
    zone.forEach(([x, y], i) => {
      expect(Math.abs(x - clicked[i][0])).toBeLessThan(0.02);
      expect(Math.abs(y - clicked[i][1])).toBeLessThan(0.02);
    });

    await analysis.editRule('违规进入限制区域');
    await analysis.setField('minDwellS', '8');
    await analysis.save();
    await analysis.waitForVersion('违规进入限制区域', 2);
    const after = (await officer.call<{ rules: Rule[] }>('GET', `/api/devices/${d.deviceId}/rules`)).rules[0];
    expect(after.version).toBe(2);
    expect(after.definition.minDwellS).toBe(8);
    expect(after.definition.zone).toEqual(zone);
    expect(await analysis.historyVersions('违规进入限制区域')).toBe(2);

    // Someone else saves first: the stale edit is refused, said so, and the list shows their version.
    await analysis.editRule('违规进入限制区域');
    await officer.call('PUT', `/api/rules/${after.id}`, { enabled: false, expectedVersion: 2 });
    await analysis.setField('minDwellS', '9');
    await analysis.save();
    expect(await analysis.conflictMessage()).toBe('规则已被他人修改，请刷新');
    await analysis.waitForVersion('违规进入限制区域', 3);
    expect((await officer.call<{ rules: Rule[] }>('GET', `/api/devices/${d.deviceId}/rules`)).rules[0].definition.minDwellS).toBe(8);

    // A second restricted area: without its zone it is refused at the zone (not saved as the whole
    // picture); with the first rule's name it is refused at the name; both fixed, it saves.
    await analysis.addRule();
    expect(await analysis.zoneStatus()).toContain('尚未划定区域');
    await analysis.trySave();
    expect(await analysis.ruleFieldError('zone')).toBe('尚未划定区域：请在画面上点击添加顶点');
    await analysis.drawZone([
      [0.1, 0.1],
      [0.4, 0.1],
      [0.3, 0.4],
    ]);
    await analysis.trySave();
    expect(await analysis.ruleFieldError('zone')).toBe('请点击第一个点闭合区域');
    await analysis.closeZone();
    await analysis.trySave();
    expect(await analysis.ruleFieldError('name')).toBe('该设备已有同名规则，请换一个名称');
    expect((await officer.call<{ rules: Rule[] }>('GET', `/api/devices/${d.deviceId}/rules`)).rules).toHaveLength(1);
    await analysis.setField('name', '仓库禁入区');
    await analysis.save();
    await analysis.waitForVersion('仓库禁入区', 1);
    expect((await officer.call<{ rules: Rule[] }>('GET', `/api/devices/${d.deviceId}/rules`)).rules.map((r) => r.name)).toEqual(['违规进入限制区域', '仓库禁入区']);
    expectNoConsoleErrors(errors);

    // A phone: neither page scrolls sideways.
    const { page: phone, errors: phoneErrors } = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    const phoneAnalysis = new DeviceAnalysisPage(phone, platform.url);
    await phoneAnalysis.open(d.deviceId);
    await phoneAnalysis.waitForPicture();
    await phoneAnalysis.addRule();
    await phoneAnalysis.tapZone([
      [0.3, 0.3],
      [0.7, 0.3],
      [0.5, 0.7],
    ]);
    expect(await phoneAnalysis.zoneStatus()).toContain('已画 3 个点');
    expect(await scrollsSideways(phone)).toBe(false);
    await new FlagListPage(phone, platform.url).open();
    expect(await scrollsSideways(phone)).toBe(false);
    expectNoConsoleErrors(phoneErrors);
  });

  it('a flag the analyzer raises appears on an open flags page without reload, and opens with its snapshot', async () => {
    const d = device!;
    cam?.kill('SIGKILL');
    const { page, errors } = await loggedInPage(browser, platform, 'officer.wc');
    await new FlagListPage(page, platform.url).open();
    const before = await page.locator('[data-testid="flag"]').count();
    // The camera is covered: a black picture.
    await new Promise((r) => setTimeout(r, 1500));
    cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=10', '-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${d.deviceId}?key=${d.key}`], { stdio: 'ignore' });
    const item = page.locator('[data-testid="flag"]', { hasText: '摄像头被遮挡' });
    await item.first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="flag"]').count()).toBeGreaterThan(before);
    await item.first().locator('a').last().click();
    await page.waitForURL((u) => u.pathname.startsWith('/flags/'));
    await page.locator('img[src*="/snapshot.jpg"]').first().waitFor();
    const id = page.url().split('/flags/')[1];
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const flag = await officer.call<{ type: string; source: string; deviceId: string }>('GET', `/api/flags/${id}`);
    expect(flag).toMatchObject({ type: 'camera_covered', source: 'tamper', deviceId: d.deviceId });
    // The camera is still covered: the page gets a clip anyway (a live update), and says what it
    // covers and that the event goes on.
    const note = page.locator('[data-testid="clip-note"]');
    await note.waitFor({ timeout: 60_000 });
    expect(await note.textContent()).toContain('事件仍在进行');
    expect(await page.locator('[data-testid="clip-coverage"]').textContent()).toMatch(/片段覆盖.*至.*秒/);
    expect(await page.locator('video.flag-video').getAttribute('src')).toMatch(new RegExp(`^/api/flags/${id}/clip\\.mp4\\?version=\\d+$`));
    const open = await officer.call<{ state: string; clips: { version: number; coverage: string; final: boolean }[] }>('GET', `/api/flags/${id}`);
    expect(open.state).toBe('active');
    expect(open.clips[0]).toMatchObject({ version: 1, coverage: 'event_ongoing', final: false });
    expectNoConsoleErrors(errors);
  });
});
