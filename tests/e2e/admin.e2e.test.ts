import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoConsoleErrors, LoginPage, loggedInPage, startBrowserPlatform, type BrowserPlatform } from './pages.js';

/** 系统管理 in Chromium: field errors in Chinese that clear when fixed; accounts and their audit; the auditor's own start page and menu. */
let bp: BrowserPlatform;
beforeAll(async () => {
  bp = await startBrowserPlatform();
});
afterAll(async () => bp?.stop());

const menu = (page: Page) => page.$$eval('#main-nav .nav-links a', (as) => as.map((a) => a.textContent?.trim() ?? ''));
const fieldError = (page: Page, field: string) => page.$(`[data-testid="error-${field}"]`).then((e) => e?.textContent() ?? null);

async function logInAs(page: Page, username: string, password: string) {
  const login = new LoginPage(page, bp.platform.url);
  await login.open();
  await login.logIn(username, password);
}

describe('system administration in the browser', () => {
  let createdPassword = '';

  it('a Chinese form shows a Chinese field error for a missing choice, and the error goes when the field is fixed', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'admin');
    await page.goto(`${bp.platform.url}/admin/users`);
    await page.waitForSelector('[data-testid="user-table"]');
    // The menu holds 系统管理 for the admin; its pages are tabs inside it.
    expect(await menu(page)).toContain('系统管理');
    expect(await page.$$eval('[data-testid="admin-tabs"] a', (as) => as.map((a) => a.textContent))).toEqual(['用户管理', '机构管理', '审计', '审计日志', '异地备份', '保存与销毁']);

    const form = page.locator('[data-testid="user-create"]');
    await form.locator('input[name="username"]').fill('e2e.officer');
    await form.locator('input[name="displayName"]').fill('端到端执法人员');
    await form.locator('select[name="agencyId"]').selectOption({ label: '金华市卫生健康委员会 › 金华市婺城区卫生健康局' });
    await form.locator('button[type="submit"]').click();
    await page.waitForSelector('[data-testid="error-role"]');
    expect(await fieldError(page, 'role')).toBe('请从列表中选择');
    expect(await page.textContent('[data-testid="user-create"]')).not.toMatch(/Invalid|expected one of/);
    // Fixing the field clears its error (and the banner that pointed at it) before anything is sent.
    await form.locator('select[name="role"]').selectOption('officer');
    await page.waitForSelector('[data-testid="error-role"]', { state: 'detached' });
    expect(await form.locator('[role="alert"]').count()).toBe(0);

    await form.locator('button[type="submit"]').click();
    await page.waitForSelector('[data-testid="otp-value"]');
    createdPassword = (await page.textContent('[data-testid="otp-value"]'))!.trim();
    expect(createdPassword.length).toBeGreaterThanOrEqual(10);
    await page.waitForSelector('tr[data-username="e2e.officer"]');
    expect(await page.textContent('tr[data-username="e2e.officer"]')).toContain('金华市婺城区卫生健康局');
    expectNoConsoleErrors(errors);
    await page.close();
  });

  it('an admin disables the account (it can no longer log in), enables it, resets its password; the audit shows each change', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'admin');
    await page.goto(`${bp.platform.url}/admin/users`);
    await page.click('tr[data-username="e2e.officer"] a');
    await page.waitForSelector('[data-testid="user-detail"][data-status="active"]');
    await page.waitForSelector('[data-testid="audit-trail"] tr[data-action="user.created"]');

    await page.click('button:has-text("停用账号")');
    await page.fill('dialog[open] textarea', '人员离职');
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForSelector('[data-testid="user-detail"][data-status="disabled"]');

    const other = await bp.browser.newPage({ locale: 'zh-CN' });
    await logInAs(other, 'e2e.officer', createdPassword);
    await other.waitForSelector('text=用户名或密码不正确');
    expect(new URL(other.url()).pathname).toBe('/login');

    await page.click('button:has-text("启用账号")');
    await page.fill('dialog[open] textarea', '返岗');
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForSelector('[data-testid="user-detail"][data-status="active"]');

    await page.click('button:has-text("重置密码")');
    await page.fill('dialog[open] textarea', '忘记密码');
    await page.click('dialog[open] button[type="submit"]');
    await page.waitForSelector('[data-testid="otp-value"]');
    const fresh = (await page.textContent('[data-testid="otp-value"]'))!.trim();
    expect(fresh).not.toBe(createdPassword);

    await page.waitForSelector('[data-testid="audit-trail"] tr[data-action="user.password_reset"]');
    const trail = await page.$$eval('[data-testid="audit-trail"] tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-action')} ${r.textContent}`));
    const changes = trail.filter((r) => r.startsWith('user.'));
    expect(changes.map((r) => r.split(' ')[0])).toEqual(['user.password_reset', 'user.enabled', 'user.disabled', 'user.created']);
    expect(changes[0]).toContain('重置密码');
    expect(changes[0]).toContain('忘记密码');
    expect(changes[2]).toContain('人员离职');
    expect(changes[2]).toContain('系统管理员');

    // The new password works; the one before does not.
    await other.goto(`${bp.platform.url}/login`);
    await logInAs(other, 'e2e.officer', fresh);
    await other.waitForURL((u) => !u.pathname.startsWith('/login'));
    expectNoConsoleErrors(errors);
    await other.close();
    await page.close();
  });

  it('an auditor logs in and lands on the audit page with his own menu, not the officer’s', async () => {
    const { page, errors } = await loggedInPage(bp.browser, bp.platform, 'auditor.zj');
    await page.waitForURL((u) => u.pathname === '/audit');
    await page.waitForSelector('[data-testid="audit-entries"] tr[data-action="auth.login"]');
    // The ledger's status is its own request: wait for it rather than read it while it loads.
    await page.locator('[data-testid="ledger-status"]', { hasText: '台账条目' }).waitFor();
    const items = await menu(page);
    expect(items[0]).toBe('审计');
    expect(items).not.toContain('系统管理');
    expect(items).not.toContain('处置统计');
    await page.click('button[role="tab"]:has-text("账号与机构变更")');
    await page.waitForSelector('[data-testid="audit-entries"] tr[data-action="user.disabled"]');
    expectNoConsoleErrors(errors);

    // The officer's menu has no audit and lands on the registry.
    const officer = await loggedInPage(bp.browser, bp.platform, 'officer.wc');
    await officer.page.waitForURL((u) => u.pathname === '/businesses');
    expect(await menu(officer.page)).not.toContain('审计');
    await officer.page.close();
    await page.close();
  });
});
