import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFindingForConfirmedFlag } from '../../api/findings/finding.service.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { httpLogin, type HttpSession } from '../support/http-client.js';
import type { Platform } from '../support/platform-process.js';
import { insertFlags } from '../support/review-flags.js';
import { CaseWorkspacePage } from './case-pages.js';
import { expectNoConsoleErrors, loggedInPage, scrollsSideways, startBrowserPlatform } from './pages.js';

// Issue 14 items 4–5 in Chromium, with the real documents: a ¥2,000 decision served 20 days ago
// (the delivery module's service clock) → the officer sees the late fee (5 days × 3 %) and what
// closing lacks, records the payment with its receipt on the form → the case is closed (结案报告)
// → the archivist lands on 待归档 on his phone, archives the case with its retention class, reads
// its label → the file is read-only (a write refused naming the rule) and his later reads are logged.
let platform: Platform;
let browser: Browser;
let db: Db;
let stop: (() => Promise<void>) | undefined;
let officer: HttpSession;
let manager: HttpSession;
let officerId: string;
let officer2Id: string;
let managerId: string;
let deviceId: string;

beforeAll(async () => {
  ({ platform, browser, db, stop } = await startBrowserPlatform());
  officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  officerId = officer.user.id;
  managerId = manager.user.id;
  const admin = await httpLogin(platform.url, 'admin', platform.logins.get('admin')!);
  const me = await db.selectFrom('users').select('agency_id').where('id', '=', officerId).executeTakeFirstOrThrow();
  await admin.call('POST', '/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: me.agency_id, certificateNo: '浙卫执字第20263号' });
  officer2Id = (await db.selectFrom('users').select('id').where('username', '=', 'officer.wc2').executeTakeFirstOrThrow()).id;
  const hosp = await db.selectFrom('users').select(['business_id']).where('username', '=', 'biz.hosp').executeTakeFirstOrThrow();
  deviceId = (await db.selectFrom('devices').select('id').where('business_id', '=', hosp.business_id!).where('kind', '=', 'camera').orderBy('created_at').executeTakeFirstOrThrow()).id;
});
afterAll(async () => stop?.());

type Ws = { case: { id: string; version: number; state: string }; evidence: { id: string; version: number }[] };
const POINTS = ['legality', 'objectivity', 'relevance', 'time', 'place', 'person', 'form'];
const BASIS = '《消毒管理办法》第四十一条';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
async function stage(s: HttpSession, id: string, body: Record<string, unknown>) {
  const w = await s.call<Ws>('GET', `/api/cases/${id}`);
  return s.call<Ws>('POST', `/api/cases/${id}/stages`, { expectedVersion: w.case.version, ...body });
}

/** Over HTTP with the real documents: a ¥2,000 fine decided by the head, its decision served `daysAgo` days ago. */
async function decidedAndServed(daysAgo: number) {
  const [flag] = await insertFlags(db, deviceId, [{ review_status: 'confirmed', decided_at: new Date(), decided_by: officerId, first_confirmed_by: officerId }]);
  await db.transaction().execute((trx) => openFindingForConfirmedFlag(trx, { flagId: flag.id, confirmedBy: officerId }));
  const filed = await officer.call<Ws>('POST', '/api/cases/from-flags', { flagIds: [flag.id], cause: '涉嫌未按规定开展消毒工作', category: '医', investigatorIds: [officerId, officer2Id], summary: '非现场监管发现', partyKind: 'organisation', headId: managerId, headOpinion: '同意受理。' });
  const id = filed.case.id;
  for (const e of filed.evidence) await officer.call('PUT', `/api/cases/${id}/evidence/${e.id}/checklist`, { checklist: Object.fromEntries(POINTS.map((p) => [p, { met: true }])), expectedVersion: e.version });
  await stage(officer, id, { kind: 'filing', fields: { report: '建议立案' } });
  await stage(manager, id, { kind: 'filing_approval', fields: { opinion: '同意立案' } });
  await stage(officer, id, { kind: 'inquiry', officerIds: [officerId, officer2Id], participants: [{ name: '王建国', role: '被询问人' }], fields: { subject: '王建国', record: '问答见下。', place: '医院会议室', interviewee: { name: '王建国', position: '法定代表人' }, qa: [{ q: '摄像头为何被遮挡?', a: '检修时遮挡。' }] } });
  await stage(officer, id, { kind: 'investigation_end', fields: { facts: '当事人遮挡监控设备……', evidenceSummary: '视频、询问笔录', proposal: '罚款二千元', violated: ['《消毒管理办法》第四条'], basis: [BASIS], penalty: { kinds: ['fine'], fineYuan: 2000 }, discretion: '初次违法,及时整改。' } });
  await stage(officer, id, { kind: 'panel_discussion', participants: ['张伟', '李娜', '赵敏'].map((name) => ({ name, role: '合议人员' })), fields: { opinion: '建议罚款二千元', place: '卫生监督所会议室', recorder: '吴婷', opinions: ['张伟', '李娜', '赵敏'].map((name) => ({ name, opinion: '同意罚款二千元。' })) } });
  await stage(manager, id, { kind: 'approval', fields: { opinion: '同意', penalty: { kinds: ['fine'], fineYuan: 2000 } } });
  await stage(officer, id, { kind: 'prior_notice', fields: { facts: '当事人遮挡监控设备……', legalBasis: BASIS, penalty: { kinds: ['fine'], fineYuan: 2000 }, hearingRight: false } });
  await stage(officer, id, { kind: 'statement', fields: { waived: true, hearingWaived: true } });
  await stage(manager, id, { kind: 'decision', fields: { outcome: 'penalty', penalty: { kinds: ['fine'], fineYuan: 2000 }, facts: '当事人遮挡监控设备……', legalBasis: BASIS, correction: { kind: 'order', what: '立即拆除遮挡物。' }, statementReview: '当事人放弃陈述申辩。' } });
  // What the delivery module (issue 14 item 2) leaves once the decision is served: its service clock, stopped at service.
  const at = new Date(Date.now() - daysAgo * 86400_000);
  const decision = await db.selectFrom('case_stages').select('id').where('case_id', '=', id).where('kind', '=', 'decision').executeTakeFirstOrThrow();
  const clock = await db.insertInto('case_clocks').values({ case_id: id, kind: 'service' as never, amount: 7, unit: 'working_days', basis: '行政处罚法第六十一条', started_at: new Date(at.getTime() - 3600_000), started_by: decision.id, stopped_at: at, stopped_by: null, due_at: null }).returningAll().executeTakeFirstOrThrow();
  await appendLedger(db, { actor: { type: 'system', id: 'delivery' }, action: 'case_clock.stopped', entityType: 'case_clock', entityId: clock.id, state: clock });
  return id;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bank receipt')]);

describe('payment, closing and the archive, in the browser', () => {
  it('the officer records the late payment; the case closes; the archivist archives it from 待归档 on a phone; then read-only, reads logged', async () => {
    const id = await decidedAndServed(20);

    // The officer: the fine, the late fee (due on the 15th day after service: 5 days late), what closing lacks.
    const wc = await loggedInPage(browser, platform, 'officer.wc', { viewport: { width: 1024, height: 768 } });
    const ws = new CaseWorkspacePage(wc.page, platform.url);
    await ws.open(id);
    const pay = wc.page.locator('[data-testid="case-payment"]');
    expect(await pay.locator('[data-testid="payment-late-fee"]').textContent()).toContain('¥300');
    expect(await wc.page.locator('[data-testid="closing-gaps"] li[data-item="payment"]').count()).toBe(1);
    expect(await wc.page.locator('[data-testid="case-clock"][data-kind="payment"]').count()).toBe(1);
    // The closing is greyed with the rule and what is missing.
    expect(await ws.blocked('closing').textContent()).toContain('罚没款缴纳凭证');

    // The payment with its receipt; the reference left out is named first.
    await pay.locator('[data-action="record-payment"]').click();
    const form = wc.page.locator('[data-testid="payment-form"]');
    await form.locator('input[name="amountYuan"]').fill('2300');
    await form.locator('input[name="file"]').setInputFiles({ name: '缴款凭证.png', mimeType: 'image/png', buffer: PNG });
    await form.getByRole('button', { name: '保存' }).click();
    await form.locator('[data-testid="error-reference"]').waitFor();
    await form.locator('input[name="reference"]').fill('ICBC-20261204-0001');
    await form.getByRole('button', { name: '保存' }).click();
    await wc.page.locator('[data-testid="case-payment"][data-settled="true"]').waitFor();
    expect(await pay.locator('[data-testid="payment-owed"]').textContent()).toContain('¥0');
    expect(await pay.locator('[data-testid="payment-entries"] a').count()).toBe(1);
    await wc.page.locator('[data-testid="closing-gaps"][data-complete="true"]').waitFor();
    expectNoConsoleErrors(wc.errors);

    // Closed by the officers with the head's approval (over HTTP: the form is issue 13's).
    await stage(officer, id, { kind: 'closing', fields: { summary: '罚款及加处罚款已缴清', outcome: '处罚决定已履行完毕', execution: '当事人已缴纳罚款2000元及加处罚款300元。', headApproval: { name: '周强', opinion: '同意结案。', date: today() } } });

    // The archivist, on his phone: his start page is 待归档, the case is there with its countdown.
    const arch = await loggedInPage(browser, platform, 'archivist.jh', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await arch.page.waitForURL((u) => u.pathname === '/cases/archive');
    const item = arch.page.locator(`[data-testid="archive-queue"] [data-case-id="${id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('归档期限');
    expect(await scrollsSideways(arch.page)).toBe(false);
    await item.locator('a').click();
    const aws = new CaseWorkspacePage(arch.page, platform.url);
    await aws.waitState('closed');
    const archiveForm = arch.page.locator('[data-testid="archive-form"]');
    expect(await archiveForm.locator('select[name="retentionClass"]').inputValue()).toBe('years30');
    await archiveForm.locator('[data-action="archive"]').click();
    const label = arch.page.locator('[data-testid="archive-label"]');
    await label.waitFor();
    expect(await label.locator('[data-key="archiveNo"] dd').textContent()).toMatch(/卫档〔\d{4}〕\d+号$/);
    expect(await label.locator('[data-key="party"] dd').textContent()).toContain('婺城区人民医院');
    expect(await label.locator('[data-key="matter"] dd').textContent()).toBe('涉嫌未按规定开展消毒工作');
    expect(await label.locator('[data-key="retentionClass"] dd').textContent()).toBe('定期30年');
    expect(await label.locator('[data-key="destroyFrom"] dd').textContent()).toMatch(/20\d\d/);
    expect(await arch.page.locator('[data-testid="case-workspace"][data-archived="true"]').count()).toBe(1);
    expect(await scrollsSideways(arch.page)).toBe(false);

    // Read-only: a write is refused naming the rule; the officer's page offers nothing to record.
    const refused = await officer.call('POST', `/api/cases/${id}/evidence`, { title: '补充', description: '……' }).then(() => 'accepted', (e: Error) => e.message);
    expect(refused).toMatch(/409 .*case_archived.*003第二十二条/);
    await ws.open(id);
    expect(await wc.page.locator('[data-testid="case-actions"] button.btn-primary').count()).toBe(0);
    expect(await wc.page.locator('[data-action="record-payment"]').count()).toBe(0);

    // Every read since is logged; the archivist sees who read it.
    await arch.page.reload();
    await arch.page.locator('[data-testid="archive-reads"]').waitFor();
    expect(await arch.page.locator('[data-testid="archive-reads"]').textContent()).toContain('张伟');
    const reads = await db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('entity_id', '=', id).where('action', '=', 'case_archive.read').execute();
    const archivistId = (await db.selectFrom('users').select('id').where('username', '=', 'archivist.jh').executeTakeFirstOrThrow()).id;
    expect(new Set(reads.map((r) => r.actor_id))).toEqual(new Set([officerId, archivistId]));
    expect(reads.filter((r) => (r.context as { what: string }).what === 'workspace').length).toBeGreaterThanOrEqual(3);
    expectNoConsoleErrors(arch.errors);
  });
});
