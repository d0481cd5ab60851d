import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEvents } from '../../core/events.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The officer's review (R5) against a real PostgreSQL: the queue (keyset, filters, counts,
// scope), decisions (open, assign, confirm, two-person, dismiss, escalate) with 409 on a stale
// version, views recorded, and every row matching its latest ledger entry.
let t: TestDatabase;
let api: TestApi;
let officer: Session; // 婺城 district
let officer2: Session; // a second 婺城 officer (two-person rule)
let jdOfficer: Session; // 金东 district
let manager: Session; // 金华 city
let admin: Session;
let biz: Session;
let hospCamera: string;
let schoolCamera: string;
let hotelCamera: string;
const events: ServerEvents['flag:changed'][] = [];

type Item = { id: string; deadlineAt: string; createdAt: string; reviewStatus: string; reviewVersion: number; secondsLeft: number; overdue: boolean; businessName: string; agencyName: string };
type Page = { items: Item[]; nextCursor: string | null; counts: Record<string, number> };
type State = { id: string; reviewStatus: string; reviewVersion: number; assignedTo: string | null; decidedAt: string | null; dismissReason: string | null };
const json = async <T>(res: Response) => (await res.json()) as T;
const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  api.events.on('flag:changed', (p) => events.push(p));
  officer = await api.login('officer.wc');
  jdOfficer = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  admin = await api.login('admin');
  biz = await api.login('biz.hosp');
  // A second officer in 婺城, created by the admin.
  const wc = await t.db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow();
  const created = await json<{ user: { id: string }; oneTimePassword: string }>(await admin.post('/api/admin/users', { username: 'officer.wc2', displayName: '李娜(婺城执法)', role: 'officer', agencyId: wc.id, certificateNo: '浙卫执字第00002号' }));
  api.logins.push({ username: 'officer.wc2', password: created.oneTimePassword, role: 'officer', displayName: '李娜', where: '婺城' });
  officer2 = await api.login('officer.wc2');
  hospCamera = await cameraOf(t.db, '婺城区人民医院');
  schoolCamera = await cameraOf(t.db, '婺城区第一实验小学');
  hotelCamera = await cameraOf(t.db, '金东区江滨宾馆有限公司');
});
afterAll(async () => {
  await t?.destroy();
});

async function allPages(s: Session, query: string, limit: number) {
  const seen: Item[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let counts: Record<string, number> = {};
  do {
    const page: Page = await json<Page>(await s.get(`/api/review/queue?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`));
    seen.push(...page.items);
    counts = page.counts;
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { seen, counts, pages };
}

describe('the review queue', () => {
  it('pages by deadline and by newest with a keyset cursor: every flag once, in order, only the caller\'s subtree', async () => {
    const now = Date.now();
    // 130 flags at the hospital and 20 at the school (婺城), 30 at the hotel (金东); deadlines spread both ways.
    await insertFlags(t.db, hospCamera, Array.from({ length: 130 }, (_, i) => ({ deadline_at: new Date(now + ((i * 37) % 130) * HOUR - 4.5 * HOUR) })));
    await insertFlags(t.db, schoolCamera, Array.from({ length: 20 }, (_, i) => ({ type: 'view_moved' as const, deadline_at: new Date(now + (i + 1) * HOUR) })));
    await insertFlags(t.db, hotelCamera, Array.from({ length: 30 }, (_, i) => ({ deadline_at: new Date(now + i * HOUR) })));

    const byDeadline = await allPages(officer, 'sort=deadline', 40);
    expect(byDeadline.seen).toHaveLength(150);
    expect(byDeadline.pages).toBe(4);
    expect(new Set(byDeadline.seen.map((i) => i.id)).size).toBe(150);
    const deadlines = byDeadline.seen.map((i) => Date.parse(i.deadlineAt));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    // The agency's name, not the one-character abbreviation its document numbers use (was "婺").
    expect(byDeadline.seen.every((i) => i.agencyName === '金华市婺城区卫生健康局')).toBe(true);
    const assignees = (await (await officer.get('/api/review/assignees')).json()) as { items: { name: string; agencyName: string }[] };
    expect(assignees.items.length).toBeGreaterThan(0);
    expect(assignees.items.every((a) => a.agencyName.length > 2 && a.agencyName.endsWith('卫生健康局'))).toBe(true);
    // Four and a half hours overdue at most: the first five are overdue, with negative seconds left.
    expect(byDeadline.seen[0]).toMatchObject({ overdue: true });
    expect(byDeadline.seen[0].secondsLeft).toBeLessThan(-4 * 3600);
    expect(byDeadline.seen.filter((i) => i.overdue)).toHaveLength(5);
    expect(byDeadline.counts).toMatchObject({ new: 150, in_review: 0, confirmed: 0, dismissed: 0, overdue: 5 });

    const newest = await allPages(officer, 'sort=newest', 64);
    expect(newest.seen).toHaveLength(150);
    const created = newest.seen.map((i) => Date.parse(i.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const jd = await allPages(jdOfficer, 'sort=deadline', 50);
    expect(jd.seen).toHaveLength(30);
    expect(jd.seen.every((i) => i.businessName === '金东区江滨宾馆有限公司')).toBe(true);
    const city = await allPages(manager, 'sort=deadline', 200);
    expect(city.seen).toHaveLength(180);
  });

  it('filters by agency, category, business, device, type, status and time; a cursor of the other sort is refused', async () => {
    const wc = await t.db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow();
    const count = async (q: string, s: Session = manager) => (await allPages(s, q, 200)).seen.length;
    expect(await count(`agencyId=${wc.id}`)).toBe(150);
    expect(await count(`districtId=${wc.id}&category=school_canteen`)).toBe(20);
    expect(await count('category=public_place')).toBe(30);
    expect(await count(`deviceId=${hospCamera}`)).toBe(130);
    const hosp = await t.db.selectFrom('businesses').select('id').where('name', '=', '婺城区人民医院').executeTakeFirstOrThrow();
    expect(await count(`businessId=${hosp.id}`)).toBe(130);
    expect(await count('type=view_moved')).toBe(20);
    expect(await count('status=confirmed')).toBe(0);
    expect(await count(`from=${new Date(Date.now() + HOUR).toISOString()}`)).toBe(0);
    expect(await count(`to=${new Date(Date.now() + HOUR).toISOString()}`)).toBe(180);
    // 金东's officer filtering on 婺城 sees nothing of it.
    expect(await count(`agencyId=${wc.id}`, jdOfficer)).toBe(0);

    const first = await json<Page>(await officer.get('/api/review/queue?limit=5&sort=newest'));
    expect((await officer.get(`/api/review/queue?limit=5&sort=deadline&cursor=${first.nextCursor}`)).status).toBe(400);
    expect((await biz.get('/api/review/queue')).status).toBe(403);
  });
});

async function oneFlag(deviceId = hospCamera, type: 'camera_covered' | 'camera_blurred' = 'camera_covered') {
  const [f] = await insertFlags(t.db, deviceId, [{ type }]);
  return f.id;
}
const reviews = (flagId: string) => t.db.selectFrom('flag_reviews').selectAll().where('flag_id', '=', flagId).orderBy('at').orderBy('id').execute();

describe('decisions', () => {
  it('open claims the flag; confirm with a stale version is 409; confirm decides, opens the finding, emits and is ledgered', async () => {
    const id = await oneFlag();
    const opened = await json<State>(await officer.post(`/api/flags/${id}/open`));
    expect(opened).toMatchObject({ reviewStatus: 'in_review', reviewVersion: 2, assignedTo: officer.user.id });
    // A second open by a colleague does not take it away.
    expect(await json<State>(await officer2.post(`/api/flags/${id}/open`))).toMatchObject({ reviewStatus: 'in_review', reviewVersion: 2, assignedTo: officer.user.id });

    const stale = await officer.post(`/api/flags/${id}/confirm`, { expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await json<{ code: string }>(stale)).code).toBe('version_conflict');

    events.length = 0;
    const done = await json<State>(await officer.post(`/api/flags/${id}/confirm`, { expectedVersion: 2, note: '画面清晰,确认遮挡' }));
    expect(done).toMatchObject({ reviewStatus: 'confirmed', reviewVersion: 3 });
    expect(done.decidedAt).not.toBeNull();
    expect(events).toEqual([expect.objectContaining({ id, reviewStatus: 'confirmed' })]);
    expect(await t.db.selectFrom('findings').select(['flag_id', 'confirmed_by']).where('flag_id', '=', id).execute()).toEqual([{ flag_id: id, confirmed_by: officer.user.id }]);
    expect((await reviews(id)).map((r) => [r.action, r.actor_id, r.to_status])).toEqual([
      ['opened', officer.user.id, 'in_review'],
      ['opened', officer2.user.id, 'in_review'],
      ['confirmed', officer.user.id, 'confirmed'],
    ]);
    const entries = await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', id).where('entity_type', '=', 'flag').orderBy('id').execute();
    expect(entries.map((e) => e.action)).toEqual(['flag.raised', 'flag.opened', 'flag.confirmed']);
    // Decided: nothing more.
    expect((await officer.post(`/api/flags/${id}/dismiss`, { expectedVersion: 3, reasonCode: 'other', note: 'x' })).status).toBe(409);
    expect((await officer.post(`/api/flags/${id}/escalate`, { note: 'x' })).status).toBe(409);
  });

  it('dismisses with a reason code (a note required only for "other"); escalates once', async () => {
    const id = await oneFlag();
    expect((await officer.post(`/api/flags/${id}/dismiss`, { expectedVersion: 1, reasonCode: 'other', note: '' })).status).toBe(400);
    expect((await officer.post(`/api/flags/${id}/dismiss`, { expectedVersion: 1, reasonCode: 'lunch', note: 'x' })).status).toBe(400);
    const d = await json<State>(await officer.post(`/api/flags/${id}/dismiss`, { expectedVersion: 1, reasonCode: 'false_detection', note: '光线变化误报' }));
    expect(d).toMatchObject({ reviewStatus: 'dismissed', dismissReason: 'false_detection', assignedTo: officer.user.id });
    expect((await reviews(id)).map((r) => [r.action, r.reason_code, r.note])).toEqual([['dismissed', 'false_detection', '光线变化误报']]);

    const e = await oneFlag();
    expect(await json<State>(await officer.post(`/api/flags/${e}/escalate`, { note: '需负责人决定' }))).toMatchObject({ reviewStatus: 'escalated' });
    expect((await officer.post(`/api/flags/${e}/escalate`, { note: 'again' })).status).toBe(409);
    // The manager above decides an escalated flag.
    expect(await json<State>(await manager.post(`/api/flags/${e}/confirm`, { expectedVersion: 2 }))).toMatchObject({ reviewStatus: 'confirmed' });
  });

  it('assigns only to an officer or manager over the flag\'s agency', async () => {
    const id = await oneFlag();
    expect(await json<State>(await manager.post(`/api/flags/${id}/assign`, { userId: officer2.user.id }))).toMatchObject({ assignedTo: officer2.user.id });
    expect((await manager.post(`/api/flags/${id}/assign`, { userId: jdOfficer.user.id })).status).toBe(400);
    expect((await manager.post(`/api/flags/${id}/assign`, { userId: biz.user.id })).status).toBe(400);
    expect((await reviews(id)).map((r) => [r.action, r.assigned_to])).toEqual([['assigned', officer2.user.id]]);
    // Opening it does not take it from the assignee.
    expect(await json<State>(await officer.post(`/api/flags/${id}/open`))).toMatchObject({ assignedTo: officer2.user.id, reviewStatus: 'in_review' });
  });

  it('two-person rule: the first confirmation waits for a different officer', async () => {
    const put = await admin.request('PUT', '/api/admin/handling-policies', { flagType: 'camera_blurred', category: 'medical', deadlineHours: 4, twoPerson: true });
    expect(put.status).toBe(200);
    const id = await oneFlag(hospCamera, 'camera_blurred');
    const first = await json<State>(await officer.post(`/api/flags/${id}/confirm`, { expectedVersion: 1 }));
    expect(first).toMatchObject({ reviewStatus: 'awaiting_second', reviewVersion: 2 });
    expect(await t.db.selectFrom('findings').select('id').where('flag_id', '=', id).execute()).toEqual([]);
    const again = await officer.post(`/api/flags/${id}/confirm`, { expectedVersion: 2 });
    expect(again.status).toBe(409);
    const second = await json<State>(await officer2.post(`/api/flags/${id}/confirm`, { expectedVersion: 2 }));
    expect(second).toMatchObject({ reviewStatus: 'confirmed', reviewVersion: 3 });
    expect((await reviews(id)).map((r) => [r.action, r.actor_id])).toEqual([
      ['confirmed', officer.user.id],
      ['second_confirmed', officer2.user.id],
    ]);
    expect(await t.db.selectFrom('findings').select('confirmed_by').where('flag_id', '=', id).execute()).toEqual([{ confirmed_by: officer2.user.id }]);
    const detail = await json<{ twoPerson: boolean; history: { action: string; actorName: string }[] }>(await officer.get(`/api/review/flags/${id}`));
    expect(detail.twoPerson).toBe(true);
    expect(detail.history.map((h) => h.action)).toEqual(['confirmed', 'second_confirmed']);
  });

  it('an officer of another district gets 403 and changes nothing; a business user never reaches the API', async () => {
    const id = await oneFlag();
    for (const [path, body] of [
      ['open', {}],
      ['confirm', { expectedVersion: 1 }],
      ['dismiss', { expectedVersion: 1, reasonCode: 'other', note: 'x' }],
      ['escalate', { note: 'x' }],
      ['assign', { userId: jdOfficer.user.id }],
    ] as const) {
      expect((await jdOfficer.post(`/api/flags/${id}/${path}`, body)).status).toBe(403);
      expect((await biz.post(`/api/flags/${id}/${path}`, body)).status).toBe(403);
    }
    expect((await jdOfficer.get(`/api/review/flags/${id}`)).status).toBe(403);
    expect((await jdOfficer.get(`/api/flags/${id}`)).status).toBe(403);
    expect((await officer.post('/api/flags/00000000-0000-4000-8000-000000000000/open')).status).toBe(404);
    const row = await t.db.selectFrom('flags').select(['review_status', 'review_version', 'assigned_to']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ review_status: 'new', review_version: 1, assigned_to: null });
    expect(await reviews(id)).toEqual([]);
  });

  it('records every view of a flag with who and when (one a minute per person)', async () => {
    const id = await oneFlag();
    expect((await officer.get(`/api/flags/${id}`)).status).toBe(200);
    expect((await manager.get(`/api/flags/${id}`)).status).toBe(200);
    expect((await officer.get(`/api/flags/${id}`)).status).toBe(200); // the same look again within a minute: not a new view
    const views = await reviews(id);
    expect(views.map((v) => [v.action, v.actor_id, v.from_status, v.to_status])).toEqual([
      ['viewed', officer.user.id, 'new', 'new'],
      ['viewed', manager.user.id, 'new', 'new'],
    ]);
    expect(Date.now() - new Date(views[1].at).getTime()).toBeLessThan(60_000);
    const history = await json<{ history: { action: string; actorName: string }[] }>(await officer.get(`/api/review/flags/${id}`));
    expect(history.history.map((h) => `${h.action}:${h.actorName}`)).toEqual(['viewed:张伟(婺城执法)', 'viewed:周强(负责人)']);
  });
});

describe('what managers see', () => {
  it('per-rule/type precision: confirmed over confirmed + dismissed as false detection', async () => {
    const from = new Date(Date.now() - HOUR).toISOString();
    const to = new Date(Date.now() + HOUR).toISOString();
    expect((await officer.get(`/api/review/precision?from=${from}&to=${to}`)).status).toBe(403);
    const p = await json<{ rows: { source: string; type: string; confirmed: number; dismissed: Record<string, number>; precision: number | null }[] }>(await manager.get(`/api/review/precision?from=${from}&to=${to}`));
    const covered = p.rows.find((r) => r.type === 'camera_covered')!;
    // Confirmed: the first flag and the escalated one; dismissed as a false detection: one.
    expect(covered).toMatchObject({ source: 'tamper', confirmed: 2, dismissed: { false_detection: 1, permitted_activity: 0, duplicate: 0, camera_fault: 0, other: 0 } });
    expect(covered.precision).toBeCloseTo(2 / 3);
    expect(p.rows.find((r) => r.type === 'camera_blurred')).toMatchObject({ confirmed: 1, precision: 1 });
  });

  it('the queue counts open flags whenever raised, and decided ones since today (or the time filter)', async () => {
    const page = await json<Page & { decidedSince: string }>(await officer.get('/api/review/queue?limit=1'));
    expect(page.counts).toMatchObject({ confirmed: 3, dismissed: 1, escalated: 0, awaiting_second: 0 });
    expect(Date.parse(page.decidedSince)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - Date.parse(page.decidedSince)).toBeLessThanOrEqual(24 * HOUR);
    const later = await json<Page>(await officer.get(`/api/review/queue?limit=1&from=${new Date(Date.now() + HOUR).toISOString()}`));
    expect(later.counts).toMatchObject({ new: 0, confirmed: 0, dismissed: 0 });
  });

  it('documents the review routes in the OpenAPI description', async () => {
    const doc = (await (await api.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/review/queue', '/api/review/flags/{flagId}', '/api/review/precision', '/api/flags/{flagId}/confirm', '/api/flags/{flagId}/dismiss', '/api/admin/handling-policies', '/api/admin/holidays/{day}']),
    );
  });

  it('handling policies and holidays are the admin\'s, and ledgered; every row matches its latest ledger entry', async () => {
    expect((await officer.request('PUT', '/api/admin/holidays/2026-10-01', { kind: 'holiday', name: '国庆节' })).status).toBe(403);
    expect((await admin.request('PUT', '/api/admin/holidays/2026-10-01', { kind: 'holiday', name: '国庆节' })).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/holidays/2026-10-09', { kind: 'workday', name: '调休' })).status).toBe(400); // a Friday
    expect((await admin.request('PUT', '/api/admin/holidays/2026-10-10', { kind: 'workday', name: '国庆调休' })).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/holidays/2026-10-10', { kind: 'workday', name: '国庆调休', active: false })).status).toBe(200);
    const list = await json<{ items: { day: string; active: boolean }[] }>(await admin.get('/api/admin/holidays?year=2026'));
    expect(list.items).toEqual([expect.objectContaining({ day: '2026-10-01', active: true }), expect.objectContaining({ day: '2026-10-10', active: false })]);
    expect((await admin.request('PUT', '/api/admin/handling-policies', { flagType: '*', category: '*', deadlineWorkingDays: 2, deadlineHours: 3 })).status).toBe(400);
    const check = await checkEntities(t.db);
    expect(check.problems).toEqual([]);
    expect(check.checked).toBeGreaterThan(200);
  });
});

// Runs last: it confirms flags, which the count test above must not see.
describe('two-person rule per rule', () => {
  it('two-person rule set on the rule itself: its flags wait for a second officer, other rules’ do not', async () => {
    const strict = await officer.post(`/api/devices/${hospCamera}/rules`, { kind: 'phone_use', name: '无菌区手机', definition: { twoPerson: true } });
    expect(strict.status).toBe(201);
    const rule = (await strict.json()) as { id: string; version: number; definition: { twoPerson: boolean } };
    expect(rule.definition.twoPerson).toBe(true);
    const [flag] = await insertFlags(t.db, hospCamera, [{ source: 'rule', type: 'phone_use', rule_id: rule.id, rule_version: rule.version }]);
    expect(await json<State>(await officer.post(`/api/flags/${flag.id}/confirm`, { expectedVersion: 1 }))).toMatchObject({ reviewStatus: 'awaiting_second' });
    expect(await json<State>(await officer2.post(`/api/flags/${flag.id}/confirm`, { expectedVersion: 2 }))).toMatchObject({ reviewStatus: 'confirmed' });
    // The same kind from a rule without it: one officer is enough.
    const plain = (await (await officer.post(`/api/devices/${hospCamera}/rules`, { kind: 'phone_use', name: '备餐区手机', definition: {} })).json()) as { id: string; version: number };
    const [other] = await insertFlags(t.db, hospCamera, [{ source: 'rule', type: 'phone_use', rule_id: plain.id, rule_version: plain.version }]);
    expect(await json<State>(await officer.post(`/api/flags/${other.id}/confirm`, { expectedVersion: 1 }))).toMatchObject({ reviewStatus: 'confirmed' });
  });
});
