import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessRepository } from '../../api/access/access.repository.js';
import { createAccess } from '../../api/access/access.service.js';
import { createCreditService, type CreditService } from '../../api/credit/credit.service.js';
import { createHealthRollupRepository } from '../../api/dashboard/health-rollup.repository.js';
import { nextDay, shanghaiDay } from '../../core/calendar/calendar.js';
import type { SelfReportFacts, SelfReportFactsSource } from '../../core/credit/inputs.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createTestApi, type TestApi } from '../support/api-client.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
let credit: CreditService;
const NOW = new Date();
const ago = (days: number, minutes = 0) => new Date(NOW.getTime() - days * 86400_000 - minutes * 60_000);
const HOSP = '婺城区人民医院';
const HOTEL = '金东区江滨宾馆有限公司';
const ids: Record<string, string> = {};
/** What the self-report port answers (i16-selfreport's repository at the join): set per test. */
const reports = new Map<string, SelfReportFacts>();
const selfReports: SelfReportFactsSource = async (businessIds) => new Map(businessIds.filter((id) => reports.has(id)).map((id) => [id, reports.get(id)!]));

type Detail = {
  business: { id: string; name: string };
  current: { id: string; score: number; grade: string; computedGrade: string; reason: string; note: string | null; computedBy: string | null; inputs: { key: string; value: number | null; weight: number; cap: number; points: number }[]; override: Record<string, unknown> | null } | null;
  history: { grade: string; score: number; reason: string }[];
  rules: { version: string; inputs: { key: string; zh: string; en: string }[]; grades: { grade: string; inspectionsPerYear: number | null }[] };
};

const businessId = async (name: string) => (await t.db.selectFrom('businesses').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const userId = async (username: string) => (await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const gradesOf = (id: string) => t.db.selectFrom('credit_grades').selectAll().where('business_id', '=', id).orderBy('seq').execute();

/** A finding on a fresh rule flag of the hospital's camera, confirmed by the officer `daysAgo`. */
async function finding(status: string, daysAgo: number, answered: 'in_time' | 'late' | null) {
  const [flag] = await insertFlags(t.db, ids.camera, [{ source: 'sensor', type: 'turbidity_out_of_range', started_at: ago(daysAgo, 30), ended_at: ago(daysAgo, 20), review_status: 'confirmed', decided_at: ago(daysAgo), decided_by: ids.officer }]);
  const confirmedAt = ago(daysAgo);
  const respondBy = ago(daysAgo - 3);
  const respondedAt = answered === 'in_time' ? ago(daysAgo - 1) : answered === 'late' ? ago(daysAgo - 4) : null;
  await t.admin
    .insertInto('findings')
    .values({ flag_id: flag.id, business_id: ids.hosp, site_id: flag.site_id, device_id: ids.camera, agency_id: flag.agency_id, confirmed_by: ids.officer, confirmed_at: confirmedAt, respond_by: respondBy, status: status as never, responded_at: respondedAt, responded_by: respondedAt ? ids.bizUser : null, expired_at: status === 'expired' ? respondBy : null })
    .execute();
}

/** A case of the hospital decided `daysAgo`, with its decision stage's outcome. */
async function decidedCase(daysAgo: number, outcome: 'penalty' | 'no_penalty') {
  const officer = { id: ids.officer, name: '张伟', certificateNo: 'A1' };
  const c = await t.admin
    .insertInto('cases')
    .values({ agency_id: ids.wc, business_id: ids.hosp, party_kind: 'organisation', procedure: 'general', source: 'inspection', source_record: JSON.stringify({}), cause: `信用测试案件 ${outcome}`, category: '医', investigators: JSON.stringify([officer, { ...officer, certificateNo: 'A2' }]), state: 'decided', filing_clock_from: ago(daysAgo + 20), accepted_at: ago(daysAgo + 20), filed_at: ago(daysAgo + 19), decided_at: ago(daysAgo), created_by: ids.officer })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.admin.insertInto('case_stages').values({ case_id: c.id, seq: 1, kind: 'decision', actor_id: ids.manager, officers: '[]', participants: '[]', evidence_ids: '[]', media: '[]', fields: JSON.stringify({ outcome }), from_state: 'notified', to_state: 'decided', at: ago(daysAgo) }).execute();
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  credit = createCreditService({ db: t.db, access: createAccess(createAccessRepository(t.db)), selfReports, clock: () => NOW });
  ids.hosp = await businessId(HOSP);
  ids.hotel = await businessId(HOTEL);
  ids.camera = await cameraOf(t.db, HOSP);
  ids.officer = await userId('officer.wc');
  ids.manager = await userId('manager.jh');
  ids.bizUser = await userId('biz.hosp');
  ids.wc = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow()).id;
  // Both businesses have been on the platform for over a year (the demo registers them today).
  await t.admin.updateTable('businesses').set({ created_at: ago(400) }).where('id', 'in', [ids.hosp, ids.hotel]).execute();

  // Findings: confirmed and answered in time (a violation), withdrawn after a dispute made in time
  // (no violation), expired unanswered (late); one from 13 months ago (outside the window).
  await finding('confirmed', 40, 'in_time');
  await finding('withdrawn', 30, 'in_time');
  await finding('expired', 20, null);
  await finding('confirmed', 400, 'in_time');
  // Cases: one decided with a penalty (a violation), one with none.
  await decidedCase(60, 'penalty');
  await decidedCase(50, 'no_penalty');
  // Tamper flags: one counted; one the officer dismissed and one before the window are not.
  await insertFlags(t.db, ids.camera, [{ started_at: ago(10), ended_at: ago(10, -5) }, { started_at: ago(9), ended_at: ago(9, -5), review_status: 'dismissed', dismiss_reason: 'false_detection', decided_at: ago(9), decided_by: ids.officer }, { started_at: ago(380), ended_at: ago(380, -5) }]);
  // Gaps: the business's own 30-minute stop counts; a 2-minute reconnect and a consent suspension do not.
  await t.admin
    .insertInto('recording_gaps')
    .values([
      { device_id: ids.camera, started_at: ago(8), ended_at: ago(8, -30), reason: 'publisher_left' },
      { device_id: ids.camera, started_at: ago(7), ended_at: ago(7, -2), reason: 'publisher_left' },
      { device_id: ids.camera, started_at: ago(5), ended_at: ago(3), reason: 'consent_suspended' },
    ])
    .execute();
  // Uptime: the camera first streamed 10 days ago (14,400 minutes), 2 days of them under a suspended
  // consent (not expected): 11,520 minutes expected, 10,368 online minute samples = 90.0 % (read from
  // the daily rollup, device_health_days, which the first computation rolls up).
  await sql`INSERT INTO device_health_samples (device_id, at, online)
            SELECT ${ids.camera}::uuid, ${ago(10)}::timestamptz + make_interval(mins => n), true FROM generate_series(0, 10367) AS n`.execute(t.admin);
  await t.admin.insertInto('device_health_samples').values({ device_id: ids.camera, at: ago(1), online: false }).execute();
  reports.set(ids.hosp, { businessId: ids.hosp, due: 3, onTime: 2, late: 1, missing: 0, falsifiedAt: null });
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

describe('credit grades (issue 16 item 4; R13; 002 §4, §24)', () => {
  it('computes the score from the recorded inputs and stores every input with its weight and points, ledgered', async () => {
    const written = await credit.computeBatch([ids.hosp, ids.hotel], 'scheduled', { system: 'credit.compute' });
    expect(written).toHaveLength(2);
    const [row] = await gradesOf(ids.hosp);
    // 100 − 2 violations × 10 − 1 late × 3 + 2 in time × 1 − 1 tamper × 8 − 1 interruption − (95 − 90) uptime + 2 on time − 1 late report × 2 = 65
    expect(Number(row.score)).toBe(65);
    expect(row.grade).toBe('C');
    expect(row.reason).toBe('scheduled');
    expect(row.inputs).toEqual([
      { key: 'confirmed_violations', value: 2, weight: -10, cap: -40, points: -20 },
      { key: 'findings_answered_late', value: 1, weight: -3, cap: -15, points: -3 },
      { key: 'findings_answered_in_time', value: 2, weight: 1, cap: 5, points: 2 },
      { key: 'tamper_events', value: 1, weight: -8, cap: -32, points: -8 },
      { key: 'interruptions', value: 1, weight: -1, cap: -10, points: -1 },
      { key: 'uptime', value: 90, weight: -1, cap: -20, points: -5 },
      { key: 'self_reports_on_time', value: 2, weight: 1, cap: 5, points: 2 },
      { key: 'self_reports_late', value: 1, weight: -2, cap: -10, points: -2 },
      { key: 'self_reports_missing', value: 0, weight: -5, cap: -20, points: 0 },
    ]);
    // The hotel: no records, no camera samples, no self-report facts — neutral: 100, A.
    const [hotel] = await gradesOf(ids.hotel);
    expect([Number(hotel.score), hotel.grade]).toEqual([100, 'A']);
    expect((hotel.inputs as { key: string; value: number | null }[]).find((i) => i.key === 'uptime')?.value).toBeNull();
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'actor_type', 'actor_id', 'context']).where('entity_type', '=', 'credit_grade').where('entity_id', '=', row.id).execute();
    expect(entries).toEqual([{ action: 'credit_grade.changed', actor_type: 'system', actor_id: 'credit.compute', context: expect.objectContaining({ businessId: ids.hosp, from: null, to: 'C', reason: 'scheduled' }) }]);
  });

  it('a second run with nothing changed writes nothing; a new tamper event moves the grade C → D, ledgered as a change', async () => {
    expect(await credit.computeBatch([ids.hosp, ids.hotel], 'scheduled', { system: 'credit.compute' })).toHaveLength(0);
    await insertFlags(t.db, ids.camera, [{ started_at: ago(2), ended_at: ago(2, -5) }]);
    const [row] = await credit.computeBatch([ids.hosp], 'scheduled', { system: 'credit.compute' });
    expect([Number(row.score), row.grade]).toEqual([57, 'D']);
    expect((await gradesOf(ids.hosp)).map((g) => g.grade)).toEqual(['C', 'D']);
    const entry = await t.db.selectFrom('ledger_entries').select(['action', 'context']).where('entity_id', '=', row.id).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'credit_grade.changed', context: { from: 'C', to: 'D' } });
  });

  it('a self-report found falsified downgrades a clean business to D at once, for 12 months (002 §24)', async () => {
    const found = ago(0, 5);
    reports.set(ids.hotel, { businessId: ids.hotel, due: 2, onTime: 2, late: 0, missing: 0, falsifiedAt: found });
    const row = await credit.recomputeNow(ids.hotel, 'falsified_report');
    expect([Number(row.score), row.computed_grade, row.grade, row.reason]).toEqual([100, 'A', 'D', 'falsified_report']);
    expect(row.override).toMatchObject({ kind: 'falsified_report', since: found.toISOString() });
    expect((await credit.gradesOf([ids.hotel, ids.hosp])).get(ids.hotel)).toBe('D');
  });

  it('the history is append-only, and every row matches its ledger entry', async () => {
    const { problems } = await checkEntities(t.db);
    expect(problems.filter((p) => p.id.startsWith('credit_grade/'))).toEqual([]);
    await expect(sql`UPDATE credit_grades SET grade = 'A' WHERE business_id = ${ids.hosp}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM credit_grades WHERE business_id = ${ids.hosp}`.execute(t.admin)).rejects.toThrow(/append-only/);
  });

  it('the business reads its own grade with every input, weight, points and rule text, never another business’s (403)', async () => {
    const biz = await api.login('biz.hosp');
    const res = await biz.get(`/api/credit/businesses/${ids.hosp}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Detail;
    expect(d.current).toMatchObject({ score: 57, grade: 'D', reason: 'scheduled' });
    expect(d.current!.inputs.find((i) => i.key === 'tamper_events')).toEqual({ key: 'tamper_events', value: 2, weight: -8, cap: -32, points: -16 });
    expect(d.history.map((h) => h.grade)).toEqual(['D', 'C']);
    expect(d.rules.inputs.find((r) => r.key === 'tamper_events')?.zh).toContain('每起扣 8 分');
    expect(d.rules.grades.map((g) => g.inspectionsPerYear)).toEqual([1, 2, 3, null]);
    expect((await biz.get(`/api/credit/businesses/${ids.hotel}`)).status).toBe(403);
    expect((await biz.get('/api/credit/grades')).status).toBe(403);
    expect((await biz.post(`/api/credit/businesses/${ids.hosp}/recompute`, { note: '我要重算' })).status).toBe(403);
  });

  it('staff read their scope only; the list filters by agency, grade and category and refuses another region', async () => {
    const jd = await api.login('officer.jd');
    expect((await jd.get(`/api/credit/businesses/${ids.hosp}`)).status).toBe(403);
    expect((await jd.get(`/api/credit/grades?agencyId=${ids.wc}`)).status).toBe(403);
    const manager = await api.login('manager.jh');
    const all = (await (await manager.get('/api/credit/grades')).json()) as { items: { businessId: string; grade: string | null; score: number | null }[]; total: number };
    expect(all.total).toBe(4);
    expect(all.items.slice(0, 2).map((i) => [i.businessId, i.grade, i.score])).toEqual([[ids.hosp, 'D', 57], [ids.hotel, 'D', 100]]);
    expect(all.items.slice(2).every((i) => i.grade === null)).toBe(true);
    const wc = (await (await manager.get(`/api/credit/grades?agencyId=${ids.wc}`)).json()) as { items: { businessId: string }[] };
    expect(wc.items.map((i) => i.businessId)).toContain(ids.hosp);
    expect(wc.items.map((i) => i.businessId)).not.toContain(ids.hotel);
    const d = (await (await manager.get('/api/credit/grades?grade=D&category=public_place')).json()) as { items: { businessId: string }[] };
    expect(d.items.map((i) => i.businessId)).toEqual([ids.hotel]);
    expect((await manager.get('/api/credit/grades?grade=E')).status).toBe(400);
  });

  it('an officer recomputes with a reason: a new row in the history, ledgered under his name', async () => {
    const officer = await api.login('officer.wc');
    expect((await officer.post(`/api/credit/businesses/${ids.hosp}/recompute`, {})).status).toBe(400);
    const res = await officer.post(`/api/credit/businesses/${ids.hosp}/recompute`, { note: '企业申诉后复核' });
    expect(res.status).toBe(200);
    const d = (await res.json()) as Detail;
    expect(d.current).toMatchObject({ reason: 'manual_recompute', note: '企业申诉后复核', computedBy: '张伟(婺城执法)' });
    const entry = await t.db.selectFrom('ledger_entries').select(['action', 'actor_type', 'actor_id']).where('entity_id', '=', d.current!.id).executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'credit_grade.computed', actor_type: 'user', actor_id: ids.officer });
    expect((await (await api.login('legal.jh')).post(`/api/credit/businesses/${ids.hosp}/recompute`, { note: 'x' })).status).toBe(403);
  });
  it('a tenth of a point of uptime writes no new row; a whole point does (read from the daily rollup)', async () => {
    // The hotel's camera streams from 10 days ago (14,400 minutes expected, no explained gap):
    // 11,560 online minutes = 80.28 % → shown 80.3 %, 14 whole points short of 95 %: −14.
    const camera = await cameraOf(t.db, HOTEL);
    const online = (first: number, last: number) =>
      sql`INSERT INTO device_health_samples (device_id, at, online) SELECT ${camera}::uuid, ${ago(10)}::timestamptz + make_interval(mins => n), true FROM generate_series(${first}::int, ${last}::int) AS n`.execute(t.admin);
    // The hourly 'dashboard.rollup' computes the days again (the computation only rolls up days never computed).
    const rollUp = async () => {
      const rollup = createHealthRollupRepository(t.db);
      for (let day = shanghaiDay(ago(11)); day <= shanghaiDay(NOW); day = nextDay(day)) await rollup.computeDay(day, NOW);
    };
    const uptimeOf = (row: { inputs: unknown }) => (row.inputs as { key: string; value: number | null; points: number }[]).find((i) => i.key === 'uptime');
    await online(0, 11_559);
    await rollUp();
    const before = (await gradesOf(ids.hotel)).length;
    const [first] = await credit.computeBatch([ids.hotel], 'scheduled', { system: 'credit.compute' });
    expect(uptimeOf(first)).toMatchObject({ value: 80.3, points: -14 });
    // 30 minutes more: 80.49 % → shown 80.5 % (v1 would have scored −14.5: a new row), still −14: nothing written.
    await online(11_560, 11_589);
    await rollUp();
    expect(await credit.computeBatch([ids.hotel], 'scheduled', { system: 'credit.compute' })).toHaveLength(0);
    // 300 minutes more: 82.57 % → 82.6 %, 12 points short: a new row.
    await online(11_590, 11_889);
    await rollUp();
    const [real] = await credit.computeBatch([ids.hotel], 'scheduled', { system: 'credit.compute' });
    expect(uptimeOf(real)).toMatchObject({ value: 82.6, points: -12 });
    expect(Number(real.score) - Number(first.score)).toBe(2);
    expect((await gradesOf(ids.hotel)).length).toBe(before + 2);
  });
});
