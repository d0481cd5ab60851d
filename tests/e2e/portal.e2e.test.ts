import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { platformAdminUrl, type Platform } from '../support/platform-process.js';
import { deliveryJobs } from '../support/delivery-jobs.js';
import { noticeChannels } from '../support/finding-notices.js';
import { insertFlags } from '../support/review-flags.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// R6 in the browser: a confirmed flag becomes a finding; the platform e-mails the business (the
// loopback capture SMTP server takes it); the business opens the portal on a phone, opens the
// finding and disputes it with a statement; the status shows disputed, and nothing scrolls sideways.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ platform, browser, db, stop } = await startBrowserPlatform()));
afterAll(async () => stop?.());

describe('business portal on a phone', () => {
  it('the business opens its finding from the portal and disputes it with a statement', async () => {
    const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const officer = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
    const dev = await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).orderBy('created_at').executeTakeFirstOrThrow();
    const [flag] = await insertFlags(db, dev.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.id }]);
    // The notice's e-mail is a 'delivery.send' job enqueued with the finding; the running API sends it to the business's agreed address.
    const jobs = await deliveryJobs(platformAdminUrl(platform));
    const { findingId } = await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.id, enqueue: (t, id, cid) => jobs.enqueue(t as never, id, cid) })).finally(() => jobs.stop());
    const email = await waitFor('the notice e-mail', async () => (await noticeChannels(db, findingId)).find((c) => c.channel === 'email' && c.status !== 'queued'));
    expect(email.status).toBe('relayed'); // taken by the loopback capture SMTP server
    const mail = await db.selectFrom('outbox_messages').select(['body', 'to_address']).where('id', '=', email.outbox_id!).executeTakeFirstOrThrow();
    expect(mail.body).toContain(`/portal/findings/${findingId}`);

    const { page, errors } = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    await page.goto(`${platform.url}/portal/findings`);
    const item = page.locator(`[data-testid="finding-list"] a[href="/portal/findings/${findingId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('待确认');
    expect(await scrollsSideways(page)).toBe(false);

    await item.click();
    await page.locator('[data-testid="respond-form"]').waitFor();
    expect(await page.locator('h1').textContent()).toContain('摄像头被遮挡');
    expect(await scrollsSideways(page)).toBe(false);
    // Nothing is chosen for the business, and each answer says what it means.
    expect(await page.locator('input[name="decision"]:checked').count()).toBe(0);
    expect(await page.locator('[data-testid="respond-form"]').textContent()).toContain('表示您认可通报的情况属实');
    await page.getByRole('button', { name: '提交答复' }).click();
    expect(await page.locator('#finding-decision-error').textContent()).toContain('请先选择');
    await page.getByLabel('提出异议').check();
    await page.getByRole('button', { name: '提交异议' }).click();
    // A dispute needs reasons.
    await page.locator('#finding-statement-error').waitFor();
    await page.fill('#finding-statement', '当时摄像头正在检修,已提前报备。');
    await page.getByRole('button', { name: '提交异议' }).click();
    // What will be sent is shown once more; nothing is sent until it is confirmed.
    await page.locator('[data-testid="respond-review"][data-decision="dispute"]').waitFor();
    expect(await page.locator('[data-testid="respond-review"]').textContent()).toContain('当时摄像头正在检修');
    expect((await db.selectFrom('findings').select('status').where('id', '=', findingId).executeTakeFirstOrThrow()).status).toBe('notified');
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.locator('[data-testid="answer"]').waitFor();
    expect(await page.locator('.page-head [data-testid="finding-status"]').textContent()).toBe('已提出异议');
    expect(await page.locator('[data-testid="answer"]').textContent()).toContain('当时摄像头正在检修');
    expect(await page.locator('[data-testid="delivery-trail"]').textContent()).toContain('电子邮件');
    expect(await scrollsSideways(page)).toBe(false);

    const row = await db.selectFrom('findings').select(['status', 'statement']).where('id', '=', findingId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disputed', statement: '当时摄像头正在检修,已提前报备。' });
    const actions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', findingId).orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['finding.opened', 'finding.disputed']);
    expectNoConsoleErrors(errors);
    await page.close();
  });
});
