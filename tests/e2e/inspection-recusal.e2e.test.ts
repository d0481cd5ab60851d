import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../api/auth/password.js';
import type { Db } from '../../core/db/connect.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import type { Platform } from '../support/platform-process.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// 回避 in the plan form (行政处罚法 art. 43; issue 16 item 2): the city's head declares on a phone that
// 张伟 stands aside for 婺城区人民医院; a row begun but not finished is refused at its fields; the
// plan page shows the recusal, and the draw pairs the hospital with the other two 婺城 officers.
// Then the rotation of every category of the city, recomputed and shown in one calendar.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
});
afterAll(async () => stop?.());

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const userId = async (username: string) => (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

describe('recusals in the plan form; the rotation of every category', () => {
  it('declares a recusal with its reason, shows it on the plan, and keeps that officer off that business in the draw', async () => {
    // A third 婺城 officer, so that the hospital can still be given two once 张伟 stands aside.
    const wc = await db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow();
    await db.insertInto('users').values({ username: 'officer3.wc', display_name: '李娜(婺城执法)', password_hash: await hashPassword('Wucheng-officer3-2026'), role: 'officer', agency_id: wc.id }).execute();
    const today = shanghaiDay(new Date());
    const { page, errors } = await loggedInPage(browser, platform, 'manager.jh', phone);
    await page.goto(`${platform.url}/inspection`);
    await page.getByRole('button', { name: '新建抽查计划' }).click();
    await page.fill('#ip-title', '金华市回避测试抽查');
    await page.selectOption('#ip-agency', { label: '金华市卫生健康委员会' });
    await page.fill('#ip-from', today);
    await page.fill('#ip-to', today);
    await page.selectOption('#ip-mode', 'rate');
    await page.fill('#ip-amount', '100');
    await page.fill('#ip-seed', `${today} 中国福利彩票双色球开奖号码`);

    // A row begun (the officer chosen) but without business and reason: refused at those fields, nothing saved.
    await page.getByRole('button', { name: '添加回避' }).click();
    await page.locator('#rc-0-officer option', { hasText: '张伟(婺城执法)' }).waitFor({ state: 'attached' });
    await page.selectOption('#rc-0-officer', { label: '张伟(婺城执法)（金华市婺城区卫生健康局）' });
    await page.getByRole('button', { name: '保存计划' }).click();
    expect(await page.getByTestId('error-recusals-0-reason').innerText()).toBe('请填写回避理由');
    expect(await page.getByTestId('error-recusals-0-businessId').innerText()).toBe('请选择检查对象');
    expect(await db.selectFrom('inspection_plans').select('id').execute()).toEqual([]);

    await page.fill('#rc-0-search', '人民医院');
    await page.locator('#rc-0-business option', { hasText: '婺城区人民医院' }).waitFor({ state: 'attached' });
    await page.selectOption('#rc-0-business', { label: '婺城区人民医院' });
    await page.fill('#rc-0-reason', '其配偶在该院任职');
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: '保存计划' }).click();
    await page.waitForURL((u) => /^\/inspection\/[0-9a-f-]{36}$/.test(u.pathname));
    const planId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('inspection-recusal-list').innerText()).toContain('张伟(婺城执法) 不检查 婺城区人民医院：其配偶在该院任职');

    await page.getByRole('button', { name: '锁定并公布名单' }).click();
    await page.getByTestId('inspection-digest').waitFor();
    await page.fill('#ip-value', '03 08 15 21 27 30 + 11');
    await page.getByRole('button', { name: '抽取', exact: true }).click();
    await page.locator('[data-testid="inspection-items"] > li').first().waitFor();
    expectNoConsoleErrors(errors);

    // Every business is drawn (100%); the hospital goes to the two 婺城 officers who do not stand aside.
    const hospital = await db.selectFrom('businesses').select('id').where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
    const item = await db.selectFrom('inspection_items').select('officer_ids').where('plan_id', '=', planId).where('business_id', '=', hospital.id).executeTakeFirstOrThrow();
    expect([...item.officer_ids].sort()).toEqual([await userId('officer2.wc'), await userId('officer3.wc')].sort());
    const plan = await db.selectFrom('inspection_plans').select(['recusals', 'population']).where('id', '=', planId).executeTakeFirstOrThrow();
    expect(plan.recusals).toEqual([{ officerId: await userId('officer.wc'), businessId: hospital.id, reason: '其配偶在该院任职' }]);
  });

  it('shows the rotation of every category of a region together on a phone', async () => {
    const { page, errors } = await loggedInPage(browser, platform, 'manager.jh', phone);
    await page.goto(`${platform.url}/inspection/rotation`);
    await page.getByRole('heading', { name: '轮换检查计划' }).waitFor();
    await page.selectOption('#rot-agency', { label: '金华市卫生健康委员会' });
    await page.selectOption('#rot-category', { label: '全部类别' });
    await page.getByText('全部类别：各类别仍按本类别单独计算').waitFor();
    await page.getByRole('button', { name: '按当前覆盖情况重新计算' }).click();
    const calendar = page.getByTestId('rotation-calendar');
    await calendar.waitFor();
    const rows = await calendar.locator('tbody tr').allInnerTexts();
    // Each business with its own category: more than one category in the one calendar.
    const planned = await db.selectFrom('inspection_rotations').select('category').where('agency_id', '=', (await db.selectFrom('agencies').select('id').where('code', '=', '330700').executeTakeFirstOrThrow()).id).execute();
    expect(planned.length).toBeGreaterThan(1);
    for (const c of planned) expect(rows.some((r) => r.includes({ medical: '医疗机构', public_place: '公共场所', school_canteen: '学校食堂', water_supply: '供水单位', other: '其他' }[c.category]))).toBe(true);
    expect(await page.locator('.rotation-scroll').count()).toBe(1);
    expectNoConsoleErrors(errors);
  });
});
