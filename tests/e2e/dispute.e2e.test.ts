import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { httpLogin } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { noticeChannels } from '../support/finding-notices.js';
import { insertFlags } from '../support/review-flags.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 12 item 4 in Chromium: the business has disputed a finding; the officer finds it in his
// worklist (异议与答复) with the time left to answer, opens it, is refused a blank reply, upholds
// the finding with a written reply; the business, whose finding page is open on its phone, sees
// the agency's answer arrive without reloading, in the steps of its trail and as a notice; an
// unanswered finding past its deadline is marked overdue in the officer's list.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => ({ platform, browser, db, stop } = await startBrowserPlatform()));
afterAll(async () => stop?.());

describe('the officer answers a dispute; the business reads the answer', () => {
  it('worklist → flag page → uphold with a reply → the business sees it live on its phone; all ledgered', async () => {
    const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
    const officerRow = await db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
    const dev = await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).orderBy('created_at').executeTakeFirstOrThrow();
    // Findings are opened for confirmed flags (the flag page asks for its finding only then).
    const confirmed = { review_status: 'confirmed' as const, decided_at: new Date(), decided_by: officerRow.id };
    const [flag, lateFlag] = await insertFlags(db, dev.id, [confirmed, confirmed]);
    const { findingId } = await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officerRow.id }));
    // A second finding the business never answered, its deadline passed (the sweep has not run yet).
    const day = 86400_000;
    const { findingId: lateId } = await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: lateFlag.id, confirmedBy: officerRow.id, confirmedAt: new Date(Date.now() - 8 * day), respondBy: new Date(Date.now() - day) }));
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    await biz.call('POST', `/api/portal/findings/${findingId}/respond`, { decision: 'dispute', statement: '当时摄像头正在检修,已提前报备。', expectedVersion: 1 });

    // The business keeps its finding open on the phone.
    const phone = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.page.goto(`${platform.url}/portal/findings/${findingId}`);
    await phone.page.locator('.page-head [data-testid="finding-status"]', { hasText: '已提出异议' }).waitFor();
    expect(await phone.page.locator('[data-testid="finding-reply"]').count()).toBe(0);

    // The officer: the menu leads to the worklist; the dispute is there with its deadline.
    const wc = await loggedInPage(browser, platform, 'officer.wc');
    await wc.page.goto(`${platform.url}/flags`);
    await wc.page.getByRole('link', { name: '异议与答复' }).click();
    await wc.page.waitForURL((u) => u.pathname === '/findings/worklist');
    const row = wc.page.locator(`[data-testid="finding-worklist"] [data-finding-id="${findingId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('false');
    expect(await row.textContent()).toContain('异议处理期限');
    expect(await row.locator('[data-testid="worklist-deadline"]').textContent()).toMatch(/剩余/);
    // Unanswered: the overdue one is marked.
    await wc.page.locator('[data-queue="unanswered"]').click();
    const late = wc.page.locator(`[data-testid="finding-worklist"] [data-finding-id="${lateId}"]`);
    await late.waitFor();
    expect(await late.getAttribute('data-overdue')).toBe('true');
    expect(await late.locator('[data-testid="worklist-deadline"]').textContent()).toContain('超期');
    expect(await late.textContent()).toContain('告知时间');
    await wc.page.locator('[data-queue="disputed"]').click();
    await row.locator('a').click();
    await wc.page.waitForURL((u) => u.pathname === `/flags/${flag.id}`);

    // On the flag page: the three actions; a blank reply is refused at the field.
    const panel = wc.page.locator('[data-testid="finding-decisions"]');
    await panel.waitFor();
    expect(await panel.locator('button[data-decision]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-decision')))).toEqual(['accept', 'uphold', 'refer']);
    await panel.getByRole('button', { name: '维持原认定并答复' }).click();
    const dialog = wc.page.locator('[data-testid="finding-decision-dialog"][data-kind="uphold"]');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '确认' }).click();
    expect(await dialog.locator('[data-testid="error-reason"]').textContent()).toContain('请填写答复内容');
    expect((await db.selectFrom('findings').select('status').where('id', '=', findingId).executeTakeFirstOrThrow()).status).toBe('disputed');
    const reply = '经调取设备运行记录,检修报备时间为次日,与发现时间不符,维持原认定。';
    await dialog.locator('textarea[name="reason"]').fill(reply);
    await dialog.getByRole('button', { name: '确认' }).click();
    await wc.page.locator('[data-testid="flag-finding"] [data-testid="finding-status"]', { hasText: '维持原认定' }).waitFor();
    expect(await wc.page.locator('[data-testid="finding-reply"]').textContent()).toContain(reply);
    // Upheld: only the referral is left to do.
    expect(await panel.locator('button[data-decision]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-decision')))).toEqual(['refer']);
    expect(await wc.page.locator('[data-testid="finding-steps"] [data-kind="upheld"]').textContent()).toContain('张伟');

    // The business's page shows the answer without a reload, in the steps and as a notice.
    await phone.page.locator('[data-testid="finding-reply"][data-kind="uphold"]').waitFor({ timeout: 10_000 });
    expect(await phone.page.locator('.page-head [data-testid="finding-status"]').textContent()).toBe('维持原认定');
    expect(await phone.page.locator('[data-testid="finding-reply"]').textContent()).toContain(reply);
    expect(await phone.page.locator('[data-testid="finding-reply"]').textContent()).toContain('异议不成立');
    // Its own answer still reads as what it answered.
    expect(await phone.page.locator('[data-testid="answer"] [data-testid="finding-status"]').textContent()).toBe('已提出异议');
    expect(await phone.page.locator('[data-testid="finding-steps"] [data-kind="upheld"]').textContent()).toContain(reply);
    expect(await phone.page.locator('[data-testid="delivery-trail"]').textContent()).toContain('异议处理结果');
    expect(await scrollsSideways(phone.page)).toBe(false);

    // The e-mail went out too; every step is in the ledger.
    const mail = await waitFor('the decision e-mail', async () => (await noticeChannels(db, findingId)).find((c) => c.purpose === 'finding.decision' && c.channel === 'email' && c.status !== 'queued'));
    const body = await db.selectFrom('outbox_messages').select('body').where('id', '=', mail.outbox_id!).executeTakeFirstOrThrow();
    expect(body.body).toContain(reply);
    const actions = (await db.selectFrom('ledger_entries').select('action').where('entity_id', '=', findingId).orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['finding.opened', 'finding.disputed', 'finding.upheld']);
    expectNoConsoleErrors(wc.errors);
    expectNoConsoleErrors(phone.errors);
    await wc.page.close();
    await phone.page.close();
  });

  it('a legal reviewer reads the worklist and the finding but is offered no action', async () => {
    const legal = await loggedInPage(browser, platform, 'legal.jh');
    await legal.page.goto(`${platform.url}/findings/worklist`);
    await legal.page.locator('h1', { hasText: '异议与答复跟踪' }).waitFor();
    await legal.page.locator('[data-queue="unanswered"]').click();
    await legal.page.locator('[data-testid="finding-worklist"] a').first().click();
    await legal.page.locator('[data-testid="flag-finding"] [data-testid="finding-steps"]').waitFor();
    expect(await legal.page.locator('[data-testid="finding-decisions"]').count()).toBe(0);
    expectNoConsoleErrors(legal.errors);
    await legal.page.close();
  });
});
