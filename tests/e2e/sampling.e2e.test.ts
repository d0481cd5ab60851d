import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { drawSample } from '../../core/sampling/draw.js';
import type { Platform } from '../support/platform-process.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// 记录抽查 in Chromium on a phone (R13): the city's head plans an audit of 婺城区, draws it from a
// public value, sees the seed and how to redraw, reviews each item with the checklist, records a
// finding with a follow-up; the district officer who owns it closes it from 整改事项.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
});
afterAll(async () => stop?.());

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('sampling audits in the browser', () => {
  it('plans, draws, reviews, scores and follows up to closure', async () => {
    const today = shanghaiDay(new Date());
    const { page, errors } = await loggedInPage(browser, platform, 'manager.jh', phone);
    // The head reaches 记录抽查 from his statistics (his bar is full at 1366 px).
    await page.goto(`${platform.url}/review/stats`);
    await page.getByTestId('sampling-link').click();
    await page.getByRole('heading', { name: '执法记录抽查' }).waitFor();
    await page.getByRole('button', { name: '新建抽查计划' }).click();
    await page.fill('#sp-title', '婺城区录像抽查');
    await page.selectOption('#sp-agency', { label: '金华市婺城区卫生健康局' });
    await page.fill('#sp-from', today);
    await page.fill('#sp-to', today);
    await page.fill('#sp-amount', '2');
    await page.fill('#sp-seed', `${today} 中国福利彩票双色球开奖号码`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: '保存并公布计划' }).click();
    await page.waitForURL((u) => /^\/sampling\/[0-9a-f-]{36}$/.test(u.pathname));
    const planId = new URL(page.url()).pathname.split('/').pop()!;

    await page.fill('#draw-value', '03 08 15 21 27 30 + 11');
    await page.getByRole('button', { name: '抽取', exact: true }).click();
    const seed = page.getByTestId('sampling-seed');
    await seed.waitFor();
    expect(await seed.innerText()).toContain(`${planId}|03 08 15 21 27 30 + 11`);
    expect(await seed.innerText()).toContain('npm run sample');
    // The sample shown is the one anyone redraws from the published data.
    const file = (await (await page.request.get(`${platform.url}/api/sampling/plans/${planId}/draw.json`)).json()) as { seed: string; population: string[]; sample: string[] };
    expect(drawSample(file.seed, file.population, 2).sample).toEqual(file.sample);
    const items = page.locator('[data-testid="sampling-items"] > li');
    expect(await items.count()).toBe(2);
    expect(await scrollsSideways(page)).toBe(false);

    // Review: the first item fails "stored in time" with a note, the second passes every check.
    for (let i = 0; i < 2; i++) {
      const item = items.nth(i);
      await item.getByRole('button', { name: '评查' }).click();
      const form = item.getByTestId('item-review');
      for (const check of await form.locator('fieldset[data-check]').all()) {
        const fail = i === 0 && (await check.getAttribute('data-check')) === 'stored_in_time';
        await check.getByLabel(fail ? '不符合' : '符合', { exact: true }).check();
        if (fail) await check.getByPlaceholder('存在的问题').fill('录像超过2个工作日才导入专用存储');
      }
      await form.getByRole('button', { name: '保存评查' }).click();
      await item.getByText(/得分 \d/).waitFor();
    }
    expect(await items.nth(0).innerText()).toContain('录像超过2个工作日才导入专用存储');

    const findings = page.getByTestId('sampling-findings');
    await findings.getByRole('button', { name: '记录问题' }).click();
    await page.selectOption('#sf-check', { label: '是否按时存储并标注（2个工作日内导入专用存储，标明日期、当事人、事项、执法人员）' });
    await page.fill('#sf-desc', '录像未按时导入，未经批准延期');
    await page.locator('#sf-owner option', { hasText: '张伟' }).first().waitFor({ state: 'attached' });
    const owner = await page.locator('#sf-owner option', { hasText: '张伟' }).first().getAttribute('value');
    await page.selectOption('#sf-owner', owner!);
    await findings.getByRole('button', { name: '记录问题' }).click();
    await findings.getByText('录像未按时导入，未经批准延期').waitFor();
    await page.getByRole('button', { name: '完成抽查' }).click();
    await page.getByTestId('plan-status').getByText('已完成').waitFor();
    expect(await page.getByTestId('audit-score').innerText()).toMatch(/^\d+(\.\d)?$/);
    expectNoConsoleErrors(errors);
    await page.close();

    // The owner closes his follow-up from 整改事项.
    const officer = await loggedInPage(browser, platform, 'officer.wc', phone);
    await officer.page.goto(`${platform.url}/sampling/follow-ups`);
    const mine = officer.page.getByTestId('follow-ups');
    await mine.getByText('录像未按时导入，未经批准延期').waitFor();
    await mine.getByPlaceholder('整改情况').fill('已补办延期导入审批');
    await mine.getByRole('button', { name: '整改完毕' }).click();
    await mine.getByText('已整改').waitFor();
    expect(await scrollsSideways(officer.page)).toBe(false);
    expectNoConsoleErrors(officer.errors);
    await officer.page.close();

    const actions = await db.selectFrom('ledger_entries').select('action').where('action', 'like', 'sampling_%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['sampling_plan.created', 'sampling_plan.drawn', 'sampling_item.drawn', 'sampling_item.drawn', 'sampling_item.reviewed', 'sampling_item.reviewed', 'sampling_finding.created', 'sampling_plan.completed', 'sampling_finding.closed']);
  });
});
