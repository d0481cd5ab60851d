import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { insertFlags } from '../support/review-flags.js';
import { CaseWorkspacePage } from './case-pages.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 13 item 6 in Chromium: a confirmed camera flag is filed as a case from its page (立案, two
// officers with certificates, the evidence reviewed point by point), the unit head approves the
// filing from his queue, the officers record the inquiry, the end of investigation and the panel
// discussion, the head approves a ¥20,000 fine, the prior notice and the party's statement are
// recorded, a heavier decision is refused naming 行政处罚法第四十五条 (the form keeps its input),
// and the decision issues its PDF. A ¥150,000 case cannot be decided (greyed, the rule shown)
// until the legal reviewer — whose start page is his queue — passes it and the heads discuss it.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let officer: HttpSession;
let manager: HttpSession;
let officer2Id: string;
let deviceId: string;
let officerId: string;
let managerId: string;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  officerId = officer.user.id;
  managerId = manager.user.id;
  // A second officer of Wucheng with a certificate (行政处罚法 art. 42: at least two investigate), made by the administrator.
  const admin = await httpLogin(platform.url, 'admin', platform.logins.get('admin')!);
  const me = await db.selectFrom('users').select('agency_id').where('id', '=', officerId).executeTakeFirstOrThrow();
  await admin.call('POST', '/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: me.agency_id, certificateNo: '浙卫执字第20262号' });
  officer2Id = (await db.selectFrom('users').select('id').where('username', '=', 'officer.wc2').executeTakeFirstOrThrow()).id;
  const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  deviceId = (await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow()).id;
});
afterAll(async () => stop?.());

/** A camera flag confirmed by the officer, with its finding (as the review queue leaves it). */
async function confirmedFlag() {
  const [flag] = await insertFlags(db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officerId, first_confirmed_by: officerId }]);
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officerId }));
  return flag.id;
}

// What the real documents need besides the stages' own fields (api/cases/case.schemas.ts STAGE_FIELDS).
const VIOLATED = '《消毒管理办法》第四条';
const BASIS = '《消毒管理办法》第四十一条';
const PANEL = ['张伟', '李娜', '赵敏'];
const DISCRETION = '初次违法,及时整改,依照本机关裁量基准属一般情节。';
const DECISION = { facts: '当事人遮挡监控设备……', legalBasis: BASIS, 'correction.what': '立即拆除遮挡物,按规定对复用器械进行消毒。', statementReview: '当事人所称已整改,维持拟作出的处罚。' };
const REVIEW_POINTS = Object.fromEntries(['jurisdiction', 'subject', 'facts', 'procedure', 'law', 'characterisation', 'proposal'].map((k) => [`points.${k}`, '符合规定。']));

type Ws = { case: { id: string; version: number; state: string }; evidence: { id: string; version: number }[] };
const POINTS = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'];
async function stage(s: HttpSession, id: string, body: Record<string, unknown>) {
  const w = await s.call<Ws>('GET', `/api/cases/${id}`);
  return s.call<Ws>('POST', `/api/cases/${id}/stages`, { expectedVersion: w.case.version, ...body });
}

describe('a case from a confirmed flag to its decision, in the browser', () => {
  it('立案 from the flag page → head approves → inquiry → end → panel → approval → prior notice ¥20,000 → statement → decision PDF', async () => {
    const flagId = await confirmedFlag();
    const wc = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 1024, height: 768 } });
    const ws = new CaseWorkspacePage(wc.page, platform.url);

    // The flag's page: 立案 opens the filing form; two officers with certificates, category, cause, summary.
    await wc.page.goto(`${platform.url}/flags/${flagId}`);
    await wc.page.locator('[data-action="file-case"]').click();
    const dialog = wc.page.locator('[data-testid="file-case-dialog"]');
    await dialog.waitFor();
    // One investigator is not enough: the form says so before asking.
    await dialog.locator('input[name="category"]').fill('医');
    await dialog.locator('textarea[name="summary"]').fill('非现场监管设备发现操作间摄像头被遮挡。');
    // The unit head named on the 案件受理记录 (the city's head, the only one above Wucheng) and his opinion.
    expect(await dialog.locator('select[name="headId"]').inputValue()).toBe(managerId);
    await dialog.locator('textarea[name="headOpinion"]').fill('同意受理,请按程序报请立案。');
    await dialog.getByRole('button', { name: '提交立案' }).click();
    await dialog.locator('[data-testid="error-investigatorIds"]').waitFor();
    await dialog.locator(`input[name="investigatorIds"][value="${officer2Id}"]`).check();
    await dialog.getByRole('button', { name: '提交立案' }).click();
    await wc.page.waitForURL((u) => /^\/cases\/[0-9a-f-]{36}$/.test(u.pathname));
    const caseId = wc.page.url().split('/').at(-1)!;
    await ws.waitState('accepted');
    expect(await wc.page.locator('[data-testid="case-stage"][data-kind="acceptance"] [data-testid="case-document"][data-kind="case_acceptance"]').count()).toBe(1);
    expect(await wc.page.locator('[data-testid="case-clock"][data-kind="filing"]').count()).toBe(1);
    expect(await scrollsSideways(wc.page)).toBe(false);

    // The filing report waits for the evidence review (002 §16), shown with its rule.
    expect(await ws.blocked('filing').textContent()).toContain('002第十六条');
    await ws.reviewAllEvidence();
    await wc.page.reload();
    await ws.record('filing', { fields: { report: '经审查,证据符合立案条件,建议立案调查。' } });
    await ws.waitState('filing_submitted');
    // The checklist is closed once the filing report is in.
    expect(await wc.page.locator('[data-testid="case-evidence"] input[type="radio"]:not([disabled])').count()).toBe(0);

    // The head: his queue (in the menu, with its count) → the case → approve the filing.
    const head = await loggedInPage(browser, platform, 'manager.jh', { viewport: { width: 1024, height: 768 } });
    await head.page.getByRole('link', { name: '审批事项' }).click();
    await head.page.locator(`[data-testid="approval-queue"] [data-case-id="${caseId}"] a`).click();
    const hws = new CaseWorkspacePage(head.page, platform.url);
    await hws.waitState('filing_submitted');
    await hws.record('filing_approval');
    await hws.waitState('investigating');
    expect(await head.page.locator('[data-testid="case-clock"][data-kind="decision"]').count()).toBe(1);

    // The officers investigate.
    await ws.open(caseId);
    await ws.record('inquiry', {
      fields: { subject: '王建国', place: '婺城区人民医院行政楼会议室', record: '问答见下。', 'interviewee.name': '王建国', 'interviewee.position': '法定代表人' },
      rows: { qa: [{ q: '当日操作间摄像头为何被遮挡?', a: '设备检修期间临时遮挡,忘记取下。' }] },
      participants: [['王建国', '被询问人']],
    });
    expect(await wc.page.locator('[data-testid="case-document"][data-kind="inquiry_record"]').count()).toBe(1);
    // A stale version: the other officer records an inspection while this form is open; the case
    // reloads with a message, the form keeps its input and goes through at the new version.
    const v = Number(await ws.workspace().getAttribute('data-version'));
    const endForm = await ws.fill('investigation_end', { fields: { facts: '当事人遮挡监控设备……', evidenceSummary: '视频、截图、询问笔录', proposal: '罚款二万元', violated: VIOLATED, basis: BASIS, discretion: DISCRETION }, fineYuan: '20000' });
    await stage(officer, caseId, { kind: 'on_site_inspection', officerIds: [officerId, officer2Id], fields: { place: '操作间', findings: '摄像头已恢复', present: { name: '王建国', role: '法定代表人' } } });
    // Told live that the case moved (case:changed over the socket); the open form is left as it is.
    await wc.page.locator('[data-testid="case-newer"]').waitFor();
    expect(await endForm.locator('textarea[name="facts"]').inputValue()).toBe('当事人遮挡监控设备……');
    await ws.submit('investigation_end');
    await endForm.getByText('案件已被他人更新').waitFor();
    await wc.page.locator(`[data-testid="case-workspace"][data-version="${v + 1}"]`).waitFor();
    expect(await endForm.locator('textarea[name="facts"]').inputValue()).toBe('当事人遮挡监控设备……');
    await ws.submit('investigation_end');
    await ws.waitState('investigation_ended');
    await endForm.waitFor({ state: 'detached' });
    await ws.record('panel_discussion', { fields: { opinion: '建议罚款二万元', place: '卫生监督所会议室', recorder: '吴婷' }, rows: { opinions: PANEL.map((name) => ({ name, opinion: '同意罚款二万元。' })) }, participants: PANEL.map((name) => [name, '合议人员']) });

    await hws.open(caseId);
    await hws.record('approval', { fields: { opinion: '同意' }, fineYuan: '20000' });
    await hws.waitState('approved');

    await ws.open(caseId);
    await ws.record('prior_notice', { fields: { facts: '当事人遮挡监控设备……', legalBasis: '《消毒管理办法》第四十一条', hearingRight: true }, fineYuan: '20000' });
    await ws.waitState('notified');
    expect(await wc.page.locator('[data-testid="case-clock"][data-kind="hearing_request"]').count()).toBe(1);
    await ws.record('statement', { fields: { statement: '已整改,请求从轻处罚。', hearingWaived: true } });

    // The decision: heavier than notified after the party's defence is refused, naming the rule; the input stays.
    await hws.open(caseId);
    const form = await hws.fill('decision', { fields: DECISION, fineYuan: '30000' });
    await hws.submit('decision');
    const refusal = form.locator('[data-testid="case-refusal"]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('heavier_after_defence');
    expect(await refusal.textContent()).toContain('行政处罚法第四十五条');
    expect(await form.locator('textarea[name="legalBasis"]').inputValue()).toBe('《消毒管理办法》第四十一条');
    await form.locator('input[name="fineYuan"]').fill('20000');
    await hws.submit('decision');
    await hws.waitState('decided');
    const decision = head.page.locator('[data-testid="case-document"][data-kind="penalty_decision"]');
    await decision.waitFor();
    const href = await decision.getByRole('link').getAttribute('href');
    const pdf = await head.page.request.get(`${platform.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Readable on a phone: the decided case, its stages and documents, without sideways scrolling.
    const phone = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await new CaseWorkspacePage(phone.page, platform.url).open(caseId);
    await phone.page.locator('[data-testid="case-document"][data-kind="penalty_decision"]').waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);

    // The flag's page now links to its case.
    await wc.page.goto(`${platform.url}/flags/${flagId}`);
    await wc.page.locator(`[data-testid="flag-case"] a[href="/cases/${caseId}"]`).waitFor();
    expectNoConsoleErrors(wc.errors);
    expectNoConsoleErrors(head.errors);
  });

  it('a ¥150,000 fine to an organisation cannot be decided until legal review and collective discussion are recorded', async () => {
    // Through the statement over HTTP (the first test walked these pages).
    const flagId = await confirmedFlag();
    const filed = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flagId], cause: '涉嫌未按规定开展消毒工作', category: '医', investigatorIds: [officerId, officer2Id], summary: '非现场监管发现', partyKind: 'organisation', headId: managerId, headOpinion: '同意受理。' });
    const id = filed.case.id;
    for (const e of filed.evidence) await officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
    await stage(officer, id, { kind: 'filing', fields: { report: '建议立案' } });
    await stage(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
    await stage(officer, id, { kind: 'inquiry', officerIds: [officerId, officer2Id], participants: [{ name: '王建国', role: '被询问人' }], fields: { subject: '王建国', record: '问答见下。', place: '医院会议室', interviewee: { name: '王建国', position: '法定代表人' }, qa: [{ q: '摄像头为何被遮挡?', a: '检修时遮挡。' }] } });
    await stage(officer, id, { kind: 'investigation_end', fields: { facts: '……', evidenceSummary: '视频、询问笔录', proposal: '罚款十五万元', violated: VIOLATED.split('\n'), basis: BASIS.split('\n'), penalty: { kinds: ['fine'], fineYuan: 150000 }, discretion: DISCRETION } });
    await stage(officer, id, { kind: 'panel_discussion', participants: PANEL.map((name) => ({ name, role: '合议人员' })), fields: { opinion: '建议罚款十五万元', place: '卫生监督所会议室', recorder: '吴婷', opinions: PANEL.map((name) => ({ name, opinion: '同意罚款十五万元。' })) } });
    await stage(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty: { kinds: ['fine'], fineYuan: 150000 } } });
    await stage(officer, id, { kind: 'prior_notice', fields: { facts: '……', legalBasis: '《消毒管理办法》第四十一条', penalty: { kinds: ['fine'], fineYuan: 150000 }, hearingRight: true } });
    await stage(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });

    // The head sees the decision greyed, with the rule: legal review first (行政处罚法第五十八条).
    const head = await loggedInPage(browser, platform, 'manager.jh', { viewport: { width: 1024, height: 768 } });
    const hws = new CaseWorkspacePage(head.page, platform.url);
    await hws.open(id);
    await head.page.locator('[data-testid="case-major"]').waitFor();
    expect(await hws.blocked('decision').textContent()).toContain('行政处罚法第五十八条');
    expect(await head.page.locator('[data-testid="case-actions"] button[data-action="decision"]').count()).toBe(0);

    // The officers submit the materials; the legal reviewer lands on his queue and passes it.
    await stage(officer, id, { kind: 'legal_review_request', fields: { materials: ['situation', 'draft_decision', 'evidence'], situation: '拟罚款十五万元,属重大执法决定' } });
    const legal = await loggedInPage(browser, platform, 'legal.jh', { viewport: { width: 1024, height: 768 } });
    await legal.page.waitForURL((u) => u.pathname === '/cases/reviews');
    await legal.page.locator(`[data-testid="review-queue"] [data-case-id="${id}"] a`).click();
    const lws = new CaseWorkspacePage(legal.page, platform.url);
    await lws.workspace().waitFor();
    await lws.record('legal_review', { fields: { opinion: '事实清楚,证据确凿,适用依据正确,程序合法,同意。', ...REVIEW_POINTS }, checks: [['grounds', '涉及重大公共利益']] });
    expect(await legal.page.locator('[data-testid="case-document"][data-kind="legal_review_opinion"]').count()).toBe(1);

    // Still greyed: the heads must discuss it (行政处罚法第五十七条第二款); then the decision is made.
    await hws.open(id);
    expect(await hws.blocked('decision').textContent()).toContain('行政处罚法第五十七条第二款');
    await hws.record('collective_discussion', {
      fields: { conclusion: '同意罚款十五万元', place: '局党政会议室', recorder: '吴婷' },
      rows: { opinions: [{ name: '周强', opinion: '同意。' }, { name: '钱红', opinion: '同意。' }, { name: '孙静', opinion: '同意。' }] },
      participants: [['周强', '局长'], ['钱红', '副局长'], ['孙静', '法制审核']],
    });
    await hws.record('decision', { fields: DECISION, fineYuan: '150000' });
    await hws.waitState('decided');
    await head.page.locator('[data-testid="case-document"][data-kind="penalty_decision"]').waitFor();
    expectNoConsoleErrors(head.errors);
    expectNoConsoleErrors(legal.errors);
  });

  it('the administrator keeps an agency’s document settings on its page; the demo agencies have theirs', async () => {
    const a = await loggedInPage(browser, platform, 'admin', { viewport: { width: 1366, height: 900 } });
    await a.page.goto(`${platform.url}/admin/agencies`);
    await a.page.locator('[data-testid="agency-tree"] button', { hasText: '金华市婺城区卫生健康局' }).click();
    const form = a.page.locator('[data-testid="agency-document-settings"]');
    await form.waitFor();
    expect(await form.locator('input[name="court"]').inputValue()).toBe('金华市婺城区人民法院');
    expect(await form.locator('input[name="largeAmountOrganisationFen"]').inputValue()).toBe('100000');
    // A threshold that is not a positive amount is stopped, named; emptied, a setting is named as missing.
    await form.locator('input[name="largeAmountPersonFen"]').fill('0');
    await form.getByRole('button', { name: '保存文书设置' }).click();
    await form.locator('[data-field="largeAmountPersonFen"].field-invalid, [data-field="largeAmountPersonFen"] .field-error').first().waitFor();
    await form.locator('input[name="largeAmountPersonFen"]').fill('5000');
    await form.locator('input[name="contactPhone"]').fill('');
    await form.getByRole('button', { name: '保存文书设置' }).click();
    await form.locator('[data-testid="document-settings-missing"]', { hasText: '机关联系电话' }).waitFor();
    const me = await db.selectFrom('users').select('agency_id').where('id', '=', officerId).executeTakeFirstOrThrow();
    const row = await db.selectFrom('agency_document_settings').selectAll().where('agency_id', '=', me.agency_id!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ large_amount_person_fen: 500_000, contact_phone: null, court: '金华市婺城区人民法院' });
    expectNoConsoleErrors(a.errors);
  });
});
