import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationRequester } from '../../api/disclosure/disclosure.api.js';
import { watchConsole } from '../support/browser.js';
import { httpLogin } from '../support/http-client.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform, type BrowserPlatform } from './pages.js';

// The public disclosure page (issue 16 item 5; 行政处罚法第四十八条) on a phone, no login: two
// inspection results asked for through the PublicationRequester port and approved by the city head
// over HTTP, one then withdrawn with its reason. The list shows both (the withdrawn one 已撤回), the
// published one its masked text, the withdrawn one its date and reason and no text.
let bp: BrowserPlatform;

beforeAll(async () => {
  bp = await startBrowserPlatform();
});
afterAll(async () => {
  await bp?.stop();
});

describe('public disclosure page (no login)', () => {
  it('shows a published result masked, and a withdrawn one with its reason', async () => {
    const { platform, browser, db } = bp;
    const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
    const head = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
    const hosp = await db.selectFrom('businesses').select(['id', 'agency_id']).where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
    const ask = publicationRequester(db);
    const published = await ask({ kind: 'inspection_result', sourceId: crypto.randomUUID(), agencyId: hosp.agency_id, businessId: hosp.id, title: '婺城区人民医院消毒隔离专项检查结果', body: '2026年12月3日检查，院方联系人王建国（13812345678）陪同，未发现违法行为。', requestedBy: officer.user.id });
    const withdrawn = await ask({ kind: 'inspection_result', sourceId: crypto.randomUUID(), agencyId: hosp.agency_id, businessId: hosp.id, title: '婺城区人民医院双随机抽查结果', body: '2026年11月抽查，发现消毒记录不全，已责令改正。', requestedBy: officer.user.id });
    for (const p of [published, withdrawn]) await head.call('POST', `/api/publications/${p.id}/decision`, { decision: 'approve', opinion: '同意公开' });
    await head.call('POST', `/api/publications/${withdrawn.id}/withdraw`, { reason: '抽查结论经复核有误，撤回并更正' });

    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const errors = watchConsole(page);
    await page.goto(`${platform.url}/public`);
    const list = page.locator('[data-testid="public-publications"] li');
    await expect.poll(() => list.count()).toBe(2);
    const open = list.filter({ hasText: '消毒隔离专项检查结果' });
    const gone = list.filter({ hasText: '双随机抽查结果' });
    expect(await open.textContent()).not.toContain('已撤回');
    expect(await gone.textContent()).toContain('已撤回');
    expect(await scrollsSideways(page)).toBe(false);

    // Searching by name narrows the list.
    await page.getByRole('searchbox').fill('消毒隔离');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => list.count()).toBe(1);

    await open.getByRole('link').click();
    const detail = page.locator('[data-testid="public-publication"]');
    await detail.waitFor();
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('院方联系人王某（138****5678）陪同');
    expect(text).not.toContain('王建国');
    expect(text).not.toContain('13812345678');

    await page.goto(`${platform.url}/public`);
    await gone.getByRole('link').click();
    const withdrawal = page.locator('[data-testid="withdrawal"]');
    await withdrawal.waitFor();
    expect(await withdrawal.textContent()).toContain('撤回理由：抽查结论经复核有误，撤回并更正');
    expect((await page.locator('[data-testid="public-publication"]').textContent()) ?? '').not.toContain('消毒记录不全');
    expect(await scrollsSideways(page)).toBe(false);

    // The register of monitoring devices opens without a login too.
    await page.goto(`${platform.url}/public/devices`);
    await page.locator('[data-testid="public-devices"]').waitFor({ state: 'attached' });
    expect(page.url()).not.toContain('/login');
    // In English the page's own words are English (titles, names and addresses are data).
    await page.evaluate(() => localStorage.setItem('vigil.lang', 'en'));
    await page.goto(`${platform.url}/public`);
    expect(await page.locator('h1').textContent()).toBe('Published penalty decisions');
    await expect.poll(async () => (await list.first().textContent()) ?? '').toContain('Withdrawn');
    expectNoConsoleErrors(errors);
    await page.close();

    // The head's 公开管理: the published result with its public page, the withdrawn one with its reason.
    const staff = await loggedInPage(browser, platform, 'manager.jh');
    await staff.page.goto(`${platform.url}/disclosure?tab=published`);
    const card = staff.page.locator(`[data-publication="${published.id}"]`);
    await card.waitFor();
    expect(await card.getByRole('link', { name: '查看公开页' }).getAttribute('href')).toMatch(/^\/public\/publications\/[A-Za-z0-9]+$/);
    await staff.page.goto(`${platform.url}/disclosure?tab=withdrawn`);
    await staff.page.locator(`[data-publication="${withdrawn.id}"]`).filter({ hasText: '抽查结论经复核有误' }).waitFor();
    expectNoConsoleErrors(staff.errors);
    await staff.page.close();
  });
});
