import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { drawInspection, type SizeRule } from '../../core/inspection/inspection-draw.js';
import type { Platform } from '../support/platform-process.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// 随机抽查 in Chromium on a phone (issue 16 item 2): the city's head plans a 双随机 inspection from his
// account menu, freezes and publishes the population, draws from a public value; the list shows each
// business with two officers, and is the one anyone redraws from the public file; a paired officer
// records his result from 我的检查任务.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
});
afterAll(async () => stop?.());

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('random inspection in the browser', () => {
  it('plans, commits, draws with paired officers, is redrawn from the public file, and a paired officer records the result', async () => {
    const today = shanghaiDay(new Date());
    const { page, errors } = await loggedInPage(browser, platform, 'manager.jh', phone);
    // The entry is in his account menu (folded away on a phone); the page opens from its address.
    await page.locator('[data-testid="account-menu"]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid="account-menu"] a[href="/inspection"]').count()).toBe(1);
    await page.goto(`${platform.url}/inspection`);
    await page.getByRole('heading', { name: '双随机抽查计划' }).waitFor();
    await page.getByRole('button', { name: '新建抽查计划' }).click();
    await page.fill('#ip-title', '金华市双随机抽查');
    await page.selectOption('#ip-agency', { label: '金华市卫生健康委员会' });
    await page.fill('#ip-from', today);
    await page.fill('#ip-to', today);
    await page.selectOption('#ip-mode', 'size');
    await page.fill('#ip-amount', '2');
    await page.fill('#ip-seed', `${today} 中国福利彩票双色球开奖号码`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: '保存计划' }).click();
    await page.waitForURL((u) => /^\/inspection\/[0-9a-f-]{36}$/.test(u.pathname));
    const planId = new URL(page.url()).pathname.split('/').pop()!;

    await page.getByRole('button', { name: '锁定并公布名单' }).click();
    const digest = page.getByTestId('inspection-digest');
    await digest.waitFor();
    expect(await digest.innerText()).toMatch(/^[0-9a-f]{64}$/);
    await page.fill('#ip-value', '03 08 15 21 27 30 + 11');
    await page.getByRole('button', { name: '抽取', exact: true }).click();
    const items = page.locator('[data-testid="inspection-items"] > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    expect(await items.first().innerText()).toContain('执法人员：');
    expect(await scrollsSideways(page)).toBe(false);

    // The public file (no login) redraws to the same list.
    const file = (await (await fetch(`${platform.url}/api/inspection/public/plans/${planId}`)).json()) as { seed: string; population: string[]; sizeRule: SizeRule; list: { businessId: string; officerIds: string[] }[] };
    expect(drawInspection(file.seed, file.population, file.sizeRule).items.map((i) => [i.businessId, i.officerIds])).toEqual(file.list.map((i) => [i.businessId, i.officerIds]));
    expectNoConsoleErrors(errors);

    // A paired officer records the result from 我的检查任务.
    const item = await db.selectFrom('inspection_items').select(['officer_ids']).where('plan_id', '=', planId).where('position', '=', 1).executeTakeFirstOrThrow();
    const first = await db.selectFrom('users').select('username').where('id', '=', item.officer_ids[0]).executeTakeFirstOrThrow();
    const officer = await loggedInPage(browser, platform, first.username, phone);
    await officer.page.goto(`${platform.url}/inspection/mine`);
    const form = officer.page.getByTestId('inspection-result-form').first();
    await form.waitFor();
    await form.locator('select').first().selectOption('no_problem');
    await form.getByRole('button', { name: '保存结果' }).click();
    await officer.page.locator('[data-testid="inspection-my-items"] .badge-ok').first().waitFor();
    expect((await db.selectFrom('inspection_items').select('result').where('plan_id', '=', planId).where('result', 'is not', null).execute()).length).toBe(1);
    expectNoConsoleErrors(officer.errors);
  });
});
