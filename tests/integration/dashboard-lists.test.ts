import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardDto } from '../../api/dashboard/dashboard.service.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { nextDay, shanghaiDay } from '../../core/calendar/calendar.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { cameraOf, insertFlags } from '../support/review-flags.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The lists behind the dashboard's figures (issue 16 item 1) against a real PostgreSQL: the flag
// queue's overdue, assignee and source filters, the business register's region and coverage
// filters, the staff device list, the case list's region and filing period — each with rows in
// and out of the filter, and the caller's scope (a region outside it is refused).
let t: TestDatabase;
let api: TestApi;
let wcOfficer: Session; // 婺城 district
let jdOfficer: Session; // 金东 district
let manager: Session; // 金华 city
let auditor: Session; // 浙江 province
let biz: Session; // 婺城区人民医院
let wc: string;
let jd: string;
let dir: string;
let stopMail: (() => Promise<void> | void) | undefined;
const HOUR = 3600_000;
const json = async <T>(res: Response): Promise<T> => {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
type Queue = { items: { id: string }[]; counts: { overdue: number } };
const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id).sort();

beforeAll(async () => {
  t = await createTestDatabase();
  // Mail is captured (demo mode), so the consent's one-time code can be read from the outbox.
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-dash-lists-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true });
  wcOfficer = await api.login('officer.wc');
  jdOfficer = await api.login('officer.jd');
  manager = await api.login('manager.jh');
  auditor = await api.login('auditor.zj');
  biz = await api.login('biz.hosp');
  wc = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330702').executeTakeFirstOrThrow()).id;
  jd = (await t.db.selectFrom('agencies').select('id').where('code', '=', '330703').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the flag queue behind the dashboard', () => {
  let f: Record<'openLate' | 'openOnTime' | 'decidedLate' | 'decidedOnTime' | 'jdLate' | 'sensorLike', string>;
  beforeAll(async () => {
    const now = Date.now();
    const hosp = await cameraOf(t.db, '婺城区人民医院');
    const hotel = await cameraOf(t.db, '金东区江滨宾馆有限公司');
    const [openLate, openOnTime, decidedLate, decidedOnTime, sensorLike] = await insertFlags(t.db, hosp, [
      { deadline_at: new Date(now - 2 * HOUR) },
      { deadline_at: new Date(now + 2 * HOUR) },
      { deadline_at: new Date(now - 10 * HOUR), review_status: 'confirmed', decided_at: new Date(now - 5 * HOUR), decided_by: wcOfficer.user.id, assigned_to: wcOfficer.user.id },
      { deadline_at: new Date(now - 10 * HOUR), review_status: 'dismissed', dismiss_reason: 'false_detection', decided_at: new Date(now - 12 * HOUR), decided_by: wcOfficer.user.id, assigned_to: wcOfficer.user.id },
      { source: 'sensor', type: 'sensor_out_of_range' as never, deadline_at: new Date(now + 5 * HOUR), assigned_to: manager.user.id },
    ]);
    const [jdLate] = await insertFlags(t.db, hotel, [{ deadline_at: new Date(now - HOUR), assigned_to: jdOfficer.user.id }]);
    f = { openLate: openLate.id, openOnTime: openOnTime.id, decidedLate: decidedLate.id, decidedOnTime: decidedOnTime.id, jdLate: jdLate.id, sensorLike: sensorLike.id };
  });

  it('overdue=true: decided after the deadline or open past it, nothing else; in the caller\'s region only', async () => {
    const city = await json<Queue>(await manager.get('/api/review/queue?status=all&overdue=true'));
    expect(ids(city)).toEqual([f.openLate, f.decidedLate, f.jdLate].sort());
    const wcOnly = await json<Queue>(await manager.get(`/api/review/queue?status=all&overdue=true&agencyId=${wc}`));
    expect(ids(wcOnly)).toEqual([f.openLate, f.decidedLate].sort());
    // Still open and overdue (the dashboard's 逾期未处置).
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=open&overdue=true&agencyId=${wc}`)))).toEqual([f.openLate]);
    // The 金东 officer sees only his district's, whatever he asks for.
    expect(ids(await json<Queue>(await jdOfficer.get('/api/review/queue?status=all&overdue=true')))).toEqual([f.jdLate]);
    expect(ids(await json<Queue>(await jdOfficer.get(`/api/review/queue?status=all&overdue=true&agencyId=${wc}`)))).toEqual([]);
    // Without the filter the on-time flags are there.
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&agencyId=${wc}`)))).toEqual(expect.arrayContaining([f.openOnTime, f.decidedOnTime]));
  });

  it('assignee=<user>: that officer\'s flags only; with the status and overdue filters', async () => {
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&assignee=${wcOfficer.user.id}`)))).toEqual([f.decidedLate, f.decidedOnTime].sort());
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&overdue=true&assignee=${wcOfficer.user.id}`)))).toEqual([f.decidedLate]);
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=confirmed&assignee=${wcOfficer.user.id}`)))).toEqual([f.decidedLate]);
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&assignee=${jdOfficer.user.id}`)))).toEqual([f.jdLate]);
    // Another district's officer's flags stay out of the 婺城 officer's reach.
    expect(ids(await json<Queue>(await wcOfficer.get(`/api/review/queue?status=all&assignee=${jdOfficer.user.id}`)))).toEqual([]);
    expect((await manager.get('/api/review/queue?assignee=not-a-uuid')).status).toBe(400);
  });

  it('source=tamper leaves out the other sources\' flags', async () => {
    const tamper = ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&source=tamper&agencyId=${wc}`)));
    expect(tamper).toContain(f.openLate);
    expect(tamper).not.toContain(f.sensorLike);
    expect(ids(await json<Queue>(await manager.get(`/api/review/queue?status=all&source=sensor&agencyId=${wc}`)))).toEqual([f.sensorLike]);
  });
});

describe('the business register and the device list behind the dashboard', () => {
  type Biz = { items: { id: string; name: string }[]; total: number };
  type Dev = { items: { id: string; businessId: string; agencyId: string; online: boolean | null }[]; total: number };
  let hospital: string;
  let onlineDevice: string;
  let otherDevices: string[];

  beforeAll(async () => {
    // The hospital's devices get a consent in force (through the API); one of them is online.
    const { deviceId, deviceIds } = await consentedDevice(t.db, wcOfficer, biz);
    hospital = biz.user.businessId!;
    onlineDevice = deviceId;
    otherDevices = deviceIds.filter((d) => d !== deviceId);
    const now = new Date();
    await t.admin.insertInto('device_health').values({ device_id: onlineDevice, online: true, since: now, last_frame_at: now }).execute();
    for (const d of otherDevices) await t.admin.insertInto('device_health').values({ device_id: d, online: false, since: now }).execute();
  });

  it('coverage=covered is the businesses with a consented device online; uncovered is the rest of the region', async () => {
    const covered = await json<Biz>(await manager.get(`/api/businesses?regionId=${wc}&coverage=covered`));
    expect(covered.items.map((b) => b.id)).toEqual([hospital]);
    const uncovered = await json<Biz>(await manager.get(`/api/businesses?regionId=${wc}&coverage=uncovered&limit=200`));
    const all = await json<Biz>(await manager.get(`/api/businesses?regionId=${wc}&limit=200`));
    expect(uncovered.items.map((b) => b.id)).not.toContain(hospital);
    expect(uncovered.total + covered.total).toBe(all.total);
    // The device goes offline: the hospital is no longer covered.
    await t.admin.updateTable('device_health').set({ online: false }).where('device_id', '=', onlineDevice).execute();
    expect((await json<Biz>(await manager.get(`/api/businesses?regionId=${wc}&coverage=covered`))).total).toBe(0);
    await t.admin.updateTable('device_health').set({ online: true }).where('device_id', '=', onlineDevice).execute();
  });

  it('coverage with a period is what the dashboard counts: a device online on some day of it while under consent', async () => {
    const today = shanghaiDay(new Date());
    // Ten minutes of the online device today (one sample a minute, as the streams process writes them).
    const at = Date.now() - 15 * 60_000;
    await t.admin.insertInto('device_health_samples').values(Array.from({ length: 10 }, (_, i) => ({ device_id: onlineDevice, at: new Date(at + i * 60_000), online: true, bitrate_kbps: 500, fps: 25 }))).execute();
    const dash = await json<DashboardDto>(await manager.get(`/api/dashboard?agencyId=${wc}&from=${today}&to=${today}`));
    expect(dash.totals.coveredBusinesses).toBe(1);
    const q = (coverage: string, from: string, to: string) => `/api/businesses?regionId=${wc}&status=active&coverage=${coverage}&from=${from}&to=${to}&limit=200`;
    const covered = await json<Biz>(await manager.get(q('covered', today, today)));
    expect(covered.items.map((b) => b.id)).toEqual([hospital]);
    const uncovered = await json<Biz>(await manager.get(q('uncovered', today, today)));
    expect(uncovered.total).toBe(dash.totals.businesses - dash.totals.coveredBusinesses);
    expect(uncovered.items.map((b) => b.id)).not.toContain(hospital);
    // Online now does not make yesterday covered; a period across New Year reads both years' days.
    const yesterday = nextDay(today, -1);
    expect((await json<Biz>(await manager.get(q('covered', yesterday, yesterday)))).total).toBe(0);
    expect((await json<DashboardDto>(await manager.get(`/api/dashboard?agencyId=${wc}&from=${yesterday}&to=${yesterday}`))).totals.coveredBusinesses).toBe(0);
    const newYearsEve = `${Number(today.slice(0, 4)) - 1}-12-31`;
    expect((await json<Biz>(await manager.get(q('covered', newYearsEve, today)))).items.map((b) => b.id)).toEqual([hospital]);
    // Half a period, or one back to front: 400, naming the field.
    const half = await manager.get(`/api/businesses?regionId=${wc}&coverage=covered&from=${today}`);
    expect(half.status).toBe(400);
    expect(JSON.stringify(await half.json())).toContain('to');
    expect((await manager.get(q('covered', today, yesterday))).status).toBe(400);
    expect((await manager.get(q('covered', '2026-02-30', today))).status).toBe(400);
  });

  it('regionId narrows to the region\'s subtree and refuses a region outside the caller\'s', async () => {
    const jdList = await json<Biz>(await manager.get(`/api/businesses?regionId=${jd}&limit=200`));
    expect(jdList.total).toBeGreaterThan(0);
    expect(jdList.items.map((b) => b.id)).not.toContain(hospital);
    const city = await json<Biz>(await manager.get('/api/businesses?limit=200'));
    expect(city.total).toBe(jdList.total + (await json<Biz>(await manager.get(`/api/businesses?regionId=${wc}&limit=200`))).total);
    const refused = await wcOfficer.get(`/api/businesses?regionId=${jd}`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('辖区');
    expect((await wcOfficer.get('/api/businesses?regionId=00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('GET /api/devices: by region, category and online state, within the caller\'s scope', async () => {
    const online = await json<Dev>(await manager.get(`/api/devices?regionId=${wc}&online=true`));
    expect(online.items.map((d) => d.id)).toEqual([onlineDevice]);
    const offline = await json<Dev>(await manager.get(`/api/devices?regionId=${wc}&online=false&limit=200`));
    expect(offline.items.map((d) => d.id)).toEqual(expect.arrayContaining(otherDevices));
    expect(offline.items.map((d) => d.id)).not.toContain(onlineDevice);
    const wcAll = await json<Dev>(await manager.get(`/api/devices?regionId=${wc}&limit=200`));
    expect(wcAll.total).toBe(online.total + offline.total);
    expect(new Set(wcAll.items.map((d) => d.agencyId))).toEqual(new Set([wc]));
    expect((await json<Dev>(await manager.get(`/api/devices?regionId=${wc}&category=medical&online=true`))).total).toBe(1);
    expect((await json<Dev>(await manager.get(`/api/devices?regionId=${wc}&category=water_supply&online=true`))).total).toBe(0);
    // Scope: the 金东 officer sees none of 婺城's devices and is refused the region; a province auditor sees both districts.
    const jdOwn = await json<Dev>(await jdOfficer.get('/api/devices?limit=200'));
    expect(jdOwn.items.every((d) => d.agencyId === jd)).toBe(true);
    expect(jdOwn.items.map((d) => d.id)).not.toContain(onlineDevice);
    expect((await jdOfficer.get(`/api/devices?regionId=${wc}`)).status).toBe(403);
    const province = await json<Dev>(await auditor.get('/api/devices?limit=200'));
    expect(province.total).toBe(wcAll.total + (await json<Dev>(await manager.get(`/api/devices?regionId=${jd}&limit=200`))).total);
    // Not for the business itself.
    expect((await biz.get('/api/devices')).status).toBe(403);
    expect((await manager.get('/api/devices?online=maybe')).status).toBe(400);
  });
});

describe('the case list behind the dashboard', () => {
  it('regionId and the filing period pick the cases filed there and then', async () => {
    const rows = await t.db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(['b.id', 'b.agency_id']).where('a.id', 'in', [wc, jd]).orderBy('b.name').execute();
    const wcBiz = rows.find((r) => r.agency_id === wc)!;
    const jdBiz = rows.find((r) => r.agency_id === jd)!;
    const base = { party_kind: 'organisation' as const, procedure: 'general' as const, source: 'complaint' as const, source_record: '{}', cause: '测试案由', investigators: JSON.stringify([{ id: 'a', name: '甲', certificateNo: null }, { id: 'b', name: '乙', certificateNo: null }]), state: 'investigating' as const, created_by: manager.user.id };
    const at = (iso: string) => new Date(iso);
    const make = (b: typeof wcBiz, filed: string | null) =>
      t.admin.insertInto('cases').values({ ...base, agency_id: b.agency_id, business_id: b.id, category: '医', filing_clock_from: at('2026-11-01T00:00:00+08:00'), accepted_at: at('2026-11-01T00:00:00+08:00'), filed_at: filed ? at(filed) : null }).returning('id').executeTakeFirstOrThrow();
    const inWc = (await make(wcBiz, '2026-11-10T10:00:00+08:00')).id;
    const earlyWc = (await make(wcBiz, '2026-10-31T23:00:00+08:00')).id;
    const unfiledWc = (await make(wcBiz, null)).id;
    const inJd = (await make(jdBiz, '2026-11-20T10:00:00+08:00')).id;
    type Cases = { items: { id: string }[] };
    const from = encodeURIComponent('2026-10-31T16:00:00.000Z');
    const to = encodeURIComponent('2026-11-30T16:00:00.000Z');
    expect(ids(await json<Cases>(await manager.get(`/api/cases?regionId=${wc}&from=${from}&to=${to}`)))).toEqual([inWc]);
    expect(ids(await json<Cases>(await manager.get(`/api/cases?from=${from}&to=${to}`)))).toEqual([inWc, inJd].sort());
    expect(ids(await json<Cases>(await manager.get(`/api/cases?regionId=${wc}`)))).toEqual([inWc, earlyWc, unfiledWc].sort());
    expect((await jdOfficer.get(`/api/cases?regionId=${wc}`)).status).toBe(403);
    expect(ids(await json<Cases>(await jdOfficer.get(`/api/cases?from=${from}&to=${to}`)))).toEqual([inJd]);
  });
});
