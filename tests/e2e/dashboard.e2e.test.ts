import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import type { Platform } from '../support/platform-process.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// 指挥看板 in Chromium (issue 16 item 1): a city manager opens the dashboard, sees coverage per
// district, drills a district's overdue flags down to the flag list, exports Excel (opened with
// exceljs, its numbers checked against the API); a district manager sees only his district and a
// drill into the other district is refused.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
const HOUR = 3600_000;

type Figures = { businesses: number; coverage: number | null; overdue: number; openOverdue: number; flags: number };
type Dashboard = { agency: { id: string; name: string }; period: { from: string; to: string }; totals: Figures; regions: { agency: { id: string; name: string }; figures: Figures }[] };

/** A manager created by the admin through the API, logged in once to set his own password. */
async function createManager(admin: Page, username: string, displayName: string, agencyCode: string): Promise<void> {
  const agency = await db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const csrf = await admin.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { csrfToken: string }).csrfToken);
  const res = await admin.request.post(`${platform.url}/api/admin/users`, { headers: { 'x-csrf-token': csrf }, data: { username, displayName, role: 'manager', agencyId: agency.id } });
  expect(res.status()).toBe(201);
  const { oneTimePassword } = (await res.json()) as { oneTimePassword: string };
  const password = `Dash-${username}-2026!`;
  const page = await browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${platform.url}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', oneTimePassword);
  await page.click('button[type="submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  if (new URL(page.url()).pathname === '/account/password') {
    await page.fill('input[name="currentPassword"]', oneTimePassword);
    await page.fill('input[name="newPassword"]', password);
    await page.fill('input[name="confirm"]', password);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname !== '/account/password');
    platform.logins.set(username, password);
  } else platform.logins.set(username, oneTimePassword);
  await page.close();
}


describe('the command view in the browser', () => {
  beforeAll(async () => {
    ({ platform, browser, db, stop } = await startBrowserPlatform());
    // Overdue flags in both districts: 3 in 婺城 (one decided late), 2 in 金东.
    const now = Date.now();
    await insertFlags(db, await cameraOf(db, '婺城区人民医院'), [{ deadline_at: new Date(now - 2 * HOUR) }, { deadline_at: new Date(now - 3 * HOUR) }, { deadline_at: new Date(now + 5 * HOUR) }]);
    await insertFlags(db, await cameraOf(db, '金东区江滨宾馆有限公司'), [{ deadline_at: new Date(now - HOUR) }, { deadline_at: new Date(now - 4 * HOUR) }]);
    const { page: admin } = await loggedInPage(browser, platform, 'admin');
    await createManager(admin, 'manager.city', '周敏(金华市)', '330700');
    await createManager(admin, 'manager.wc', '郑涛(婺城区)', '330702');
    await admin.close();
  });
  afterAll(async () => stop?.());

  it('a city manager sees coverage per district, drills a district\'s overdue flags to the flag list and exports Excel', async () => {
    const { page, errors } = await loggedInPage(browser, platform, 'manager.city', { viewport: { width: 1366, height: 768 } });
    // From the account menu (the bar is full at 1366 px).
    await page.goto(`${platform.url}/dashboard?from=${new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 8)}01&to=${new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10)}`);
    await page.getByTestId('dashboard-ready').waitFor();
    await page.getByRole('heading', { name: '指挥看板' }).waitFor();
    const api = (await (await page.request.get(`${platform.url}/api/dashboard${new URL(page.url()).search}`)).json()) as Dashboard;
    const rows = page.getByTestId('region-row');
    expect(await rows.count()).toBe(api.regions.length);
    expect(api.regions.map((r) => r.agency.name)).toEqual(expect.arrayContaining([expect.stringContaining('婺城'), expect.stringContaining('金东')]));
    for (const r of api.regions) {
      const row = page.locator(`[data-testid="region-row"][data-agency-id="${r.agency.id}"]`);
      expect(await row.getByTestId('region-coverage').innerText()).toBe(r.figures.coverage === null ? '—' : `${(Math.round(r.figures.coverage * 1000) / 10).toFixed(1)}%`);
      expect(Number(await row.getByTestId('region-overdue').innerText())).toBe(r.figures.overdue);
    }
    expect(await page.getByTestId('regions-chart').locator('canvas').count()).toBeGreaterThan(0);
    expect(await scrollsSideways(page)).toBe(false);

    // Excel: the download opened with exceljs carries the API's numbers.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const cells = wb.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])).map((v) => (typeof v === 'object' && v !== null && 'result' in v ? (v as { result: unknown }).result : v)));
    for (const r of api.regions) {
      expect(cells).toContain(r.agency.name);
      expect(cells).toContain(r.figures.overdue);
    }
    expect(cells).toContain(api.totals.businesses);

    // Drill: 婺城's overdue number → the flag list filtered to 婺城's overdue flags in the period.
    const wc = api.regions.find((r) => r.agency.name.includes('婺城'))!;
    await page.locator(`[data-testid="region-row"][data-agency-id="${wc.agency.id}"]`).getByTestId('region-overdue').click();
    await page.waitForURL((u) => u.pathname === '/flags' && u.searchParams.get('overdue') === 'true' && u.searchParams.get('agencyId') === wc.agency.id);
    await page.getByTestId('flag-list').waitFor();
    expect(await page.getByTestId('flag').count()).toBe(wc.figures.overdue);
    const chips = await page.getByTestId('filter-chips').innerText();
    expect(chips).toContain('婺城');
    expect(chips).toContain('逾期');
    // Back returns to the dashboard as it was.
    await page.goBack();
    await page.getByTestId('dashboard-ready').waitFor();
    expectNoConsoleErrors(errors);
  });

  it('a district manager sees only his district; a drill into the other district is refused', async () => {
    const { page, errors } = await loggedInPage(browser, platform, 'manager.wc', { viewport: { width: 1366, height: 768 } });
    await page.goto(`${platform.url}/dashboard`);
    await page.getByTestId('dashboard-ready').waitFor();
    expect(await page.getByTestId('region-trail').innerText()).toContain('婺城');
    expect(await page.getByTestId('region-row').count()).toBe(0); // a district has no regions below
    const jd = await db.selectFrom('agencies').select('id').where('code', '=', '330703').executeTakeFirstOrThrow();
    await page.goto(`${platform.url}/dashboard?agencyId=${jd.id}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByTestId('dashboard-ready').count()).toBe(0);
    expect((await page.request.get(`${platform.url}/api/dashboard?agencyId=${jd.id}`)).status()).toBe(403);
    // The lists behind the figures refuse the other district too.
    expect((await page.request.get(`${platform.url}/api/businesses?regionId=${jd.id}`)).status()).toBe(403);
    // Refusals show as failed 4xx loads (the 403s above, the login page's session probe); nothing else.
    expectNoConsoleErrors(errors);
  });
});
