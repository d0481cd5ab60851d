import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlagStore } from '../../analyzer/flags/flag.store.js';
import { createOverdueService, type OverdueService } from '../../api/review/overdue.service.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { ServerEvents } from '../../core/events.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import type { OutgoingMessage } from '../../core/notify/notify.types.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Overdue flags (R5, seed 002 §8, §21): with the clock moved past the deadline a flag is
// escalated exactly once, ledgered, pushed and its managers told; decided flags never are.
// Deadlines counted in working days honour the holiday calendar and adjusted workdays (调休).
let t: TestDatabase;
let api: TestApi;
let officer: Session;
let admin: Session;
let overdue: OverdueService;
let hospCamera: string;
let hotelCamera: string;
const sent: OutgoingMessage[] = [];
const events: ServerEvents['flag:changed'][] = [];
const HOUR = 3600_000;
const notifier: Notifier = {
  send: async (msg) => {
    sent.push(msg);
    return { outboxId: `fake-${sent.length}`, status: 'sent' };
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  api.events.on('flag:changed', (p) => events.push(p));
  officer = await api.login('officer.wc');
  admin = await api.login('admin');
  hospCamera = await cameraOf(t.db, '婺城区人民医院');
  hotelCamera = await cameraOf(t.db, '金东区江滨宾馆有限公司');
  overdue = createOverdueService({ db: t.db, events: api.events, notifier: () => notifier, log: createLogger('silent'), publicBaseUrl: 'http://vigil.test' });
});
afterAll(async () => {
  await t?.destroy();
});

const reviewsOf = (ids: string[]) => t.db.selectFrom('flag_reviews').select(['flag_id', 'action', 'actor_id', 'from_status', 'to_status']).where('flag_id', 'in', ids).where('action', '=', 'overdue_escalated').execute();

describe('the overdue sweep', () => {
  it('escalates each undecided flag past its deadline exactly once; decided flags never', async () => {
    const now = Date.now();
    const deadline = new Date(now + HOUR);
    const [fresh, opened, toConfirm, toDismiss, later] = await insertFlags(t.db, hospCamera, [{ deadline_at: deadline }, { deadline_at: deadline }, { deadline_at: deadline }, { deadline_at: deadline }, { deadline_at: new Date(now + 10 * HOUR) }]);
    expect((await officer.post(`/api/flags/${opened.id}/open`)).status).toBe(200);
    expect((await officer.post(`/api/flags/${toConfirm.id}/confirm`, { expectedVersion: 1 })).status).toBe(200);
    expect((await officer.post(`/api/flags/${toDismiss.id}/dismiss`, { expectedVersion: 1, reasonCode: 'duplicate', note: '同一事件' })).status).toBe(200);
    const ids = [fresh.id, opened.id, toConfirm.id, toDismiss.id, later.id];

    // Before the deadline: nothing.
    expect(await overdue.run(new Date(now + HOUR - 1000))).toBe(0);
    events.length = 0;
    // The clock moved past it: the two undecided flags, once.
    expect(await overdue.run(new Date(now + 2 * HOUR))).toBe(2);
    const rows = await t.db.selectFrom('flags').select(['id', 'review_status', 'overdue_escalated_at', 'review_version']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(fresh.id)).toMatchObject({ review_status: 'escalated', overdue_escalated_at: new Date(now + 2 * HOUR), review_version: 2 });
    expect(byId.get(opened.id)).toMatchObject({ review_status: 'escalated', review_version: 3 });
    expect(byId.get(toConfirm.id)).toMatchObject({ review_status: 'confirmed', overdue_escalated_at: null });
    expect(byId.get(toDismiss.id)).toMatchObject({ review_status: 'dismissed', overdue_escalated_at: null });
    expect(byId.get(later.id)).toMatchObject({ review_status: 'new', overdue_escalated_at: null });
    expect((await reviewsOf(ids)).sort((a, b) => a.from_status.localeCompare(b.from_status))).toEqual([
      { flag_id: opened.id, action: 'overdue_escalated', actor_id: null, from_status: 'in_review', to_status: 'escalated' },
      { flag_id: fresh.id, action: 'overdue_escalated', actor_id: null, from_status: 'new', to_status: 'escalated' },
    ]);
    expect(events.map((e) => [e.id, e.reviewStatus]).sort()).toEqual([[fresh.id, 'escalated'], [opened.id, 'escalated']].sort());

    // A second run, later still, and two at once: nothing more.
    expect(await overdue.run(new Date(now + 3 * HOUR))).toBe(0);
    expect(await Promise.all([overdue.run(new Date(now + 4 * HOUR)), overdue.run(new Date(now + 4 * HOUR))])).toEqual([0, 0]);
    expect(await reviewsOf(ids)).toHaveLength(2);
    const ledgered = await t.db.selectFrom('ledger_entries').select('entity_id').where('action', '=', 'flag.overdue_escalated').where('entity_id', 'in', ids).execute();
    expect(ledgered.map((l) => l.entity_id).sort()).toEqual([fresh.id, opened.id].sort());

    // The managers over 婺城 (金华's 周强) were told, in the ledger (no e-mail address on the account).
    const manager = await t.db.selectFrom('users').select('id').where('username', '=', 'manager.jh').executeTakeFirstOrThrow();
    const notices = await t.db.selectFrom('ledger_entries').select(['entity_id', 'context']).where('action', '=', 'flag.overdue_notified').execute();
    expect(notices).toEqual([{ entity_id: manager.id, context: expect.objectContaining({ channel: 'ledger', flagIds: expect.arrayContaining([fresh.id, opened.id]) }) }]);

    // Escalated is not decided: the officer still confirms it.
    expect((await officer.post(`/api/flags/${fresh.id}/confirm`, { expectedVersion: 2 })).status).toBe(200);
  });

  it('e-mails a manager who has an address, and escalates two processes\' worth of flags once each', async () => {
    const jd = await t.db.selectFrom('agencies').select('id').where('code', '=', '330703').executeTakeFirstOrThrow();
    const res = await admin.post('/api/admin/users', { username: 'manager.jd', displayName: '钱亮(金东负责人)', role: 'manager', agencyId: jd.id, email: 'qian@jd.example.cn' });
    expect(res.status).toBe(201);
    const now = Date.now();
    const flags = await insertFlags(t.db, hotelCamera, Array.from({ length: 40 }, () => ({ deadline_at: new Date(now + HOUR) })));
    sent.length = 0;
    const [a, b] = await Promise.all([overdue.run(new Date(now + 2 * HOUR)), overdue.run(new Date(now + 2 * HOUR))]);
    expect(a + b).toBe(40);
    expect(await reviewsOf(flags.map((f) => f.id))).toHaveLength(40);
    const toJd = sent.filter((m) => m.to === 'qian@jd.example.cn');
    expect(toJd.length).toBeGreaterThanOrEqual(1);
    expect(toJd.every((m) => m.channel === 'email' && m.purpose === 'flag.overdue')).toBe(true);
    expect(toJd.flatMap((m) => m.body.match(/\/flags\/[0-9a-f-]{36}/g) ?? [])).toHaveLength(40);
  });
});

describe('working-day deadlines', () => {
  it('a flag written by the analyzer is due at the end of the first working day, past holidays, on an adjusted weekend workday', async () => {
    // From tomorrow (Shanghai), ten days off, except the first weekend day among them, worked (调休).
    const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
    const days = Array.from({ length: 10 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + (i + 1) * 24 * HOUR).toISOString().slice(0, 10));
    const worked = days.find((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
    for (const d of days) {
      const r = await admin.request('PUT', `/api/admin/holidays/${d}`, d === worked ? { kind: 'workday', name: '调休上班' } : { kind: 'holiday', name: '测试假期' });
      expect(r.status).toBe(200);
    }
    expect((await admin.request('PUT', '/api/admin/handling-policies', { flagType: 'picture_frozen', category: 'medical', deadlineWorkingDays: 1 })).status).toBe(200);

    const store = createFlagStore({ db: t.db, blobs: createFsBlobStore('/tmp/vigil-review-overdue-blobs'), queue: { sendInTransaction: async () => null }, analyzer: 'test' });
    const place = (await store.place(hospCamera))!;
    const { id } = await store.open({ place, source: 'tamper', type: 'picture_frozen', rule: null, model: null, startedAt: new Date(), peakScore: null, peakAt: null, detail: {}, snapshotJpeg: null });
    const flag = await t.db.selectFrom('flags').select(['deadline_at', 'created_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const due = new Date(`${worked}T23:59:59.999+08:00`);
    expect(flag.deadline_at).toEqual(due);

    // Another type keeps the default two working days: the worked weekend day, then the first day after the holidays.
    const other = await store.open({ place, source: 'tamper', type: 'stream_lost', rule: null, model: null, startedAt: new Date(), peakScore: null, peakAt: null, detail: {}, snapshotJpeg: null });
    const afterHolidays = new Date(Date.parse(`${days.at(-1)}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
    let second = afterHolidays;
    while ([0, 6].includes(new Date(`${second}T00:00:00Z`).getUTCDay())) second = new Date(Date.parse(`${second}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
    expect((await t.db.selectFrom('flags').select('deadline_at').where('id', '=', other.id).executeTakeFirstOrThrow()).deadline_at).toEqual(new Date(`${second}T23:59:59.999+08:00`));

    // The clock just before the deadline: not overdue; just after: escalated (earlier tests' flags swept first).
    await overdue.run(new Date(due.getTime() - 120_000));
    expect(await t.db.selectFrom('flags').select('review_status').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ review_status: 'new' });
    expect(await overdue.run(new Date(due.getTime() - 60_000))).toBe(0);
    expect(await overdue.run(new Date(due.getTime() + 1))).toBe(1);
    expect(await t.db.selectFrom('flags').select('review_status').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ review_status: 'escalated' });

    const check = await checkEntities(t.db);
    expect(check.problems).toEqual([]);
  });
});
