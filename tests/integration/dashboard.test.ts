import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../api/auth/password.js';
import type { DashboardDto } from '../../api/dashboard/dashboard.service.js';
import type { Db } from '../../core/db/connect.js';
import type { FlagType } from '../../core/analysis/rule-kinds.js';
import type { BusinessCategory } from '../../core/db/database.js';
import { usccCheckChar } from '../../core/uscc.js';
import { createTestApi, Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The managers' dashboard (issue 16 item 1) on seeded data against a real PostgreSQL: a city of
// two districts (甲区, 乙区) made for this test, with businesses, consents, a minute of health
// history per sample, tamper and rule flags, gaps and a case; every figure compared with the one
// computed by hand below. The period is 2026-03-01..2026-03-10 (Beijing days, 10 × 86,400 s);
// the previous period 2026-02-19..2026-02-28. Health days are rolled up on demand by the request.
let t: TestDatabase;
let api: TestApi;
let cityManager: Session;
let districtManager: Session;
let officerA: Session;
const ids: Record<string, string> = {};
const PASSWORD = 'dashboard-test-7a';
const Q = 'from=2026-03-01&to=2026-03-10';
const Z = (s: string) => new Date(s);
const json = async <T>(res: Response) => (await res.json()) as T;

async function addUser(db: Db, app: TestApi['app'], username: string, role: 'manager' | 'officer', agencyId: string): Promise<Session> {
  const row = await db.insertInto('users').values({ username, display_name: username, password_hash: await hashPassword(PASSWORD), role, agency_id: agencyId, business_id: null, certificate_no: role === 'officer' ? `浙卫执字第${username}号` : null, email: null, phone: null }).returning('id').executeTakeFirstOrThrow();
  const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const body = (await res.json()) as { csrfToken: string };
  ids[username] = row.id;
  return new Session(app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, { id: row.id, role, businessId: null, agencyId });
}

async function seedAgencies(db: Db) {
  const province = await db.selectFrom('agencies').select(['id', 'path']).where('code', '=', '330000').executeTakeFirstOrThrow();
  const agency = async (key: string, parent: { id: string; path: string }, level: 'city' | 'district', code: string) => {
    const id = randomUUID();
    const path = `${parent.path}${id}/`;
    await db.insertInto('agencies').values({ id, parent_id: parent.id, level, name: `测试${key}`, short_name: key, code, phone: null, path }).execute();
    ids[key] = id;
    return { id, path };
  };
  const city = await agency('市', province, 'city', '339900');
  await agency('甲区', city, 'district', '339901');
  await agency('乙区', city, 'district', '339902');
}

async function seed(db: Db) {
  const a = { id: ids['甲区'] };
  const b = { id: ids['乙区'] };
  let n = 0;
  const business = async (key: string, agencyId: string, category: BusinessCategory, status: 'active' | 'archived' = 'active') => {
    const first17 = `91339900MA${String(++n).padStart(7, '0')}`;
    const row = await db.insertInto('businesses').values({ name: `测试单位${key}`, credit_code: first17 + usccCheckChar(first17), category, agency_id: agencyId, address: '测试路 1 号', contacts: '[]', status, archive_reason: status === 'archived' ? '注销' : null }).returning('id').executeTakeFirstOrThrow();
    const site = await db.insertInto('sites').values({ business_id: row.id, name: '主楼', address: '测试路 1 号' }).returning('id').executeTakeFirstOrThrow();
    ids[key] = row.id;
    ids[`${key}.site`] = site.id;
    return { id: row.id, site: site.id };
  };
  const device = async (key: string, biz: { id: string; site: string }) => {
    const row = await db.insertInto('devices').values({ site_id: biz.site, business_id: biz.id, name: key, kind: 'camera', mobility: 'fixed', calibration_date: null, calibration_due_date: null, status: 'active', status_reason: null }).returning('id').executeTakeFirstOrThrow();
    ids[key] = row.id;
    return row.id;
  };
  const consent = async (biz: { id: string; site: string }, agencyId: string, devices: string[], status: 'active' | 'proposed') => {
    const c = await db
      .insertInto('consents')
      .values({ ref: `QR-T-${++n}`, business_id: biz.id, site_id: biz.site, agency_id: agencyId, status, purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2026-01-01', valid_until: '2027-12-31', template_id: 'device-consent', template_version: 'v1', statements: '[]', signed_at: status === 'active' ? Z('2026-01-01T00:00:00Z') : null, created_by: ids.admin })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, d] of devices.entries()) await db.insertInto('consent_devices').values({ consent_id: c.id, device_id: d, position: i, snapshot: '{}', placement_sha256: '0'.repeat(64) }).execute();
  };

  // 甲区: A1 (medical, 2 cameras under an active consent), A2 (medical, a camera whose consent is only proposed), A3 (archived).
  const A1 = await business('A1', a.id, 'medical');
  const A2 = await business('A2', a.id, 'medical');
  const A3 = await business('A3', a.id, 'public_place', 'archived');
  // 乙区: B1 (public place, 1 camera), B2 (school canteen, 1 camera never online), both under active consents.
  const B1 = await business('B1', b.id, 'public_place');
  const B2 = await business('B2', b.id, 'school_canteen');
  const a1a = await device('a1a', A1);
  const a1b = await device('a1b', A1);
  const a2 = await device('a2', A2);
  await device('a3', A3);
  const b1 = await device('b1', B1);
  const b2 = await device('b2', B2);
  await consent(A1, a.id, [a1a, a1b], 'active');
  await consent(A2, a.id, [a2], 'proposed');
  await consent(B1, b.id, [b1], 'active');
  await consent(B2, b.id, [b2], 'active');

  // Health: one sample a minute while online (streams/health/health-tracker.ts).
  const samples = async (deviceId: string, from: string, count: number, online = true) => {
    const t0 = Date.parse(from);
    await db.insertInto('device_health_samples').values(Array.from({ length: count }, (_, i) => ({ device_id: deviceId, at: new Date(t0 + i * 60_000), online, bitrate_kbps: 500, fps: 25 }))).execute();
  };
  await samples(a1a, '2026-03-01T16:00:00Z', 600); // 10 h on Beijing day 03-02
  await samples(a1a, '2026-03-02T02:00:00Z', 5, false); // offline samples count nothing
  await samples(b1, '2026-03-05T00:00:00Z', 120); // 2 h on 03-05
  await samples(a2, '2026-03-03T00:00:00Z', 300); // not under an active consent: counts nowhere
  await samples(a1b, '2026-02-20T00:00:00Z', 100); // previous period

  // Rules for the rule flags (a flag names its rule's version).
  const rule = async (deviceId: string, kind: 'restricted_area' | 'after_hours' | 'animal') => {
    const r = await db.insertInto('analysis_rules').values({ device_id: deviceId, kind, name: kind, definition: '{}', created_by: null, updated_by: null }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('analysis_rule_versions').values({ rule_id: r.id, version: 1, kind, name: kind, definition: '{}', enabled: true, created_by: null }).execute();
    return r.id;
  };
  const flag = async (deviceId: string, type: FlagType, at: { created: string; ended?: string; deadline: string; status?: 'new' | 'escalated' | 'confirmed' | 'dismissed'; decided?: string; assignee?: string }) => {
    const d = await db.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.site_id', 'd.business_id', 'b.agency_id', 'b.category']).where('d.id', '=', deviceId).executeTakeFirstOrThrow();
    const tamper = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved', 'stream_lost'].includes(type);
    const ruleId = tamper ? null : await rule(deviceId, type as 'restricted_area');
    const status = at.status ?? 'new';
    await db
      .insertInto('flags')
      .values({
        dedupe_key: randomUUID(), device_id: deviceId, site_id: d.site_id, business_id: d.business_id, agency_id: d.agency_id, category: d.category,
        source: tamper ? 'tamper' : 'rule', type, rule_id: ruleId, rule_version: ruleId ? 1 : null, analyzer: 'test', state: 'ended',
        started_at: Z(at.created), ended_at: Z(at.ended ?? at.created), created_at: Z(at.created), deadline_at: Z(at.deadline), detail: '{}',
        review_status: status, decided_at: at.decided ? Z(at.decided) : null, decided_by: at.decided ? (at.assignee ?? null) : null,
        dismiss_reason: status === 'dismissed' ? 'false_detection' : null, assigned_to: at.assignee ?? null,
      })
      .execute();
  };
  const oa = ids['officer.a'];
  const ob = ids['officer.b'];
  // T1: covered 30 min on 03-02 (Beijing 09:00–09:30), confirmed after 30 min.
  await flag(a1a, 'camera_covered', { created: '2026-03-02T01:00:00Z', ended: '2026-03-02T01:30:00Z', deadline: '2026-03-03T01:00:00Z', status: 'confirmed', decided: '2026-03-02T01:30:00Z', assignee: oa });
  // T2: turned away 2 h across Beijing midnight 03-05/03-06, dismissed after 120 min.
  await flag(b1, 'view_moved', { created: '2026-03-05T15:00:00Z', ended: '2026-03-05T17:00:00Z', deadline: '2026-03-06T15:00:00Z', status: 'dismissed', decided: '2026-03-05T17:00:00Z', assignee: ob });
  // T3: frozen 10 min (a tamper event, not blind), never decided: overdue now.
  await flag(b1, 'picture_frozen', { created: '2026-03-06T02:00:00Z', ended: '2026-03-06T02:10:00Z', deadline: '2026-03-07T02:00:00Z' });
  // R1: confirmed a day after its deadline (triage 2,880 min): overdue, decided.
  await flag(a1a, 'restricted_area', { created: '2026-03-03T02:00:00Z', deadline: '2026-03-04T02:00:00Z', status: 'confirmed', decided: '2026-03-05T02:00:00Z', assignee: oa });
  // R2: dismissed after 60 min.
  await flag(a1a, 'after_hours', { created: '2026-03-04T02:00:00Z', deadline: '2026-03-05T02:00:00Z', status: 'dismissed', decided: '2026-03-04T03:00:00Z', assignee: oa });
  // R3: escalated, undecided past its deadline (a device without an active consent: the flag still counts for the region).
  await flag(a2, 'animal', { created: '2026-03-08T02:00:00Z', deadline: '2026-03-09T02:00:00Z', status: 'escalated', assignee: oa });
  // R4: previous period, confirmed after 10 min.
  await flag(a1a, 'restricted_area', { created: '2026-02-25T02:00:00Z', deadline: '2026-02-26T02:00:00Z', status: 'confirmed', decided: '2026-02-25T02:10:00Z', assignee: oa });

  // Gaps: G1 20 min on 03-02; G2 starts 03-10 23:50 Beijing, 10 min inside the period; G3 starts in the previous period, 15 min inside this one.
  await db.insertInto('recording_gaps').values([
    { device_id: a1a, started_at: Z('2026-03-02T02:00:00Z'), ended_at: Z('2026-03-02T02:20:00Z'), reason: 'publisher_closed' },
    { device_id: b1, started_at: Z('2026-03-10T15:50:00Z'), ended_at: Z('2026-03-10T16:30:00Z'), reason: 'streams_restart' },
    { device_id: b1, started_at: Z('2026-02-28T15:30:00Z'), ended_at: Z('2026-02-28T16:15:00Z'), reason: 'publisher_closed' },
  ]).execute();

  // A case of A1: filing clock 03-01 02:00Z, filed 3 days later, closed 5 days after filing; a stage limit due 03-06 02:00Z, stopped a day late.
  const c = await db
    .insertInto('cases')
    .values({ agency_id: a.id, business_id: A1.id, site_id: A1.site, party_kind: 'organisation', procedure: 'general', source: 'flags', source_record: '{}', cause: '测试案由', category: '医', investigators: JSON.stringify([{ id: oa, name: 'a', certificateNo: null }, { id: ob, name: 'b', certificateNo: null }]), state: 'closed', filing_clock_from: Z('2026-03-01T02:00:00Z'), accepted_at: Z('2026-03-01T02:00:00Z'), filed_at: Z('2026-03-04T02:00:00Z'), closed_at: Z('2026-03-09T02:00:00Z'), created_by: oa })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('case_clocks').values({ case_id: c.id, kind: 'decision', amount: 1, unit: 'natural_days', basis: '测试', started_at: Z('2026-03-05T02:00:00Z'), due_at: Z('2026-03-06T02:00:00Z'), stopped_at: Z('2026-03-07T02:00:00Z') }).execute();
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  ids.admin = (await t.admin.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
  await seedAgencies(t.admin);
  cityManager = await addUser(t.admin, api.app, 'manager.t', 'manager', ids['市']);
  districtManager = await addUser(t.admin, api.app, 'manager.a', 'manager', ids['甲区']);
  officerA = await addUser(t.admin, api.app, 'officer.a', 'officer', ids['甲区']);
  await addUser(t.admin, api.app, 'officer.b', 'officer', ids['乙区']);
  await seed(t.admin);
});
afterAll(async () => t?.destroy());

const F0 = { casesFiled: 0, medianFilingDays: null, medianCaseDays: null, medianServiceHours: null, overdueStages: 0 };

describe('the dashboard figures', () => {
  it('equal the hand-computed figures of the city, its two districts, its categories and the previous period', async () => {
    const res = await cityManager.get(`/api/dashboard?agencyId=${ids['市']}&${Q}`);
    expect(res.status).toBe(200);
    const d = await json<DashboardDto>(res);
    expect(d.agency).toEqual({ id: ids['市'], name: '测试市', level: 'city', parentId: expect.any(String) });
    expect(d.period).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(d.previous).toEqual({ from: '2026-02-19', to: '2026-02-28' });
    // Device time: 4 consented devices × 10 days × 86,400 s = 3,456,000 s; online: 600 + 120 minutes = 43,200 s.
    expect(d.totals).toEqual({
      businesses: 4, coveredBusinesses: 2, coverage: 0.5, devices: 4, onlineDevices: 2, uptime: 43200 / 3456000,
      blindMinutes: 150, tamperEvents: 3, gaps: 2, gapMinutes: 45,
      flags: 6, decided: 4, confirmed: 2, dismissed: 2, precision: 0.5, medianTriageMinutes: 90, overdue: 3, openOverdue: 2,
      casesFiled: 1, medianFilingDays: 3, medianCaseDays: 5, medianServiceHours: null, overdueStages: 1,
    });
    expect(d.previousTotals).toEqual({
      businesses: 4, coveredBusinesses: 1, coverage: 0.25, devices: 4, onlineDevices: 1, uptime: 6000 / 3456000,
      blindMinutes: 0, tamperEvents: 0, gaps: 1, gapMinutes: 30,
      flags: 1, decided: 1, confirmed: 1, dismissed: 0, precision: 1, medianTriageMinutes: 10, overdue: 0, openOverdue: 0, ...F0,
    });
    expect(d.regions.map((r) => r.agency.name)).toEqual(['测试甲区', '测试乙区']);
    expect(d.regions[0].figures).toEqual({
      businesses: 2, coveredBusinesses: 1, coverage: 0.5, devices: 2, onlineDevices: 1, uptime: 36000 / 1728000,
      blindMinutes: 30, tamperEvents: 1, gaps: 1, gapMinutes: 20,
      flags: 4, decided: 3, confirmed: 2, dismissed: 1, precision: 2 / 3, medianTriageMinutes: 60, overdue: 2, openOverdue: 1,
      casesFiled: 1, medianFilingDays: 3, medianCaseDays: 5, medianServiceHours: null, overdueStages: 1,
    });
    expect(d.regions[1].figures).toEqual({
      businesses: 2, coveredBusinesses: 1, coverage: 0.5, devices: 2, onlineDevices: 1, uptime: 7200 / 1728000,
      blindMinutes: 120, tamperEvents: 2, gaps: 1, gapMinutes: 25,
      flags: 2, decided: 1, confirmed: 0, dismissed: 1, precision: 0, medianTriageMinutes: 120, overdue: 1, openOverdue: 1, ...F0,
    });
    const cat = Object.fromEntries(d.categories.map((c) => [c.category, c.figures]));
    expect(cat.medical).toMatchObject({ businesses: 2, coveredBusinesses: 1, devices: 2, flags: 4, precision: 2 / 3, casesFiled: 1 });
    expect(cat.public_place).toMatchObject({ businesses: 1, coveredBusinesses: 1, devices: 1, uptime: 7200 / 864000, flags: 2, blindMinutes: 120 });
    expect(cat.school_canteen).toMatchObject({ businesses: 1, coveredBusinesses: 0, coverage: 0, devices: 1, onlineDevices: 0, uptime: 0, flags: 0, precision: null });
    expect(cat.water_supply).toMatchObject({ businesses: 0, coverage: null, uptime: null });
    expect(new Map(d.flagTypes.map((f) => [f.type, [f.flags, f.confirmed, f.dismissed, f.precision]]))).toEqual(
      new Map([['camera_covered', [1, 1, 0, 1]], ['view_moved', [1, 0, 1, 0]], ['picture_frozen', [1, 0, 0, null]], ['restricted_area', [1, 1, 0, 1]], ['after_hours', [1, 0, 1, 0]], ['animal', [1, 0, 0, null]]]),
    );
    expect(d.gapReasons).toEqual([{ reason: 'publisher_closed', gaps: 1, minutes: 35 }, { reason: 'streams_restart', gaps: 1, minutes: 10 }]);
    const who = Object.fromEntries(d.officers.map((o) => [o.name, o]));
    expect(Object.keys(who).sort()).toEqual(['manager.a', 'manager.t', 'officer.a', 'officer.b']);
    expect(who['officer.a']).toMatchObject({ agencyName: '测试甲区', assigned: 4, decided: 3, confirmed: 2, overdue: 2, openOverdue: 1, medianTriageMinutes: 60 });
    expect(who['officer.b']).toMatchObject({ agencyName: '测试乙区', assigned: 1, decided: 1, confirmed: 0, overdue: 0, openOverdue: 0, medianTriageMinutes: 120 });
    expect(who['manager.t']).toMatchObject({ assigned: 0, medianTriageMinutes: null });
    expect(d.daily).toHaveLength(10);
    const day = Object.fromEntries(d.daily.map((x) => [x.day, x]));
    expect(day['2026-03-01']).toEqual({ day: '2026-03-01', flags: 0, decided: 0, overdue: 0, uptime: 0 });
    expect(day['2026-03-02']).toEqual({ day: '2026-03-02', flags: 1, decided: 1, overdue: 0, uptime: 36000 / (4 * 86400) });
    expect(day['2026-03-05']).toEqual({ day: '2026-03-05', flags: 1, decided: 1, overdue: 0, uptime: 7200 / (4 * 86400) });
    expect(day['2026-03-06']).toEqual({ day: '2026-03-06', flags: 1, decided: 0, overdue: 1, uptime: 0 });
    expect(d.daily.reduce((s, x) => s + x.flags, 0)).toBe(d.totals.flags);
  });

  it('rolls up each health day once per computing, the same when computed again', async () => {
    const row = () => t.admin.selectFrom('device_health_days').select(['online_seconds', 'samples', 'blind_seconds', 'gap_seconds', 'gaps', 'tamper_events']).where('device_id', '=', ids.a1a).where('day', '=', '2026-03-02').executeTakeFirstOrThrow();
    const first = await row();
    expect(first).toEqual({ online_seconds: 36000, samples: 605, blind_seconds: 1800, gap_seconds: 1200, gaps: 1, tamper_events: 1 });
    const split = await t.admin.selectFrom('device_health_days').select(['day', 'blind_seconds']).where('device_id', '=', ids.b1).where('blind_seconds', '>', 0).orderBy('day').execute();
    expect(split).toEqual([{ day: '2026-03-05', blind_seconds: 3600 }, { day: '2026-03-06', blind_seconds: 3600 }]);
    expect((await t.admin.selectFrom('device_health_rollups').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n).toBe('20');
    const { createHealthRollupRepository } = await import('../../api/dashboard/health-rollup.repository.js');
    await createHealthRollupRepository(t.db).computeDay('2026-03-02', new Date());
    expect(await row()).toEqual(first);
  });

  it('shows a district manager his district only, and refuses a drill into another region with a clear 403', async () => {
    const own = await json<DashboardDto>(await districtManager.get(`/api/dashboard?${Q}`));
    expect(own.agency.id).toBe(ids['甲区']);
    expect(own.regions).toEqual([]);
    expect(own.totals).toMatchObject({ businesses: 2, flags: 4, overdue: 2 });
    const up = await districtManager.get(`/api/dashboard?agencyId=${ids['市']}&${Q}`);
    expect(up.status).toBe(403);
    expect((await json<{ message: string }>(up)).message).toContain('不在您所在机构的管辖范围内');
    const side = await districtManager.request('GET', `/api/dashboard?agencyId=${ids['乙区']}&${Q}`, undefined, { 'accept-language': 'en' });
    expect(side.status).toBe(403);
    expect((await json<{ message: string }>(side)).message).toContain('outside your agency');
    const province = await t.admin.selectFrom('agencies').select('id').where('code', '=', '330000').executeTakeFirstOrThrow();
    expect((await cityManager.get(`/api/dashboard?agencyId=${province.id}&${Q}`)).status).toBe(403);
    expect((await officerA.get(`/api/dashboard?${Q}`)).status).toBe(403);
  });

  it('refuses a period that makes no sense with a 400 naming the problem', async () => {
    const issue = async (q: string) => {
      const res = await cityManager.get(`/api/dashboard?agencyId=${ids['市']}&${q}`);
      expect(res.status).toBe(400);
      return (await json<{ issues: { path: string[]; code: string }[] }>(res)).issues[0];
    };
    expect(await issue('from=2026-03-10&to=2026-03-01')).toMatchObject({ path: ['to'], code: 'dashboard.period_order' });
    expect(await issue('from=2025-01-01&to=2026-01-02')).toMatchObject({ path: ['from'], code: 'dashboard.period_too_long' });
    expect(await issue('from=2026-02-30&to=2026-03-01')).toMatchObject({ path: ['from'], code: 'dashboard.day_invalid' });
    expect(await issue('from=2099-01-01&to=2099-01-02')).toMatchObject({ path: ['to'], code: 'dashboard.period_future' });
    expect((await cityManager.get(`/api/dashboard?from=yesterday`)).status).toBe(400);
    expect((await cityManager.get(`/api/dashboard?agencyId=${ids['市']}&from=2025-01-01&to=2025-12-31`)).status).toBe(200);
  });
});

const workbook = async (res: Response) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
};
const rowsOf = (ws: ExcelJS.Worksheet) => {
  const out: ExcelJS.CellValue[][] = [];
  ws.eachRow((r) => out.push((r.values as ExcelJS.CellValue[]).slice(1)));
  return out;
};

describe('the dashboard exports', () => {
  it('writes the figures as a real .xlsx: one sheet per table, numbers as numbers, shares as percentages, a frozen styled header; ledgered', async () => {
    const res = await cityManager.get(`/api/dashboard/export.xlsx?agencyId=${ids['市']}&${Q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('dashboard-2026-03-01-2026-03-10.xlsx');
    const wb = await workbook(res);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概览', '地区', '类别', '规则', '执法人员', '每日']);
    const overview = wb.getWorksheet('概览')!;
    expect(overview.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(overview.getRow(1).font?.bold).toBe(true);
    const line = (name: string) => rowsOf(overview).find((r) => r[0] === name)!;
    expect(line('监管单位数')).toEqual(['监管单位数', 4, 4, 0]);
    expect(line('覆盖率')).toEqual(['覆盖率', 0.5, 0.25, 0.25]);
    expect(line('预警数')).toEqual(['预警数', 6, 1, 5]);
    expect(line('准确率')).toEqual(['准确率', 0.5, 1, -0.5]);
    expect(line('处理用时中位数(分钟)')).toEqual(['处理用时中位数(分钟)', 90, 10, 80]);
    expect(line('超期数')).toEqual(['超期数', 3, 0, 3]);
    expect(line('立案数')).toEqual(['立案数', 1, 0, 1]);
    const coverageRow = rowsOf(overview).findIndex((r) => r[0] === '覆盖率') + 1;
    expect(overview.getRow(coverageRow).getCell(2).numFmt).toBe('0.0%');
    const regions = rowsOf(wb.getWorksheet('地区')!);
    expect(regions[0].slice(0, 4)).toEqual(['地区', '监管单位数', '已覆盖单位数', '覆盖率']);
    expect(regions.slice(1).map((r) => [r[0], r[1], r[3], r[11], r[15], r[17]])).toEqual([['测试甲区', 2, 0.5, 4, 2 / 3, 2], ['测试乙区', 2, 0.5, 2, 0, 1]]);
    expect(wb.getWorksheet('地区')!.getRow(2).getCell(4).numFmt).toBe('0.0%');
    const officers = rowsOf(wb.getWorksheet('执法人员')!);
    expect(officers.find((r) => r[0] === 'officer.a')).toEqual(['officer.a', '测试甲区', 4, 3, 2, 2, 1, 60]);
    expect(rowsOf(wb.getWorksheet('每日')!)).toHaveLength(11);
    const entry = await t.admin.selectFrom('ledger_entries').select(['action', 'actor_id', 'context']).where('action', '=', 'dashboard.exported').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(ids['manager.t']);
    expect(entry.context).toMatchObject({ agencyId: ids['市'], period: { from: '2026-03-01', to: '2026-03-10' }, format: 'xlsx' });
  });

  it('writes the same tables as CSV (BOM, one table after another), in English for an English caller', async () => {
    const bytes = Buffer.from(await (await cityManager.get(`/api/dashboard/export.csv?agencyId=${ids['市']}&${Q}`)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const zh = bytes.subarray(3).toString('utf8');
    expect(zh.startsWith('概览\r\n')).toBe(true);
    expect(zh).toContain('\r\n预警数,6,1,5\r\n');
    expect(zh).toContain('\r\n覆盖率,50%,25%,25%\r\n');
    expect(zh).toContain('\r\n\r\n地区\r\n');
    const en = await cityManager.request('GET', `/api/dashboard/export.xlsx?agencyId=${ids['市']}&${Q}`, undefined, { 'accept-language': 'en-GB,en' });
    const wb = await workbook(en);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Overview', 'Regions', 'Categories', 'Rules', 'Officers', 'Daily']);
    expect(rowsOf(wb.getWorksheet('Overview')!).find((r) => r[0] === 'Flags')).toEqual(['Flags', 6, 1, 5]);
  });

  it('exports the flag list under the queue filters, streamed page by page, ledgered with its count', async () => {
    // 300 flags on 2026-04-01 in 乙区, so the list runs over several pages.
    const d = await t.admin.selectFrom('devices as d').innerJoin('businesses as b', 'b.id', 'd.business_id').select(['d.site_id', 'd.business_id', 'b.agency_id', 'b.category']).where('d.id', '=', ids.b1).executeTakeFirstOrThrow();
    await t.admin.insertInto('flags').values(Array.from({ length: 300 }, (_, i) => ({
      dedupe_key: randomUUID(), device_id: ids.b1, site_id: d.site_id, business_id: d.business_id, agency_id: d.agency_id, category: d.category,
      source: 'tamper' as const, type: 'camera_blurred' as const, analyzer: 'test', state: 'ended' as const, detail: '{}',
      started_at: Z('2026-04-01T00:00:00Z'), ended_at: Z('2026-04-01T00:01:00Z'), created_at: new Date(Date.parse('2026-04-01T00:00:00Z') + i * 1000), deadline_at: new Date(Date.parse('2026-04-02T00:00:00Z') + (299 - i) * 1000),
    }))).execute();
    const q = `status=all&districtId=${ids['乙区']}&from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z`;
    const res = await cityManager.get(`/api/review/queue/export.xlsx?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-row-count')).toBe('300');
    const sheet = (await workbook(res)).worksheets[0];
    const rows = rowsOf(sheet);
    expect(rows).toHaveLength(301);
    // Times are dates shown as Beijing time; text cells carry no number format.
    expect(sheet.getRow(2).getCell(11).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(301).getCell(11).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(2).numFmt).toBeUndefined();
    expect(rows[0].slice(0, 3)).toEqual(['编号', '预警类型', '单位']);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(300);
    const deadlines = rows.slice(1).map((r) => (r[10] as Date).getTime());
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
    expect(rows[1].slice(1, 3)).toEqual(['画面模糊', '测试单位B1']);
    expect(rows[1][11]).toBe('待处理');
    expect(rows[1][12]).toBe('是');
    const csv = await (await cityManager.get(`/api/review/queue/export.csv?${q}`)).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(301);
    // The district manager's list holds nothing of the other district.
    const none = await districtManager.get(`/api/review/queue/export.csv?${q}`);
    expect(none.headers.get('x-row-count')).toBe('0');
    const entries = await t.admin.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'flags.exported').orderBy('id').execute();
    expect(entries.map((e) => [(e.context as { rows: number }).rows, (e.context as { format: string }).format])).toEqual([[300, 'xlsx'], [300, 'csv'], [0, 'csv']]);
    expect((await cityManager.get(`/api/review/queue/export.xlsx?status=bogus`)).status).toBe(400);
  });
});
