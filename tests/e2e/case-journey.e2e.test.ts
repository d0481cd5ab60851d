import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { watchConsole } from '../support/browser.js';
import { verifyCli, writeBundleFolder } from '../support/case-bundle.js';
import { BASIS, FACTS, caseToApproval, recordStage, serveDocument, type JourneyWs } from '../support/case-journey.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { poppler } from '../support/seal-pdf.js';
import { httpConfirmServiceAddresses } from '../support/service-address.js';
import { waitFor } from '../support/wait.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 14's journey end to end on the running platform (`main.ts --demo`, its loopback SMTP
// server answering with queue ids), the business on a 360 px phone in Chromium:
//  1. the hospital has signed its 送达地址确认书 (its proven e-mail and its portal account);
//  2. case A: the prior notice is served; on the phone the business asks for a hearing; a hearing
//     notice less than seven days ahead is refused naming art. 64(2); one in time is served and
//     shown on the phone with its place and time;
//  3. case B: the prior notice is served; on the phone the business confirms receipt and sends its
//     statement waiving the hearing; the windows ran from the service; the head decides; the
//     decision is served by e-mail (relayed with its queue id) and to the portal — the earlier
//     arrival (the portal) is the service date; on the phone the business opens it, sees when to
//     pay (15 days from service) and confirms receipt; the 送达回证 has every event in order, its
//     second version the receipt;
//  4. the fine is paid (receipt), the case closed, archived by the archivist, exported; `npm run
//     verify -- case.zip` passes and names the file after one byte of it changes; the bundle's
//     index.html, opened from disk, says the same.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let dir: string;
let officer: HttpSession;
let manager: HttpSession;
let biz: HttpSession;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-journey-e2e-'));
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  biz = await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!);
  // The demo proved hosp@example.cn with a code; the hospital signs for it and its portal account.
  await httpConfirmServiceAddresses(db, biz, { portal: true });
});
afterAll(async () => {
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
});

type Delivery = { id: string; documentKind: string; status: string; servedAt: string | null; certificateId: string | null; channels: { channel: string; address: string; status: string }[]; events: { seq: number; kind: string; channel: string | null; at: string; detail: Record<string, unknown> }[]; chain: { ok: boolean } };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bank receipt')]);
const penalty = { kinds: ['fine'], fineYuan: 20000 };
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const flat = (s: string) => s.replace(/\s+/g, '');
const refusalOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error) => e.message);

async function deliveryOf(caseId: string, kind: string): Promise<Delivery> {
  const { items } = await officer.call<{ items: Delivery[] }>('GET', `/api/cases/${caseId}/deliveries`);
  return items.filter((d) => d.documentKind === kind).at(-1)!;
}
/** Serves and waits until the e-mail's job has run and the delivery is settled (served). */
async function serveAndSettle(caseId: string, kind: string): Promise<Delivery> {
  await serveDocument(db, officer, caseId, kind);
  return waitFor(`${kind} served with the e-mail relayed`, async () => {
    const d = await deliveryOf(caseId, kind);
    return d.status === 'served' && d.events.some((e) => e.kind === 'relay_accepted') ? d : null;
  }, 60_000);
}

describe('issue 14 end to end: served, answered on a phone, decided, served, paid, closed, archived, exported and checked offline', () => {
  it('the hearing path: asked for on the phone; a notice under seven days refused; one in time served and shown', async () => {
    const id = await caseToApproval(db, { officer, manager }, { fineYuan: 20000, cause: '未按规定开展消毒工作(听证)' });
    await recordStage(officer, id, { kind: 'prior_notice', fields: { facts: FACTS, legalBasis: BASIS, violated: ['《消毒管理办法》第四条'], penalty, hearingRight: true } });
    await serveAndSettle(id, 'prior_notice');

    const phone = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await phone.page.goto(`${platform.url}/portal/cases/${id}`);
    await phone.page.locator('[data-testid="party-case"][data-state="notified"]').waitFor();
    await phone.page.locator('[data-action="request-hearing"]').click();
    await phone.page.locator('[data-testid="hearing-confirm"]').getByRole('button', { name: '要求听证' }).click();
    await phone.page.locator('[data-testid="hearing-requested"]').waitFor();

    // A hearing notice for three days from now: refused naming art. 64(2), nothing recorded.
    const chair = (await db.selectFrom('users').select('id').where('username', '=', 'officer.jd').executeTakeFirstOrThrow()).id;
    const stagesBefore = (await officer.call<{ timeline: unknown[] }>('GET', `/api/cases/${id}`)).timeline.length;
    const soon = await refusalOf(recordStage(officer, id, { kind: 'hearing_notice', fields: { hearingAt: new Date(Date.now() + 3 * 86400_000).toISOString(), place: '婺城区卫生监督所听证室', chairId: chair, clerk: '吴婷' } }));
    expect(soon).toMatch(/409 .*hearing_notice_too_late.*行政处罚法第六十四条第（二）项/);
    expect((await officer.call<{ timeline: unknown[] }>('GET', `/api/cases/${id}`)).timeline.length).toBe(stagesBefore);
    // Seven working days must lie between (行政处罚法第八十五条: the law's 日 are working days); three weeks ahead:
    // recorded, served, on the phone with its place; its receipt confirmed there.
    const hearingAt = new Date(Date.now() + 21 * 86400_000);
    await recordStage(officer, id, { kind: 'hearing_notice', fields: { hearingAt: hearingAt.toISOString(), place: '婺城区卫生监督所听证室', chairId: chair, clerk: '吴婷' } });
    await serveAndSettle(id, 'hearing_notice');
    await phone.page.reload();
    const notice = phone.page.locator('[data-testid="party-hearing-notice"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('婺城区卫生监督所听证室');
    const doc = phone.page.locator('[data-testid="party-document"][data-kind="hearing_notice"]');
    await doc.locator('[data-testid="party-document-acknowledge"]').click();
    await phone.page.locator('[data-testid="party-document"][data-kind="hearing_notice"][data-acknowledged="true"]').waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    expectNoConsoleErrors(phone.errors);
  }, 240_000);

  it('the decision path: statement on the phone, decision served by e-mail and portal, receipt confirmed, paid, closed, archived, exported, verified', async () => {
    const id = await caseToApproval(db, { officer, manager }, { fineYuan: 20000 });
    await recordStage(officer, id, { kind: 'prior_notice', fields: { facts: FACTS, legalBasis: BASIS, violated: ['《消毒管理办法》第四条'], penalty, hearingRight: true } });
    const noticeDelivery = await serveAndSettle(id, 'prior_notice');

    // The business on its phone: the notice, served, confirmed; the periods run from its service.
    const phone = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await phone.page.goto(`${platform.url}/portal/cases/${id}`);
    await phone.page.locator('[data-testid="party-case"][data-state="notified"]').waitFor();
    const notice = phone.page.locator('[data-testid="party-document"][data-kind="prior_notice"]');
    expect(await notice.locator('[data-testid="party-document-served"]').textContent()).toContain('送达');
    await notice.locator('[data-testid="party-document-acknowledge"]').click();
    await phone.page.locator('[data-testid="party-document"][data-kind="prior_notice"][data-acknowledged="true"]').waitFor();
    const party = await biz.call<{ statement: { window: { startedAt: string } }; hearing: { window: { startedAt: string } } }>('GET', `/api/portal/cases/${id}`);
    for (const w of [party.statement.window, party.hearing.window]) expect(Date.parse(w.startedAt)).toBeGreaterThanOrEqual(Date.parse(noticeDelivery.servedAt!) - 1000);
    // Its statement, waiving the hearing expressly.
    await phone.page.fill('#party-statement', '设备检修期间临时遮挡,已于当日整改,请求从轻处理。');
    await phone.page.locator('input[name="hearingWaived"]').check();
    await phone.page.getByRole('button', { name: '提交陈述、申辩' }).click();
    await phone.page.getByRole('button', { name: '确认提交' }).click();
    await phone.page.locator('[data-testid="party-act"][data-kind="statement"]').waitFor();
    await phone.page.locator('[data-testid="hearing-waived"]').waitFor();
    expectNoConsoleErrors(phone.errors);

    // The head decides; the decision is served by e-mail (over SMTP to the loopback server) and to the portal.
    await recordStage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty, facts: FACTS, legalBasis: BASIS, violated: ['《消毒管理办法》第四条'], basis: [BASIS], correction: { kind: 'order', what: '立即拆除遮挡物。' }, statementReview: '当事人已整改，维持拟作出的处罚。' } });
    const served = await serveAndSettle(id, 'penalty_decision');
    expect(served.channels.map((c) => c.channel).sort()).toEqual(['email', 'portal']);
    const relay = served.events.find((e) => e.kind === 'relay_accepted')!;
    expect(JSON.stringify(relay.detail)).toMatch(/queued as [0-9A-F]+/);
    // Two channels arrived at different times: the earlier one (the portal) is the service date (民诉法第九十条).
    const portalArrival = served.events.find((e) => e.kind === 'delivered_to_portal')!;
    expect(Date.parse(portalArrival.at)).toBeLessThan(Date.parse(relay.at));
    expect(served.servedAt).toBe(portalArrival.at);

    // On the phone: the decision, when to pay (fifteen days from service), receipt confirmed.
    await phone.page.reload();
    const decision = phone.page.locator('[data-testid="party-document"][data-kind="penalty_decision"]');
    await decision.waitFor();
    expect(await phone.page.locator('[data-testid="decision-fine"]').textContent()).toContain('20,000');
    expect(await phone.page.locator('[data-testid="decision-due"]').textContent()).toMatch(/20\d\d/);
    const pdfUrl = await decision.locator('[data-testid="party-document-open"]').getAttribute('href');
    const pdf = await phone.page.request.get(`${platform.url}${pdfUrl}`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await decision.locator('[data-testid="party-document-acknowledge"]').click();
    await phone.page.locator('[data-testid="party-document"][data-kind="penalty_decision"][data-acknowledged="true"]').waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    expectNoConsoleErrors(phone.errors);

    // The 送达回证: the events in order, chained; its second version names the receipt.
    const after = await deliveryOf(id, 'penalty_decision');
    expect(after.chain.ok).toBe(true);
    expect(after.events.map((e) => e.kind)).toEqual(['submission_accepted', 'delivered_to_portal', 'submission_accepted', 'relay_accepted', 'service_completed', 'notification_opened', 'content_downloaded', 'acknowledged']);
    expect(after.events.map((e) => e.seq)).toEqual(after.events.map((_e, i) => i + 1));
    const certificates = await db.selectFrom('documents').select(['version', 'pdf_sha256']).where('document_id', '=', after.certificateId!).orderBy('version').execute();
    expect(certificates.map((c) => c.version)).toEqual([1, 2]);
    const blobs = createFsBlobStore(path.join(platform.dataDir, 'blobs'));
    const chunks: Buffer[] = [];
    for await (const c of await blobs.get(certificates[1].pdf_sha256)) chunks.push(c as Buffer);
    const text = flat(await poppler('pdftotext', Buffer.concat(chunks)));
    expect(text).toContain('婺城区人民医院');
    expect(text).toContain('在线确认签收');
    expect(text).toContain('hosp@example.cn');

    // Paid with its receipt; closed; archived by the archivist; exported.
    const receipt = await officer.upload<{ sha256: string }>(`/api/cases/${id}/payment-files?filename=receipt.png`, PNG, 'image/png');
    const version = async () => (await officer.call<JourneyWs>('GET', `/api/cases/${id}`)).case.version;
    await officer.call('POST', `/api/cases/${id}/payments`, { kind: 'paid', amountYuan: 20000, paidOn: shanghaiToday(), reference: 'ICBC-20261205-0001', fileSha256: receipt.sha256, fileName: 'receipt.png', expectedVersion: await version() });
    await recordStage(officer, id, { kind: 'closing', fields: { summary: '罚款已缴清', outcome: '处罚决定已履行完毕', execution: '当事人已于期限内缴纳罚款20000元。', headApproval: { name: '周强', opinion: '同意结案。', date: shanghaiToday() } } });
    const archivist = await httpLogin(platform.url, 'archivist.jh', platform.logins.get('archivist.jh')!);
    // The party contested (its statement): kept permanently (003第二十四条第（一）项); a shorter class is refused.
    expect(await refusalOf(archivist.call('POST', `/api/cases/${id}/archive`, { retentionClass: 'years30', expectedVersion: await version() }))).toMatch(/409 .*retention_too_short/);
    await archivist.call('POST', `/api/cases/${id}/archive`, { retentionClass: 'permanent', expectedVersion: await version() });
    expect((await officer.call<JourneyWs>('GET', `/api/cases/${id}`)).case.state).toBe('closed');
    const zip = path.join(dir, 'case.zip');
    writeFileSync(zip, await officer.call<Buffer>('GET', `/api/cases/${id}/export`));

    // Offline, no database: passes; one byte of the decision's PDF changed: fails naming that file.
    const ok = await verifyCli(zip);
    expect(ok.code, ok.out).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    const decisionPdf = Object.keys(files).find((n) => n.startsWith('documents/') && n.includes('penalty_decision'))!;
    expect(decisionPdf).toBeTruthy();
    expect(Object.keys(files).filter((n) => n.includes('service_certificate')).length).toBeGreaterThanOrEqual(2);
    // The receipt of the payment and each delivery's evidence chain are in the file, and their ledger entries.
    expect(Buffer.from(files['payments/01-receipt.png']).equals(PNG)).toBe(true);
    const trail = Object.keys(files).find((n) => /^deliveries\/\d+-penalty_decision\/evidence\.json$/.test(n))!;
    const recorded = JSON.parse(Buffer.from(files[trail]).toString()) as { events: { kind: string; hash: string }[] };
    expect(recorded.events.map((e) => e.kind)).toEqual(after.events.map((e) => e.kind));
    const entries = Buffer.from(files['ledger/entries.jsonl']).toString();
    for (const e of recorded.events) expect(entries).toContain(e.hash);
    const tampered = path.join(dir, 'tampered.zip');
    writeFileSync(tampered, zipSync({ ...files, [decisionPdf]: Uint8Array.from(files[decisionPdf], (b, i) => (i === 200 ? b ^ 0x01 : b)) }));
    const bad = await verifyCli(tampered);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(decisionPdf);

    // The clerk's browser, the bundle's own page from disk, no network: the same two verdicts.
    const folder = path.join(dir, 'unzipped');
    writeBundleFolder(folder, files);
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const errors = watchConsole(page);
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(`file://${path.join(folder, 'index.html')}`);
    await page.setInputFiles('#zip', zip);
    await expect.poll(() => page.locator('#verdict').textContent(), { timeout: 60_000 }).toBe('全部通过');
    await page.setInputFiles('#zip', tampered);
    await expect.poll(() => page.locator('#verdict').textContent(), { timeout: 60_000 }).toMatch(/^未通过/);
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems.some((p) => p.includes(decisionPdf))).toBe(true);
    expect(requests).toEqual([]);
    expectNoConsoleErrors(errors);
    await page.close();
  }, 360_000);
});
