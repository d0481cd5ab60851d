import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../core/uscc.js';
import { launchBrowser, watchConsole } from '../support/browser.js';
import { startPlatform, type Platform } from '../support/platform-process.js';
import { BusinessFormPage, BusinessListPage, expectNoConsoleErrors, LoginPage } from './pages.js';

let platform: Platform;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'zh-CN' });
  errors = watchConsole(page);
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('officer registers a business in the browser', () => {
  it('logs in, creates a business with a valid credit code and sees it listed; an invalid code is refused clearly', async () => {
    const login = new LoginPage(page, platform.url);
    await login.open();
    await login.logIn('officer.wc', platform.logins.get('officer.wc')!);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    const body17 = '91330702MA2F' + String(Date.now() % 100000).padStart(5, '0');
    const valid = body17 + usccCheckChar(body17);
    const invalid = body17 + (usccCheckChar(body17) === 'A' ? 'B' : 'A');

    const form = new BusinessFormPage(page, platform.url);
    await form.open();
    await form.fill({ name: '婺城区端到端测试餐饮店', creditCode: invalid, category: 'other', district: '金华市婺城区卫生健康局', address: '婺城区测试路 8 号' });
    await form.submit();
    expect(await form.fieldError('creditCode')).toContain('校验位不正确');
    expect(page.url()).toContain('/businesses/new');

    await page.fill('input[name="creditCode"]', valid);
    await form.submit();
    await page.waitForURL((u) => /\/businesses\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.waitForSelector('text=婺城区端到端测试餐饮店');
    // The change is in the ledgered history at once, and sealed within about a second.
    await page.waitForSelector('[data-testid="history"] >> text=登记单位');
    await page.reload();
    await page.waitForSelector('[data-testid="history"] >> text=✓ 已封存');

    const list = new BusinessListPage(page, platform.url);
    await list.open();
    const text = await list.listText();
    expect(text).toContain('婺城区端到端测试餐饮店');
    expect(text).toContain(valid);
    await page.screenshot({ path: `${platform.dataDir}/../vigil-e2e-list.png`, fullPage: true }).catch(() => undefined);
    expectNoConsoleErrors(errors);
  });
});
