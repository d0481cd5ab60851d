import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { noticeChannels } from '../support/finding-notices.js';
import { httpConsentedDevice, httpLogin } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { signaturePng } from '../support/signature-png.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, FlagListPage, loggedInPage, startBrowserPlatform } from './pages.js';

// Issue 6 end to end, nothing inserted by hand: a camera is covered; the analyzer raises the flag;
// it appears in the officer's open queue without reload; the officer confirms it by keyboard; the
// business is e-mailed over SMTP (the loopback capture server), opens the portal from the link and
// disputes with a statement; the officer sees the dispute appear; every step is in the ledger.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let cam: ChildProcess | null = null;

beforeAll(async () => ({ platform, browser, db, stop } = await startBrowserPlatform()));
afterAll(async () => {
  cam?.kill('SIGKILL');
  await stop?.();
});

const loggedIn = (username: string, phone = false) => loggedInPage(browser, platform, username, phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {});

describe('from a covered camera to the business’s dispute', () => {
  it('analyzer flag → live queue → keyboard confirmation → e-mail → portal dispute → officer sees it; all ledgered', async () => {
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const d = await httpConsentedDevice(officer, biz, signaturePng());
    const wc = await loggedIn('officer.wc');
    await new FlagListPage(wc.page, platform.url).open();
    await wc.page.locator('.badge-ok', { hasText: '实时更新已连接' }).waitFor();

    // Someone puts a hand over the lens: a black picture.
    cam = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=10', '-t', '120', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'flv', `rtmp://127.0.0.1:${platform.rtmpPort}/live/${d.deviceId}?key=${d.key}`], { stdio: 'ignore' });
    const item = wc.page.locator('[data-testid="flag"]', { hasText: '摄像头被遮挡' });
    await item.first().waitFor({ timeout: 60_000 });
    const flagId = (await item.first().getAttribute('data-flag-id'))!;
    const flag = await db.selectFrom('flags').select(['source', 'type', 'device_id', 'analyzer']).where('id', '=', flagId).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ source: 'tamper', type: 'camera_covered', device_id: d.deviceId });

    // Keyboard only.
    await wc.page.keyboard.press('j');
    await wc.page.keyboard.press('Enter');
    await wc.page.waitForURL((u) => u.pathname === `/flags/${flagId}`);
    await wc.page.locator('[data-testid="decision-bar"][data-status="in_review"]').waitFor();
    await wc.page.keyboard.press('c');
    await wc.page.locator('[data-testid="decision-dialog"]').waitFor();
    await wc.page.keyboard.type('镜头被遮挡属实');
    await wc.page.keyboard.press('Enter');
    await wc.page.locator('[data-testid="decision-bar"][data-status="confirmed"]').waitFor();

    // The business is told by e-mail over SMTP, with the portal link.
    const finding = await waitFor('the finding', () => db.selectFrom('findings').select(['id', 'status']).where('flag_id', '=', flagId).executeTakeFirst());
    const email = await waitFor('the e-mail sent', async () => (await noticeChannels(db, finding.id)).find((c) => c.channel === 'email' && c.status !== 'queued'));
    expect(email.status).toBe('relayed'); // taken by the loopback SMTP server (no SMTP_URL in tests)
    const mail = await db.selectFrom('outbox_messages').select('body').where('id', '=', email.outbox_id!).executeTakeFirstOrThrow();
    const link = new RegExp(`https?://[^\\s"'<>]+(/portal/findings/${finding.id})`).exec(mail.body);
    expect(link).toBeTruthy();

    // The officer's flag page is open; the business answers from its phone.
    await wc.page.locator('[data-testid="flag-finding"] [data-testid="finding-status"]', { hasText: '待确认' }).waitFor();
    const phone = await loggedIn('biz.hosp', true);
    await phone.page.goto(`${platform.url}${link![1]}`);
    await phone.page.locator('[data-testid="respond-form"]').waitFor();
    await phone.page.getByLabel('提出异议').check();
    await phone.page.fill('#finding-statement', '当时在更换镜头,已电话报备。');
    await phone.page.getByRole('button', { name: '提交异议' }).click();
    await phone.page.getByRole('button', { name: '确认提交' }).click();
    await phone.page.locator('[data-testid="answer"]').waitFor();

    // The officer sees the dispute arrive, without reloading.
    await wc.page.locator('[data-testid="flag-finding"] [data-testid="finding-status"]', { hasText: '已提出异议' }).waitFor({ timeout: 10_000 });
    expect(await wc.page.locator('[data-testid="finding-answer"]').textContent()).toContain('当时在更换镜头');

    // Every step is in the ledger.
    const flagActions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', flagId).orderBy('id').execute()).map((r) => r.action);
    expect(flagActions.slice(0, 3)).toEqual(['flag.raised', 'flag.opened', 'flag.confirmed']);
    const findingActions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', finding.id).orderBy('id').execute()).map((r) => r.action);
    expect(findingActions).toEqual(expect.arrayContaining(['finding.opened', 'finding.disputed']));
    expectNoConsoleErrors(wc.errors);
    expectNoConsoleErrors(phone.errors);
  });
});
