import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { httpConfirmServiceAddresses } from '../support/service-address.js';
import { insertFlags } from '../support/review-flags.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 14 item 2 in Chromium, on the demo platform (its pg-boss worker sends each channel; mail
// goes over SMTP to the loopback capture server, which answers with a queue id): the officer
// serves the decision from the case workspace's 送达 panel; the panel follows the delivery until
// it is served and shows every evidence event (relay accepted with its queue id, portal,
// completion); the business acknowledges in the portal API; the workspace shows the 送达 stage
// with its 送达回证 — also on a 390 px phone, nothing running off the side.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let officer: HttpSession;
let manager: HttpSession;

type Ws = { case: { id: string; version: number }; evidence: { id: string; version: number }[] };
async function stage(s: HttpSession, id: string, body: Record<string, unknown>) {
  const w = await s.call<Ws>('GET', `/api/cases/${id}`);
  return s.call<Ws>('POST', `/api/cases/${id}/stages`, { expectedVersion: w.case.version, ...body });
}

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  // The hospital signs its 送达地址确认书 over the addresses it proved and its portal account (electronic
  // service goes only there: issue 14 item 1); the demo seeds none.
  const hosp = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
  await httpConfirmServiceAddresses(db, hosp);
});
afterAll(async () => stop?.());

/** The hospital's confirmed flag filed and taken to its decision through the API (the case pages are issue 13's test). */
async function decidedCase(): Promise<string> {
  const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const device = await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow();
  const [flag] = await insertFlags(db, device.id, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id }]);
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const second = await db.selectFrom('users').select('id').where('username', '=', 'officer2.wc').executeTakeFirstOrThrow();
  let w = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, second.id], summary: '摄像头被遮挡。', headOpinion: '同意受理。', headId: manager.user.id });
  const id = w.case.id;
  for (const e of w.evidence) w = await officer.call<Ws>('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'].map((p) => [p, { met: true }])), expectedVersion: e.version });
  const penalty = { kinds: ['fine'], fineYuan: 20000 };
  const facts = '当事人消毒供应室操作间摄像头被遮挡，期间未按规定对复用器械进行消毒。';
  await stage(officer, id, { kind: 'filing', fields: { report: '建议立案' } });
  await stage(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
  await stage(officer, id, { kind: 'investigation_end', fields: { facts, evidenceSummary: '视频', proposal: '罚款', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '一般情节' } });
  const members = ['钱伟', '张伟', '李娜'].map((name) => ({ name, role: '合议人员' }));
  await stage(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: '同意', place: '会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意' })) } });
  await stage(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  await stage(officer, id, { kind: 'prior_notice', fields: { facts, legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: false } });
  await stage(officer, id, { kind: 'statement', fields: { waived: false, statement: '请求从轻。', hearingWaived: true } });
  await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty, facts, legalBasis: '《消毒管理办法》第四十一条', discretion: '一般情节', correction: { kind: 'order', what: '立即改正' }, statementReview: '不予采纳' } });
  return id;
}

describe('serving the decision from the case workspace (issue 14 item 2)', () => {
  it('送达 → e-mail relayed with its queue id and the portal → served, events shown with their hashes → acknowledged → 送达回证 on the 送达 stage; fits a phone', async () => {
    const id = await decidedCase();
    const wc = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 1024, height: 768 } });
    await wc.page.goto(`${platform.url}/cases/${id}`);
    const panel = wc.page.locator('[data-testid="case-deliveries"]');
    const decision = panel.locator('[data-testid="delivery-document"][data-kind="penalty_decision"]');
    await decision.locator('[data-testid="delivery-serve"]').click();
    await decision.locator('[data-testid="delivery"][data-status="served"]').waitFor({ timeout: 60_000 });
    // The e-mail's relay is recorded once its job ran (the portal may have completed the service first).
    await decision.locator('[data-testid="delivery-event"][data-kind="relay_accepted"]').waitFor({ timeout: 60_000 }).catch(async () => {
      await wc.page.reload();
      await decision.locator('[data-testid="delivery-event"][data-kind="relay_accepted"]').waitFor({ timeout: 30_000 });
    });
    const kinds = await decision.locator('[data-testid="delivery-event"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds.slice(0, 2)).toEqual(['submission_accepted', 'delivered_to_portal']);
    expect(kinds).toContain('service_completed');
    expect(await decision.locator('[data-testid="delivery-event"][data-kind="relay_accepted"]').textContent()).toMatch(/queued as [0-9A-F]+/);
    expect(await decision.locator('[data-testid="delivery-served-at"]').textContent()).toContain('送达日期');
    expect(await decision.locator('[data-testid="delivery-serve"]').count()).toBe(0);

    // The business acknowledges in the portal (its pages are the next task; the API is here).
    const biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
    const inbox = await biz.call<{ items: { id: string; documentKind: string }[] }>('GET', '/api/portal/deliveries');
    const mine = inbox.items.find((d) => d.documentKind === 'penalty_decision')!;
    await biz.call('POST', `/api/portal/deliveries/${mine.id}/acknowledge`);
    await wc.page.reload();
    await decision.locator('[data-testid="delivery-event"][data-kind="acknowledged"]').waitFor();
    expect(await wc.page.locator('[data-testid="case-stage"][data-kind="service"] [data-testid="case-document"][data-kind="service_certificate"]').count()).toBeGreaterThanOrEqual(1);
    expect(await scrollsSideways(wc.page)).toBe(false);
    expectNoConsoleErrors(wc.errors);

    // The prior notice by post, recorded with its proof (民诉法第九十一条): a missing tracking number is named at its field.
    const notice = panel.locator('[data-testid="delivery-document"][data-kind="prior_notice"]');
    await notice.locator('[data-testid="delivery-method"]').click();
    const form = notice.locator('[data-testid="service-method-form"]');
    await form.locator('input[name="carrier"]').fill('中国邮政EMS');
    await form.locator('input[name="receivedOn"]').fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    await form.getByRole('button', { name: '记录送达' }).click();
    await form.locator('[data-testid="error-trackingNumber"]').waitFor();
    await form.locator('input[name="trackingNumber"]').fill('EA123456789CN');
    await form.getByRole('button', { name: '记录送达' }).click();
    await notice.locator('[data-testid="delivery"][data-status="served"]').waitFor();
    expect(await notice.textContent()).toContain('民事诉讼法第九十一条');
    expect(await notice.locator('[data-testid="delivery-event"][data-kind="method_recorded"]').textContent()).toContain('EA123456789CN');
    expectNoConsoleErrors(wc.errors);

    const phone = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.page.goto(`${platform.url}/cases/${id}`);
    await phone.page.locator('[data-testid="delivery"][data-status="served"]').first().waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    expectNoConsoleErrors(phone.errors);
  }, 240_000);
});
