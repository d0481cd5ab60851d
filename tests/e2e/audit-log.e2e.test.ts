import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import type { Platform } from '../support/platform-process.js';
import { insertReads } from '../support/record-reads.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// 审计日志 in the browser (issue 15 item 6): a unit head finds it in his account menu (not in the
// full bar), searches, opens a record's trail and its PDF; an auditor's page fits a phone.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
const record = '7d9a3c1e-0000-4000-8000-000000000001';

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  const wc = await db.selectFrom('agencies').select('path').where('code', '=', '330702').executeTakeFirstOrThrow();
  const officer = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
  const now = Date.now();
  await insertReads(db, [
    { at: new Date(now - 3_600_000), user_id: officer.id, user_name: officer.display_name, role: 'officer', action: 'play', record_kind: 'mobile_recording', record_id: record, agency_path: wc.path, ip: '10.0.0.1', bytes: 1234 },
    { at: new Date(now - 1_800_000), user_id: officer.id, user_name: officer.display_name, role: 'officer', action: 'download', outcome: 'denied', denied_reason: 'no_grant', record_kind: 'mobile_recording', record_id: record, agency_path: wc.path, ip: '10.0.0.1' },
  ]);
}, 600_000);
afterAll(async () => stop?.());

describe('the audit log page', () => {
  it('is in a unit head’s account menu, lists reads and opens a record’s trail and its PDF', async () => {
    const { page, errors } = await loggedInPage(browser, platform, 'manager.jh', { viewport: { width: 1366, height: 900 } });
    expect(await page.locator('.topbar .nav-links a[href="/audit/reads"]').count()).toBe(0);
    await page.locator('[data-testid="account-menu"] summary').click();
    await page.locator('[data-testid="account-menu"] a[href="/audit/reads"]').click();
    await page.waitForURL((u) => u.pathname === '/audit/reads');
    const rows = page.locator('[data-testid="audit-reads"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-outcome')).toBe('denied');
    await rows.first().locator('a').click();
    await page.waitForURL((u) => u.pathname === `/audit/records/mobile_recording/${record}`);
    const events = page.locator('[data-testid="trail-events"] tbody tr');
    await events.first().waitFor();
    expect(await events.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event')))).toEqual(['played', 'refused']);
    const href = await page.locator('[data-testid="trail-pdf"]').getAttribute('href');
    const pdf = await page.request.get(`${platform.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // An empty search says so.
    await page.goto(`${platform.url}/audit/reads?person=nobody-at-all`);
    await page.locator('.empty').waitFor();
    await page.close();
    expectNoConsoleErrors(errors);
  });

  it('fits a phone for the auditor, with the ledger and the audit log as tabs', async () => {
    const { page, errors } = await loggedInPage(browser, platform, 'auditor.zj', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${platform.url}/audit/reads`);
    await page.locator('[data-testid="audit-reads"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="audit-tabs"] a').count()).toBe(2);
    expect(await scrollsSideways(page)).toBe(false);
    await page.close();
    expectNoConsoleErrors(errors);
  });
});
