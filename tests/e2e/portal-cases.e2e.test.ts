import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { insertFlags } from '../support/review-flags.js';
import { httpConfirmServiceAddresses } from '../support/service-address.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 14 item 3 in Chromium: a case of the hospital is brought to its prior notice through the
// real services (the hearing right told); biz.hosp logs in on a 360 px phone, opens 我的案件 and
// the case (the prior notice, the periods with their countdowns), is stopped sending an empty
// statement, sends its statement with a PDF, asks for a hearing; the officer's workspace shows
// both as the party's stages with its file. Nothing scrolls sideways.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let officer: HttpSession;
let manager: HttpSession;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  // The hospital agrees to electronic service through its portal account (its signed 送达地址确认书; the demo seeds none).
  await httpConfirmServiceAddresses(db, await httpLogin(platform.url, 'biz.hosp', platform.logins.get('biz.hosp')!), { only: [], portal: true });
});
afterAll(async () => stop?.());

type Ws = { case: { id: string; version: number; state: string }; evidence: { id: string; version: number }[] };
async function stage(s: HttpSession, id: string, body: Record<string, unknown>) {
  const w = await s.call<Ws>('GET', `/api/cases/${id}`);
  return s.call<Ws>('POST', `/api/cases/${id}/stages`, { expectedVersion: w.case.version, ...body });
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const penalty = { kinds: ['fine'], fineYuan: 20000 };

/** A confirmed flag of the hospital, filed and brought to the prior notice by the officers and the head over HTTP. */
async function notifiedCase(): Promise<string> {
  const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  const deviceId = (await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow()).id;
  const [flag] = await insertFlags(db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officer.user.id, first_confirmed_by: officer.user.id }]);
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officer.user.id }));
  const second = (await db.selectFrom('users').select('id').where('username', '=', 'officer2.wc').executeTakeFirstOrThrow()).id;
  const filed = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '未按规定开展消毒工作', category: '医', investigatorIds: [officer.user.id, second], summary: '非现场监管设备发现操作间摄像头被遮挡。', headOpinion: '同意受理。', headId: manager.user.id });
  const id = filed.case.id;
  for (const e of filed.evidence) {
    await officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'].map((p) => [p, { met: true }])), expectedVersion: e.version });
  }
  await stage(officer, id, { kind: 'filing', fields: { report: '经审查,证据符合立案条件,建议立案调查。' } });
  await stage(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案。' } });
  await stage(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备。', evidenceSummary: '视频、截图', proposal: '建议罚款二万元', violated: ['《消毒管理办法》第四条'], basis: ['《消毒管理办法》第四十一条'], penalty, discretion: '初次违法,属一般情节。' } });
  const members = [{ name: '钱伟', role: '科长' }, { name: '张伟', role: '承办人' }, { name: '王芳', role: '承办人' }];
  await stage(officer, id, { kind: 'panel_discussion', participants: members, fields: { opinion: '同意罚款二万元。', place: '卫生监督所会议室', recorder: '吴婷', opinions: members.map((m) => ({ name: m.name, opinion: '同意。' })) } });
  await stage(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty } });
  const w = await stage(officer, id, { kind: 'prior_notice', fields: { facts: '当事人遮挡监控设备。', legalBasis: '《消毒管理办法》第四十一条', violated: ['《消毒管理办法》第四条'], penalty, hearingRight: true } });
  expect(w.case.state).toBe('notified');
  // Served through the portal: from now the party sees it (and its periods run from today).
  const notice = await db.selectFrom('case_documents').select('document_id').where('case_id', '=', id).where('kind', '=', 'prior_notice').executeTakeFirstOrThrow();
  expect((await officer.call<{ status: string }>('POST', `/api/cases/${id}/documents/${notice.document_id}/serve`)).status).toBe('served');
  return id;
}

describe('the party\'s procedure in the portal, on a 360 px phone', () => {
  it('biz.hosp opens its case, sends its statement with a file and asks for a hearing; the officer sees both', async () => {
    const id = await notifiedCase();
    const { page, errors } = await loggedInPage(browser, platform, 'biz.hosp', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    // 我的案件 from the menu.
    await page.goto(`${platform.url}/portal/cases`);
    const item = page.locator(`[data-testid="party-case-list"] [data-case-id="${id}"] a`);
    await item.waitFor();
    expect(await item.textContent()).toContain('未按规定开展消毒工作');
    expect(await scrollsSideways(page)).toBe(false);
    await item.click();
    await page.locator('[data-testid="party-case"][data-state="notified"]').waitFor();

    // The prior notice addressed to it, and the periods with their countdowns.
    expect(await page.locator('[data-testid="party-document"][data-kind="prior_notice"]').count()).toBe(1);
    const notice = page.locator('[data-testid="party-document"][data-kind="prior_notice"]');
    expect(await notice.locator('[data-testid="party-document-served"]').textContent()).toContain('送达');
    const pdfUrl = await notice.locator('[data-testid="party-document-open"]').getAttribute('href');
    const pdf = await page.request.get(`${platform.url}${pdfUrl}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // Receipt confirmed with one tap (在线诉讼规则第三十三条); the delivery's evidence has each step.
    await notice.locator('[data-testid="party-document-acknowledge"]').click();
    await page.locator('[data-testid="party-document"][data-kind="prior_notice"][data-acknowledged="true"] [data-testid="party-document-acknowledged"]').waitFor();
    const delivery = await db.selectFrom('deliveries').select('id').where('case_id', '=', id).where('document_kind', '=', 'prior_notice').executeTakeFirstOrThrow();
    const kinds = (await db.selectFrom('delivery_events').select('kind').where('delivery_id', '=', delivery.id).orderBy('seq').execute()).map((e) => e.kind);
    expect(kinds).toEqual(['submission_accepted', 'delivered_to_portal', 'service_completed', 'notification_opened', 'content_downloaded', 'acknowledged']);
    expect(await page.locator('[data-testid="statement-period"]').textContent()).toContain('3 个工作日');
    await page.locator('[data-testid="statement-countdown"]').waitFor();
    await page.locator('[data-testid="hearing-countdown"]').waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    // An empty statement is stopped here, named at its field.
    await page.getByRole('button', { name: '提交陈述、申辩' }).click();
    expect(await page.locator('[data-testid="error-statement"]').textContent()).toContain('请填写陈述、申辩的内容');
    await page.fill('#party-statement', '设备检修期间临时遮挡,已于当日整改,请求从轻处理。');
    await page.setInputFiles('#party-files', { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: '提交陈述、申辩' }).click();
    await page.locator('[data-testid="statement-review"]').waitFor();
    expect(await page.locator('[data-testid="statement-review"]').textContent()).toContain('证据材料 1 个');
    await page.getByRole('button', { name: '确认提交' }).click();
    await page.locator('[data-testid="party-act"][data-kind="statement"]').waitFor();
    expect(await page.locator('[data-testid="party-act"][data-kind="statement"]').textContent()).toContain('整改报告.pdf');

    // The hearing, asked within its five working days.
    await page.locator('[data-action="request-hearing"]').click();
    await page.locator('[data-testid="hearing-confirm"]').waitFor();
    await page.locator('[data-testid="hearing-confirm"]').getByRole('button', { name: '要求听证' }).click();
    await page.locator('[data-testid="hearing-requested"]').waitFor();
    expect(await page.locator('[data-testid="party-act"][data-kind="hearing_request"]').count()).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    expectNoConsoleErrors(errors);
    await page.close();

    // The officer's workspace: both are stages of the case, marked as the party's, its file linked.
    const wc = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 1024, height: 768 } });
    await wc.page.goto(`${platform.url}/cases/${id}`);
    const stated = wc.page.locator('[data-testid="case-stage"][data-kind="statement"]');
    await stated.waitFor();
    expect(await stated.locator('[data-testid="by-party"]').textContent()).toBe('当事人网上提交');
    expect(await stated.textContent()).toContain('王建国(婺城区人民医院)');
    expect(await stated.locator('[data-testid="stage-files"] a').textContent()).toBe('整改报告.pdf');
    const file = await wc.page.request.get(`${platform.url}${await stated.locator('[data-testid="stage-files"] a').getAttribute('href')}`);
    expect(file.status()).toBe(200);
    expect(Buffer.from(await file.body()).equals(PDF)).toBe(true);
    expect(await wc.page.locator('[data-testid="case-stage"][data-kind="hearing_request"] [data-testid="by-party"]').count()).toBe(1);
    expect(await wc.page.locator('[data-testid="case-clock"][data-kind="statement"]').count()).toBe(1);
    expectNoConsoleErrors(wc.errors);
    await wc.page.close();
  });
});
