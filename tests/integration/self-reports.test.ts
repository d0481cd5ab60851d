import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { currentChecklist } from '../../core/self-reports/checklists.js';
import { commitmentText, contentSha256 } from '../../core/self-reports/commitment.js';
import { dueAt, periodAt, periodState, previousPeriod, type Period } from '../../core/self-reports/periods.js';
import { createSelfReportRepository } from '../../api/self-reports/self-report.repository.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 16 item 3 (R14; seed 002 §14): self-inspection reports against a real PostgreSQL, signed
// with the one-time code read from the demo's captured outbox; every refusal leaves nothing changed.
let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: () => Promise<void>;
let hosp: Session;
let hotel: Session;
let officer: Session;
let officerJd: Session;
let hospId: string;
let hotelId: string;
const falsifiedCalls: string[] = [];

type Problem = { code: string; message: string; issues?: { path: (string | number)[]; code: string; message: string }[] };
type Report = { id: string; status: string; version: number; late: boolean; contentSha256: string; commitment: string; answers: { key: string; answer: 'yes' | 'no' | 'na' | null; note: string; photoIds: string[] }[]; photos: { id: string; sha256: string; itemKey: string }[]; signature: { signerName: string; identityMethod: string; identityAddress: string } | null; actions: string[]; routineCheck: { closed: boolean; closedBy: string | null; reason: string | null }; review: { note: string | null; reviewedBy: string | null } };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a test photo of the kitchen')]);
const list = currentChecklist('medical');
const month = (at = new Date()) => periodAt('month', at);
/** The hospital's monthly periods going back: 0 the current one, 1 the one before, … */
const back = (n: number): Period => {
  let p = month();
  for (let i = 0; i < n; i++) p = previousPeriod('month', p);
  return p;
};
/** Of the two periods before the current one, the one whose due day passed and that still takes a report (which depends on today's day of month). */
const latePeriod = () => [back(1), back(2)].find((p) => periodState(p, new Date(), null) === 'late')!;

const snapshot = async () => ({
  reports: JSON.stringify(await t.db.selectFrom('self_inspection_reports').selectAll().orderBy('id').execute()),
  photos: (await t.db.selectFrom('self_inspection_photos').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n,
  entries: (await t.db.selectFrom('ledger_entries').select(sql<number>`count(*)::int`.as('n')).where('action', 'like', 'self_report.%').where('action', '<>', 'self_report.sign_refused').executeTakeFirstOrThrow()).n,
});
const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
};
const entries = (id: string) => t.db.selectFrom('ledger_entries').select(['action', 'actor_id']).where('entity_id', '=', id).orderBy('id').execute();

/** A draft filled completely: photos uploaded for the items that need one. */
async function filledDraft(s: Session, businessId: string, p: Period, items = list.items): Promise<Report> {
  const draft = await json<Report>(await s.post('/api/self-reports', { businessId, periodStart: p.start }), 201);
  for (const item of items.filter((i) => i.photo)) await json(await s.upload(`/api/self-reports/${draft.id}/photos?item=${item.key}`, JPEG, 'image/jpeg'), 201);
  const withPhotos = await json<Report>(await s.get(`/api/self-reports/${draft.id}`), 200);
  const answers = withPhotos.answers.map((a, i) => (i === 1 ? { ...a, answer: 'no' as const, note: '发现一处生熟容器混放,已当场整改' } : { ...a, answer: 'yes' as const }));
  return json<Report>(await s.request('PUT', `/api/self-reports/${draft.id}/answers`, { answers }), 200);
}
async function codeFor(s: Session, id: string): Promise<string> {
  await json(await s.post(`/api/self-reports/${id}/code`, { channel: 'email' }), 200);
  const msg = await t.db.selectFrom('outbox_messages').select('body').where('body', 'like', '%自查报告%').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return /验证码[:：]\s*(\d{6})/.exec(msg.body)![1];
}

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-self-reports-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { notifier: mail.notifier, mailCaptured: mail.captured, onSelfReportFalsified: (id) => void falsifiedCalls.push(id) });
  [hosp, hotel, officer, officerJd] = await Promise.all([api.login('biz.hosp'), api.login('biz.hotel'), api.login('officer.wc'), api.login('officer.jd')]);
  hospId = hosp.user.businessId!;
  hotelId = hotel.user.businessId!;
  // The hospital has been registered for half a year: it owes the periods since.
  await sql`UPDATE businesses SET created_at = now() - interval '6 months' WHERE id = ${hospId}`.execute(t.db);
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('self-inspection reports: drafted, signed with a one-time code, reviewed', () => {
  it('lists the periods with where each stands', async () => {
    const o = await json<{ length: string; periods: { period: Period; state: string }[]; checklist: { items: unknown[] } }>(await hosp.get(`/api/self-reports/periods?businessId=${hospId}`), 200);
    expect(o.length).toBe('month');
    expect(o.periods[0]).toMatchObject({ period: { key: back(0).key }, state: 'open' });
    expect(o.periods.find((p) => p.period.key === back(3).key)?.state).toBe('missing');
    expect(o.periods.find((p) => p.period.key === latePeriod().key)?.state).toBe('late');
    expect(o.checklist.items).toHaveLength(list.items.length);
    expect((await hotel.get(`/api/self-reports/periods?businessId=${hospId}`)).status).toBe(403);
  });

  it('refuses, changing nothing: another business, a period not begun, a closed period, not a period, an incomplete checklist', async () => {
    const before = await snapshot();
    expect((await hotel.post('/api/self-reports', { businessId: hospId, periodStart: back(0).start })).status).toBe(403);
    expect((await officer.post('/api/self-reports', { businessId: hospId, periodStart: back(0).start })).status).toBe(403);
    const next = periodAt('month', new Date(dueAt(back(0)).getTime() + 40 * 86400_000));
    const notBegun = await json<Problem>(await hosp.post('/api/self-reports', { businessId: hospId, periodStart: next.start }), 400);
    expect(notBegun.issues?.[0]).toMatchObject({ path: ['periodStart'], code: 'self_report.period_not_begun' });
    const closed = await json<Problem>(await hosp.post('/api/self-reports', { businessId: hospId, periodStart: back(3).start }), 400);
    expect(closed.issues?.[0]).toMatchObject({ code: 'self_report.period_closed' });
    expect(closed.issues?.[0].message).toContain('截止');
    const odd = await json<Problem>(await hosp.post('/api/self-reports', { businessId: hospId, periodStart: `${back(0).start.slice(0, 8)}15` }), 400);
    expect(odd.issues?.[0].code).toBe('self_report.not_a_period');
    expect(await snapshot()).toEqual(before);

    const draft = await json<Report>(await hosp.post('/api/self-reports', { businessId: hospId, periodStart: back(0).start }), 201);
    const mid = await snapshot();
    const incomplete = await json<Problem>(await hosp.post(`/api/self-reports/${draft.id}/code`, { channel: 'email' }), 400);
    expect(incomplete.issues?.map((i) => i.code)).toContain('self_report.item_unanswered');
    expect((await hosp.post('/api/self-reports', { businessId: hospId, periodStart: back(0).start })).status).toBe(409);
    expect((await hotel.request('PUT', `/api/self-reports/${draft.id}/answers`, { answers: [] })).status).toBe(403);
    const notImage = await json<Problem>(await hosp.upload(`/api/self-reports/${draft.id}/photos?item=${list.items[1].key}`, Buffer.from('not a photo'), 'image/jpeg'), 400);
    expect(notImage.issues?.[0].code).toBe('file.not_jpeg');
    expect(await snapshot()).toEqual(mid);
  });

  it('signs with the code from the mail: a wrong code is refused, the right one submits the report with its hash', async () => {
    const current = await json<{ periods: { period: Period; latest: { id: string } | null }[] }>(await hosp.get(`/api/self-reports/periods?businessId=${hospId}`), 200);
    const draftId = current.periods[0].latest!.id;
    for (const item of list.items.filter((i) => i.photo)) await json(await hosp.upload(`/api/self-reports/${draftId}/photos?item=${item.key}`, JPEG, 'image/jpeg'), 201);
    const shown = await json<Report>(await hosp.get(`/api/self-reports/${draftId}`), 200);
    const report = await json<Report>(await hosp.request('PUT', `/api/self-reports/${draftId}/answers`, { answers: shown.answers.map((a) => ({ ...a, answer: 'yes' })) }), 200);
    expect(report.actions).toEqual(['edit', 'sign']);
    const code = await codeFor(hosp, report.id);

    const before = await snapshot();
    const wrong = await json<Problem>(await hosp.post(`/api/self-reports/${report.id}/sign`, { code: code === '000000' ? '111111' : '000000', signerName: '王建国', contentSha256: report.contentSha256 }), 400);
    expect(wrong.issues?.[0]).toMatchObject({ path: ['code'], code: 'consent.code_wrong' });
    const stale = await json<Problem>(await hosp.post(`/api/self-reports/${report.id}/sign`, { code, signerName: '王建国', contentSha256: 'a'.repeat(64) }), 409);
    expect(stale.message).toContain('变更');
    expect(await snapshot()).toEqual(before);
    expect((await entries(report.id)).map((e) => e.action)).toContain('self_report.sign_refused');

    const signed = await json<Report>(await hosp.post(`/api/self-reports/${report.id}/sign`, { code, signerName: '王建国', contentSha256: report.contentSha256 }), 200);
    expect(signed).toMatchObject({ status: 'submitted', late: false, contentSha256: report.contentSha256, signature: { signerName: '王建国', identityMethod: 'email_code' } });
    expect(signed.signature!.identityAddress).toMatch(/\*\*\*@/);
    // The hash is over the canonical report (photos by their SHA-256) and the commitment text.
    const row = await t.db.selectFrom('self_inspection_reports').selectAll().where('id', '=', report.id).executeTakeFirstOrThrow();
    const photos = new Map(signed.photos.map((p) => [p.id, p.sha256]));
    const p = back(0);
    const content = { businessId: hospId, businessName: '婺城区人民医院', category: 'medical', periodKey: p.key, periodStart: p.start, periodEnd: p.end, checklistVersion: 1, answers: signed.answers.map(({ photoIds, ...a }) => ({ ...a, photos: photoIds.map((id) => photos.get(id)!) })), commitment: row.commitment_text! };
    expect(row.commitment_text).toBe(commitmentText('婺城区人民医院', `${p.key.slice(0, 4)} 年 ${Number(p.key.slice(5))} 月`));
    expect(contentSha256(content)).toBe(row.content_sha256);
    // The code was used once; what was signed cannot change, not even in the database.
    expect((await hosp.post(`/api/self-reports/${report.id}/sign`, { code, signerName: '王建国', contentSha256: report.contentSha256 })).status).toBe(409);
    await expect(sql`UPDATE self_inspection_reports SET answers = '[]' WHERE id = ${report.id}`.execute(t.db)).rejects.toThrow(/signed report cannot change/);
    await expect(sql`DELETE FROM self_inspection_photos`.execute(t.db)).rejects.toThrow(/written once|permission denied/);
    expect((await hosp.post('/api/self-reports', { businessId: hospId, periodStart: p.start })).status).toBe(409);
    expect((await entries(report.id)).map((e) => e.action)).toEqual(expect.arrayContaining(['self_report.drafted', 'self_report.draft_saved', 'self_report.code_sent', 'self_report.signed']));
  });

  it('an officer of the district accepts it and closes the routine check by document review; another district may not', async () => {
    const queue = await json<{ items: { id: string; businessName: string }[] }>(await officer.get('/api/self-reports'), 200);
    const item = queue.items.find((i) => i.businessName === '婺城区人民医院')!;
    expect(item).toBeTruthy();
    expect((await json<{ items: { id: string }[] }>(await officerJd.get('/api/self-reports'), 200)).items.map((i) => i.id)).not.toContain(item.id);
    expect((await officerJd.post(`/api/self-reports/${item.id}/review`, { decision: 'accept' })).status).toBe(403);
    expect((await hosp.post(`/api/self-reports/${item.id}/review`, { decision: 'accept' })).status).toBe(403);
    expect((await officer.post(`/api/self-reports/${item.id}/close-check`, { reason: '书面审查' })).status).toBe(409);
    const accepted = await json<Report>(await officer.post(`/api/self-reports/${item.id}/review`, { decision: 'accept', note: '材料齐全' }), 200);
    expect(accepted).toMatchObject({ status: 'accepted', review: { note: '材料齐全', reviewedBy: '张伟(婺城执法)' }, actions: ['close_check'] });
    expect((await officer.post(`/api/self-reports/${item.id}/review`, { decision: 'falsified', note: 'x' })).status).toBe(409);
    const closed = await json<Report>(await officer.post(`/api/self-reports/${item.id}/close-check`, { reason: '自查报告内容完整、照片清晰,以书面审查方式完成本月日常检查' }), 200);
    expect(closed.routineCheck).toMatchObject({ closed: true, closedBy: '张伟(婺城执法)' });
    expect((await officer.post(`/api/self-reports/${item.id}/close-check`, { reason: '再次' })).status).toBe(409);
    const log = await entries(item.id);
    expect(log.filter((e) => e.action === 'self_report.accepted' || e.action === 'self_report.routine_check_closed').map((e) => e.actor_id)).toEqual([officer.user.id, officer.user.id]);
    // The business sees its report, the hotel does not.
    expect((await hosp.get(`/api/self-reports/${item.id}`)).status).toBe(200);
    expect((await hotel.get(`/api/self-reports/${item.id}`)).status).toBe(403);
    const photo = (await json<Report>(await hosp.get(`/api/self-reports/${item.id}`), 200)).photos[0];
    const res = await officer.get(`/api/self-reports/${item.id}/photos/${photo.id}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await officerJd.get(`/api/self-reports/${item.id}/photos/${photo.id}`)).status).toBe(403);
  });

  it('a late report is marked late; an officer finds it falsified with a reason, and the credit hook is told', async () => {
    const p = latePeriod();
    const report = await filledDraft(hosp, hospId, p);
    const code = await codeFor(hosp, report.id);
    const signed = await json<Report>(await hosp.post(`/api/self-reports/${report.id}/sign`, { code, signerName: '王建国', contentSha256: report.contentSha256 }), 200);
    expect(signed).toMatchObject({ status: 'submitted', late: true });
    const noReason = await json<Problem>(await officer.post(`/api/self-reports/${report.id}/review`, { decision: 'falsified' }), 400);
    expect(noReason.issues?.[0].code).toBe('self_report.falsified_reason_required');
    expect(falsifiedCalls).toEqual([]);
    const found = await json<Report>(await officer.post(`/api/self-reports/${report.id}/review`, { decision: 'falsified', note: '照片与监控画面不符,留样记录系事后补填' }), 200);
    expect(found.status).toBe('falsified');
    expect(falsifiedCalls).toEqual([hospId]);
    expect((await entries(report.id)).map((e) => e.action)).toContain('self_report.falsified');
  });

  it('a returned report stays as it was; the business corrects it as a new version and signs again', async () => {
    const quarter = periodAt('quarter', new Date());
    const v1 = await filledDraft(hotel, hotelId, quarter, currentChecklist('public_place').items);
    await json(await hotel.post(`/api/self-reports/${v1.id}/sign`, { code: await codeFor(hotel, v1.id), signerName: '陈明', contentSha256: v1.contentSha256 }), 200);
    expect((await officer.post(`/api/self-reports/${v1.id}/review`, { decision: 'return', note: '照片不清' })).status).toBe(403); // another district
    const noNote = await json<Problem>(await officerJd.post(`/api/self-reports/${v1.id}/review`, { decision: 'return' }), 400);
    expect(noNote.issues?.[0].code).toBe('self_report.return_note_required');
    const returned = await json<Report>(await officerJd.post(`/api/self-reports/${v1.id}/review`, { decision: 'return', note: '消毒记录照片不清,请补拍' }), 200);
    expect(returned).toMatchObject({ status: 'returned', actions: [], review: { note: '消毒记录照片不清,请补拍' } });
    expect((await json<Report>(await hotel.get(`/api/self-reports/${v1.id}`), 200)).actions).toEqual(['correct']);
    const v2 = await json<Report & { supersedes: string; history: { id: string; status: string }[] }>(await hotel.post('/api/self-reports', { businessId: hotelId, periodStart: quarter.start }), 201);
    expect(v2).toMatchObject({ version: 2, status: 'draft', supersedes: v1.id });
    expect(v2.answers).toEqual(returned.answers);
    const fixed = await json<Report>(await hotel.request('PUT', `/api/self-reports/${v2.id}/answers`, { answers: v2.answers.map((a) => (a.answer === 'no' ? { ...a, note: `${a.note};已补拍` } : a)) }), 200);
    const signed = await json<Report & { history: { id: string; status: string }[] }>(await hotel.post(`/api/self-reports/${v2.id}/sign`, { code: await codeFor(hotel, v2.id), signerName: '陈明', contentSha256: fixed.contentSha256 }), 200);
    expect(signed.status).toBe('submitted');
    expect(signed.history.map((h) => h.status)).toEqual(['submitted', 'returned']);
    const old = await json<Report>(await hotel.get(`/api/self-reports/${v1.id}`), 200);
    expect(old).toMatchObject({ status: 'returned', contentSha256: v1.contentSha256 });
  });

  it('lists late and missing reports per agency scope', async () => {
    type Overdue = { items: { businessId: string; period: Period; state: string }[] };
    const wc = await json<Overdue>(await officer.get('/api/self-reports/overdue'), 200);
    const hospRows = wc.items.filter((i) => i.businessId === hospId);
    expect(hospRows.find((i) => i.period.key === back(3).key)?.state).toBe('missing');
    expect(hospRows.map((i) => i.period.key)).not.toContain(latePeriod().key); // signed, even if late
    expect(hospRows.map((i) => i.period.key)).not.toContain(back(0).key);
    expect(wc.items.map((i) => i.businessId)).not.toContain(hotelId); // another district
    expect((await officerJd.get('/api/self-reports/overdue')).status).toBe(200);
    expect((await hosp.get('/api/self-reports/overdue')).status).toBe(403);
    const manager = await api.login('manager.jh');
    expect((await json<Overdue>(await manager.get('/api/self-reports/overdue'), 200)).items.some((i) => i.businessId === hospId)).toBe(true);
  });

  it('facts(): due, on time, late, missing and falsified per business, for the credit score', async () => {
    const repo = createSelfReportRepository(t.db);
    const now = new Date();
    const from = new Date(now.getTime() - 200 * 86400_000);
    const facts = await repo.facts([hospId, hotelId, '00000000-0000-4000-8000-000000000000'], from, new Date(now.getTime() + 86400_000));
    const h = facts.get(hospId)!;
    // Since registration 6 months ago, every monthly period whose due day has passed.
    const lp = latePeriod();
    const passed = [1, 2, 3, 4, 5, 6].map(back).filter((p) => dueAt(p) < now && p.start >= month(new Date(now.getTime() - 183 * 86400_000)).start);
    expect(h).toMatchObject({ businessId: hospId, due: passed.length, onTime: 0, late: 1, missing: passed.length - 1 });
    expect(passed.map((p) => p.key)).toContain(lp.key);
    expect(h.falsifiedAt).toBeInstanceOf(Date);
    // The hotel was registered today: nothing due yet, never falsified; unknown businesses are absent.
    expect(facts.get(hotelId)).toEqual({ businessId: hotelId, due: 0, onTime: 0, late: 0, missing: 0, falsifiedAt: null });
    expect(facts.has('00000000-0000-4000-8000-000000000000')).toBe(false);
    // A window that ends before the finding has no falsifiedAt.
    expect((await repo.facts([hospId], from, new Date(now.getTime() - 86400_000))).get(hospId)?.falsifiedAt).toBeNull();
  });

  it('every report and photo row matches its latest ledger entry', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems.filter((p) => p.id.startsWith('self_inspection'))).toEqual([]);
  });

  it('closes a random inspection by document review only on the own accepted report of the business, and the result links to it (issue 16 item 2)', async () => {
    const manager = await api.login('manager.jh');
    const wcId = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow()).id;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const plan = await json<{ id: string; version: number }>(await manager.post('/api/inspection/plans', { agencyId: wcId, title: '婺城书面审查抽查', category: 'medical', periodFrom: today, periodTo: today, ratePercent: 100, seedSource: '开奖号码' }), 201);
    const committed = await json<{ plan: { version: number } }>(await manager.post(`/api/inspection/plans/${plan.id}/commit`, { expectedVersion: plan.version }), 200);
    const drawn = await json<{ items: { id: string; businessId: string; version: number }[] }>(await manager.post(`/api/inspection/plans/${plan.id}/draw`, { publicValue: '7', expectedVersion: committed.plan.version }), 200);
    const item = drawn.items.find((i) => i.businessId === hospId)!;
    const reports = await t.db.selectFrom('self_inspection_reports').select(['id', 'status', 'period_key', 'routine_check_closed']).where('business_id', '=', hospId).execute();
    const accepted = reports.find((r) => r.status === 'accepted' && r.routine_check_closed)!;
    const other = reports.find((r) => r.status !== 'accepted')!;
    const result = (selfReportId: string) => ({ result: 'document_review', inspectedOn: today, selfReportId, expectedVersion: item.version });
    // Another business's report (or none), a report not accepted: refused at the field, nothing recorded.
    const foreign = await json<Problem>(await officer.post(`/api/inspection/items/${item.id}/result`, result(randomUUID())), 400);
    expect(foreign.issues?.[0]).toMatchObject({ path: ['selfReportId'], code: 'inspection.self_report_not_of_business' });
    const unaccepted = await json<Problem>(await officer.post(`/api/inspection/items/${item.id}/result`, result(other.id)), 400);
    expect(unaccepted.issues?.[0]).toMatchObject({ path: ['selfReportId'], code: 'inspection.self_report_not_accepted' });
    expect((await t.db.selectFrom('inspection_items').select('result').where('id', '=', item.id).executeTakeFirstOrThrow()).result).toBeNull();

    await json(await officer.post(`/api/inspection/items/${item.id}/result`, result(accepted.id)), 200);
    const detail = await json<{ items: { id: string; selfReport: unknown }[] }>(await manager.get(`/api/inspection/plans/${plan.id}`), 200);
    expect(detail.items.find((i) => i.id === item.id)!.selfReport).toEqual({ id: accepted.id, periodKey: accepted.period_key, routineCheckClosed: true });
    const mine = await json<{ items: { id: string; selfReport: unknown }[] }>(await officer.get('/api/inspection/my-items'), 200);
    expect(mine.items.find((i) => i.id === item.id)!.selfReport).toMatchObject({ id: accepted.id });
  });
});
