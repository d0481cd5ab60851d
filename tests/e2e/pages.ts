import { expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createDb, type Db } from '../../core/db/connect.js';
import { launchBrowser, watchConsole } from '../support/browser.js';
import { platformAdminUrl, startPlatform, type Platform } from '../support/platform-process.js';

/** What each end-to-end file starts: the real platform, Chromium, and an owner's connection to its database. */
export type BrowserPlatform = { platform: Platform; browser: Browser; db: Db; stop(): Promise<void> };

export async function startBrowserPlatform(env: Record<string, string> = {}): Promise<BrowserPlatform> {
  const platform = await startPlatform(env);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await platform.stop();
    throw err;
  }
  const conn = createDb(platformAdminUrl(platform), 2);
  return {
    platform,
    browser,
    db: conn.db,
    async stop() {
      await conn.pool.end();
      await browser.close();
      await platform.stop();
    },
  };
}

/** Page objects: the tests speak of what a user does, not of selectors. */
export class LoginPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/login`);
    await this.page.waitForSelector('input[name="username"]');
  }
  async logIn(username: string, password: string) {
    await this.page.fill('input[name="username"]', username);
    await this.page.fill('input[name="password"]', password);
    await this.page.click('button[type="submit"]');
  }
}

/** A new page logged in as a demo user, with its console errors collected. */
export async function loggedInPage(browser: Browser, platform: Pick<Platform, 'url' | 'logins'>, username: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ locale: 'zh-CN', ...options });
  const errors = watchConsole(page);
  const login = new LoginPage(page, platform.url);
  await login.open();
  await login.logIn(username, platform.logins.get(username)!);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { page, errors };
}

export class BusinessListPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/businesses`);
    await this.page.locator('[data-testid="business-list"]').or(this.page.getByText('暂无单位')).first().waitFor();
  }
  async listText() {
    await this.page.waitForSelector('[data-testid="business-list"]');
    return this.page.textContent('[data-testid="business-list"]');
  }
  async search(q: string) {
    const box = this.page.locator('input[type="search"], input[name="q"]').first();
    await box.fill(q);
    await box.press('Enter');
  }
}

export class BusinessFormPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/businesses/new`);
    await this.page.waitForSelector('input[name="creditCode"]');
  }
  async fill(b: { name: string; creditCode: string; category: string; district: string; address: string }) {
    await this.page.fill('input[name="name"]', b.name);
    await this.page.fill('input[name="creditCode"]', b.creditCode);
    await this.page.selectOption('select[name="category"]', b.category);
    await this.page.waitForFunction(() => document.querySelectorAll('select[name="agencyId"] option').length > 1);
    await this.page.selectOption('select[name="agencyId"]', { label: b.district });
    await this.page.fill('[name="address"]', b.address);
  }
  async submit() {
    await this.page.click('button[type="submit"]');
  }
  async fieldError(field: string) {
    const el = await this.page.waitForSelector(`[data-testid="error-${field}"]`);
    return el.textContent();
  }
}

export function expectNoConsoleErrors(errors: string[]) {
  // A refused API call shows as "Failed to load resource … 4xx": expected when the test provokes it.
  const real = errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
  expect(real).toEqual([]);
}

/** A device's analysis rules: the picture, the zone editor, the rule list. */
export class DeviceAnalysisPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open(deviceId: string) {
    await this.page.goto(`${this.base}/devices/${deviceId}/analysis`);
    await this.page.waitForSelector('[data-testid="cannot-detect"]');
  }
  cannotDetectNote() {
    return this.page.locator('[data-testid="cannot-detect"]').textContent();
  }
  async waitForPicture() {
    await this.page.waitForSelector('[data-testid="snapshot"] .picture img');
  }
  async addRule() {
    await this.page.getByRole('button', { name: '添加规则' }).click();
    await this.page.waitForSelector('[data-testid="zone-editor"] img');
  }
  /** Presses the picture at relative positions (0–1) to add the zone's corners; returns them. */
  async drawZone(points: [number, number][]) {
    const surface = this.page.locator('[data-testid="zone-editor"]');
    await surface.scrollIntoViewIfNeeded();
    const box = (await surface.boundingBox())!;
    for (const [x, y] of points) await this.page.mouse.click(box.x + x * box.width, box.y + y * box.height);
    return points;
  }
  /** The same with a finger. */
  async tapZone(points: [number, number][]) {
    const surface = this.page.locator('[data-testid="zone-editor"]');
    await surface.scrollIntoViewIfNeeded();
    const box = (await surface.boundingBox())!;
    for (const [x, y] of points) await this.page.touchscreen.tap(box.x + x * box.width, box.y + y * box.height);
  }
  conflictMessage() {
    return this.page.locator('[data-testid="rule-conflict"]').textContent();
  }
  zoneStatus() {
    return this.page.locator('[data-testid="zone-status"]').textContent();
  }
  async closeZone() {
    await this.page.getByRole('button', { name: '闭合区域' }).click();
  }
  async setField(name: string, value: string) {
    await this.page.fill(`[data-testid="rule-form"] [name="${name}"]`, value);
  }
  async save() {
    await this.page.locator('[data-testid="rule-form"] button[type="submit"]').click();
    await this.page.waitForSelector('[data-testid="rule-form"]', { state: 'detached' });
  }
  /** Presses save where the form is expected to refuse (it stays open). */
  async trySave() {
    await this.page.locator('[data-testid="rule-form"] button[type="submit"]').click();
  }
  /** The error shown at a field of the rule form (`zone`, `name`, …). */
  async ruleFieldError(field: string) {
    const el = this.page.locator(`[data-testid="rule-form"] [data-testid="error-${field}"]`);
    await el.waitFor();
    return el.textContent();
  }
  async editRule(name: string) {
    await this.page.locator('[data-testid="rule"]', { hasText: name }).getByRole('button', { name: '编辑' }).click();
    await this.page.waitForSelector('[data-testid="rule-form"]');
  }
  async waitForVersion(name: string, version: number) {
    await this.page.locator('[data-testid="rule"]', { hasText: name }).locator('[data-testid="rule-version"]', { hasText: `版本 ${version}` }).waitFor();
  }
  async historyVersions(name: string) {
    const rule = this.page.locator('[data-testid="rule"]', { hasText: name });
    await rule.getByRole('button', { name: '版本历史' }).click();
    await rule.locator('[data-testid="rule-history"] li').first().waitFor();
    return rule.locator('[data-testid="rule-history"] li').count();
  }
}

export class FlagListPage {
  constructor(private readonly page: Page, private readonly base: string) {}
  async open() {
    await this.page.goto(`${this.base}/flags`);
    await this.page.locator('[data-testid="flag-list"]').or(this.page.locator('.empty-title')).first().waitFor();
  }
  emptyTitle() {
    return this.page.locator('.empty-title').textContent();
  }
}

/** Whether the page is wider than the window (a phone would scroll sideways). */
export function scrollsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
