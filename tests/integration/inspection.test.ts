import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../core/calendar/calendar.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { drawInspection } from '../../core/inspection/inspection-draw.js';
import type { CreditGrade, PublicationRequest } from '../../core/inspection/ports.js';
import { createTestApi, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
const today = shanghaiDay(new Date());
const year = Number(today.slice(0, 4));
const grades = new Map<string, CreditGrade>();
const requests: PublicationRequest[] = [];
let publicationWired = false;
let stopMail: () => Promise<void> | void = () => undefined;

type Item = { id: string; businessId: string; businessName: string; stratum: string; certain: boolean; officerIds: string[]; officerNames: string[]; result: string | null; publicationId: string | null; version: number };
type Detail = { plan: { id: string; status: string; version: number; populationSha256: string | null; populationSize: number | null; seed: string | null; randomSize: number | null }; items: Item[] };
type PublicPlan = { seed: string | null; population: string[]; populationSha256: string; sizeRule: unknown; list: { businessId: string; officerIds: string[]; result: string | null }[] };

const idOf = async (table: 'agencies' | 'businesses', column: 'code' | 'name', value: string) => (await t.db.selectFrom(table as 'agencies').select('id').where(column as 'code', '=', value).executeTakeFirstOrThrow()).id;
const ledgerOf = (entityId: string) => t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', entityId).orderBy('id').execute();
const userIdOf = async (username: string) => (await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const notPairedAnywhere = (items: { officerIds: string[] }[], userId: string) => !items.some((i) => i.officerIds.includes(userId));
const anonymous = (p: string) => api.app.request(p);
async function ok<T>(res: Response, status = 200): Promise<T> {
  if (res.status !== status) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await createTestDatabase();
  // Mail captured here: the rotation test signs a consent with the code it was sent.
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vigil-inspection-mail-')) }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, {
    notifier: mail.notifier,
    mailCaptured: true,
    inspection: {
      // A fake grade source: what the test sets; the hotel is never graded (treated as B).
      grades: async (ids) => new Map([...grades].filter(([id]) => ids.includes(id))),
      publish: async (req) => {
        if (!publicationWired) throw new Error('not wired in this test yet');
        requests.push(req);
        return { id: `pub-${requests.length}` };
      },
    },
  });
  grades.set(await idOf('businesses', 'name', '婺城区人民医院'), 'C');
  grades.set(await idOf('businesses', 'name', '婺城区第一实验小学'), 'A');
  grades.set(await idOf('businesses', 'name', '金东区游泳健身中心'), 'D');
});
afterAll(async () => {
  await stopMail();
  await t.destroy();
});

describe('双随机 random inspection (002 §5; issue 16 item 2)', () => {
  it('plans, commits the population before the public value, draws, is redrawn by anyone, records results and publishes only when complete', async () => {
    const city = await api.login('manager.jh');
    const cityId = await idOf('agencies', 'code', '330700');
    const plan = { agencyId: cityId, title: `金华市${year}年第一季度双随机抽查`, periodFrom: today, periodTo: today, sampleSize: 2, seedSource: `${today} 中国福利彩票双色球开奖号码（开奖后录入）` };

    // Bad input: refused with a clear error, nothing written.
    expect((await city.post('/api/inspection/plans', { ...plan, ratePercent: 10 })).status).toBe(400);
    expect((await city.post('/api/inspection/plans', { ...plan, periodFrom: '2026-12-31', periodTo: '2026-01-01' })).status).toBe(400);
    expect((await (await api.login('officer.wc')).post('/api/inspection/plans', plan)).status).toBe(403);
    expect(await t.db.selectFrom('inspection_plans').select('id').execute()).toEqual([]);

    const created = await ok<{ id: string; version: number }>(await city.post('/api/inspection/plans', plan), 201);
    const id = created.id;
    // Not public until committed; a public value before the population is committed is refused.
    expect((await anonymous(`/api/inspection/public/plans/${id}`)).status).toBe(404);
    const early = await city.post(`/api/inspection/plans/${id}/draw`, { publicValue: '03 08 15 21 27 30 + 11', expectedVersion: created.version });
    expect(early.status).toBe(409);
    expect(JSON.stringify(await early.json())).toContain('not_committed');

    const committed = await ok<Detail>(await city.post(`/api/inspection/plans/${id}/commit`, { expectedVersion: created.version }));
    expect(committed.plan.status).toBe('committed');
    expect(committed.plan.populationSize).toBe(4);
    // The population and its digest are public before the value exists.
    const before = await ok<PublicPlan>(await anonymous(`/api/inspection/public/plans/${id}`));
    expect(before.seed).toBeNull();
    expect(before.populationSha256).toBe(committed.plan.populationSha256);
    expect(before.population.filter((k) => k.startsWith('officer:'))).toHaveLength(4);
    // Strata as graded now: the pool D, the hospital C, the school A, the hotel never graded (U, as B).
    expect(before.population.filter((k) => k.startsWith('business:')).map((k) => k.split(':')[2]).sort()).toEqual(['A', 'C', 'D', 'U']);
    expect((await city.post(`/api/inspection/plans/${id}/commit`, { expectedVersion: committed.plan.version })).status).toBe(409);

    const drawn = await ok<Detail>(await city.post(`/api/inspection/plans/${id}/draw`, { publicValue: ' 03 08 15 21 27 30 + 11 ', expectedVersion: committed.plan.version }));
    expect(drawn.plan.seed).toBe(`${id}|03 08 15 21 27 30 + 11`);
    // The D business (rectification first) is listed first, then 2 drawn at random.
    expect(drawn.items).toHaveLength(3);
    expect(drawn.items[0]).toMatchObject({ businessName: '金东区游泳健身中心', stratum: 'D', certain: true });
    for (const item of drawn.items) {
      expect(new Set(item.officerIds).size).toBe(2);
      expect(item.officerNames.every((n) => n.includes(item.businessName.startsWith('婺城') ? '婺城' : '金东'))).toBe(true);
    }
    // A draw twice is refused, and the frozen row refuses a change at the database too.
    expect((await city.post(`/api/inspection/plans/${id}/draw`, { publicValue: 'another', expectedVersion: drawn.plan.version })).status).toBe(409);
    await expect(t.admin.updateTable('inspection_plans').set({ public_value: 'x' }).where('id', '=', id).execute()).rejects.toThrow(/frozen/);

    // Redrawable by anyone: the public verify endpoint, the pure function, and the command line.
    const verify = await ok<{ digestMatches: boolean; listMatches: boolean; redrawn: { businessId: string }[] }>(await anonymous(`/api/inspection/public/plans/${id}/verify`));
    expect(verify).toMatchObject({ digestMatches: true, listMatches: true });
    const file = await ok<PublicPlan>(await anonymous(`/api/inspection/public/plans/${id}`));
    expect(drawInspection(file.seed!, [...file.population].reverse(), file.sizeRule as { size: number }).items.map((i) => i.businessId)).toEqual(drawn.items.map((i) => i.businessId));
    const planPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-inspection-')), 'plan.json');
    writeFileSync(planPath, JSON.stringify(file));
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'core/inspection/inspection-draw.cli.ts', planPath], { cwd: process.cwd() });
    expect((JSON.parse(cli.stdout) as { list: { businessId: string }[] }).list.map((i) => i.businessId)).toEqual(drawn.items.map((i) => i.businessId));
    expect(cli.stderr).toContain('redraw matches');
    // A tampered list is caught by the CLI.
    writeFileSync(planPath, JSON.stringify({ ...file, list: [...file.list].reverse() }));
    await expect(promisify(execFile)(process.execPath, ['--import', 'tsx', 'core/inspection/inspection-draw.cli.ts', planPath], { cwd: process.cwd() })).rejects.toMatchObject({ code: 1 });

    // Results: only a paired officer records, and only his own item.
    const first = drawn.items[0];
    const officers = await t.db.selectFrom('users').select(['id', 'username']).where('id', 'in', first.officerIds).execute();
    const mine = await api.login(officers[0].username);
    const notPaired = ['officer.wc', 'officer2.wc', 'officer.jd', 'officer2.jd'].find((u) => !officers.some((o) => o.username === u))!;
    const result = { result: 'rectification_ordered', note: '泳池水质余氯不足，责令三日内整改', inspectedOn: today, expectedVersion: first.version };
    expect((await (await api.login(notPaired)).post(`/api/inspection/items/${first.id}/result`, result)).status).toBe(403);
    expect((await city.post(`/api/inspection/items/${first.id}/result`, result)).status).toBe(403);
    expect((await mine.post(`/api/inspection/items/${first.id}/result`, { ...result, note: null })).status).toBe(400);
    expect((await mine.post(`/api/inspection/items/${first.id}/result`, { ...result, inspectedOn: '2999-01-01' })).status).toBe(400);
    expect((await t.db.selectFrom('inspection_items').select('result').where('id', '=', first.id).executeTakeFirstOrThrow()).result).toBeNull();
    await ok(await mine.post(`/api/inspection/items/${first.id}/result`, result));
    const myItems = await ok<{ items: Item[] }>(await mine.get('/api/inspection/my-items'));
    expect(myItems.items.map((i) => i.id)).toContain(first.id);
    // A district officer paired on the city's plan opens it; one who is not paired does not.
    expect((await mine.get(`/api/inspection/plans/${id}`)).status).toBe(200);
    expect((await (await api.login(notPaired)).get(`/api/inspection/plans/${id}`)).status).toBe(notPairedAnywhere(drawn.items, await userIdOf(notPaired)) ? 403 : 200);

    // Publishing is refused until every result is recorded; nothing is requested.
    const incomplete = await city.post(`/api/inspection/plans/${id}/publish`, { expectedVersion: drawn.plan.version });
    expect(incomplete.status).toBe(409);
    expect(JSON.stringify(await incomplete.json())).toContain('results_incomplete');
    for (const item of drawn.items.slice(1)) {
      const who = (await t.db.selectFrom('users').select('username').where('id', '=', item.officerIds[1]).executeTakeFirstOrThrow()).username;
      await ok(await (await api.login(who)).post(`/api/inspection/items/${item.id}/result`, { result: 'no_problem', inspectedOn: today, expectedVersion: item.version }));
    }
    // The publication port failing leaves everything as it was.
    const unwired = await city.post(`/api/inspection/plans/${id}/publish`, { expectedVersion: drawn.plan.version });
    expect(unwired.status).toBe(500);
    expect((await t.db.selectFrom('inspection_plans').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('drawn');
    publicationWired = true;
    const published = await ok<Detail>(await city.post(`/api/inspection/plans/${id}/publish`, { expectedVersion: drawn.plan.version }));
    expect(published.plan.status).toBe('published');
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({ kind: 'inspection_result', sourceId: first.id, agencyId: cityId, businessId: first.businessId, requestedBy: city.user.id });
    expect(requests[0].body).toContain('责令整改');
    expect(published.items.every((i) => i.publicationId?.startsWith('pub-'))).toBe(true);
    expect((await ok<PublicPlan>(await anonymous(`/api/inspection/public/plans/${id}`))).list[0].result).toBe('rectification_ordered');
    // Once published, results no longer change.
    expect((await mine.post(`/api/inspection/items/${first.id}/result`, { ...result, expectedVersion: first.version + 1 })).status).toBe(409);

    expect((await ledgerOf(id)).map((e) => e.action)).toEqual(['inspection_plan.created', 'inspection_plan.committed', 'inspection_plan.drawn', 'inspection_plan.published']);
    expect((await ledgerOf(first.id)).map((e) => e.action)).toEqual(['inspection_item.drawn', 'inspection_item.recorded', 'inspection_item.publication_requested']);
  });

  it('refuses a plan for another region and keeps another district out of a plan', async () => {
    const jdId = await idOf('agencies', 'code', '330703');
    const wcOfficer = await api.login('officer.wc');
    expect((await wcOfficer.get('/api/inspection/plans')).status).toBe(200);
    // The city manager's plans are read by a district officer only where his district is the plan's agency subtree.
    const list = await ok<{ items: { id: string }[] }>(await wcOfficer.get('/api/inspection/plans'));
    expect(list.items).toEqual([]);
    // A district officer opens the city's plan only when he is paired on one of its items.
    const plan = await t.db.selectFrom('inspection_plans').select('id').executeTakeFirstOrThrow();
    const items = (await t.db.selectFrom('inspection_items').select('officer_ids').where('plan_id', '=', plan.id).execute()).map((i) => ({ officerIds: i.officer_ids }));
    for (const username of ['officer.wc', 'officer2.wc', 'officer.jd', 'officer2.jd']) {
      const status = (await (await api.login(username)).get(`/api/inspection/plans/${plan.id}`)).status;
      expect(status).toBe(notPairedAnywhere(items, await userIdOf(username)) ? 403 : 200);
    }
    expect((await wcOfficer.get(`/api/inspection/rotation?agencyId=${jdId}&category=public_place&year=${year}`)).status).toBe(403);
  });
});

describe('the rotation plan (002 §5)', () => {
  it('puts the businesses no device covers on a monthly calendar; one that gets covered drops out on recompute, history kept', async () => {
    const city = await api.login('manager.jh');
    const jdId = await idOf('agencies', 'code', '330703');
    const q = { agencyId: jdId, category: 'public_place', year };
    type Rotation = { revision: number; entries: { businessName: string; stratum: string; months: number[] }[]; load: number[]; revisions: { revision: number; joined: string[]; left: string[] }[] };
    const first = await ok<Rotation>(await city.post('/api/inspection/rotation', q));
    expect(first.revision).toBe(1);
    expect(first.entries.map((e) => [e.businessName, e.stratum, e.months.length]).sort()).toEqual([
      ['金东区江滨宾馆有限公司', 'U', 2],
      ['金东区游泳健身中心', 'D', 12],
    ]);
    expect(first.load.reduce((s, x) => s + x, 0)).toBe(14);

    // The hotel signs a consent covering its devices: it leaves the rotation at the next recompute.
    await consentedDevice(t.db, await api.login('officer.jd'), await api.login('biz.hotel'));
    const second = await ok<Rotation>(await city.post('/api/inspection/rotation', q));
    expect(second.revision).toBe(2);
    expect(second.entries.map((e) => e.businessName)).toEqual(['金东区游泳健身中心']);
    const hotel = await idOf('businesses', 'name', '金东区江滨宾馆有限公司');
    expect(second.revisions.map((r) => [r.revision, r.left])).toEqual([
      [2, [hotel]],
      [1, []],
    ]);
    // The earlier revision is still there, and the recompute was ledgered.
    expect(await t.db.selectFrom('inspection_rotation_entries').select('business_id').execute()).toHaveLength(3);
    expect(await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'inspection_rotation.computed').execute()).toHaveLength(2);
    // Only the unit head recomputes; an officer reads.
    const officer = await api.login('officer.jd');
    expect((await officer.post('/api/inspection/rotation', q)).status).toBe(403);
    expect((await officer.get(`/api/inspection/rotation?agencyId=${jdId}&category=public_place&year=${year}`)).status).toBe(200);
  });

  it('recomputes every category of a region at once: one revision per category, the months balanced across categories', async () => {
    const city = await api.login('manager.jh');
    const cityId = await idOf('agencies', 'code', '330700');
    type Rotation = { category: string | null; revision: number | null; entries: { businessName: string; category: string; revision: number; months: number[] }[]; load: number[]; revisions: { category: string; revision: number }[] };
    const empty = await ok<Rotation>(await city.get(`/api/inspection/rotation?agencyId=${cityId}&year=${year}`));
    expect(empty).toMatchObject({ category: null, revision: null, entries: [], revisions: [] });

    const all = await ok<Rotation>(await city.post('/api/inspection/rotation', { agencyId: cityId, year }));
    expect(all.category).toBeNull();
    const categories = [...new Set(all.entries.map((e) => e.category))].sort();
    expect(categories.length).toBeGreaterThan(1);
    // Each category got its own revision (history per category, 第五条 "同一类监管事项"), each ledgered.
    expect(all.revisions.map((r) => [r.category, r.revision]).sort()).toEqual(categories.map((c) => [c, 1]));
    const uncovered = await t.db.selectFrom('businesses').select('category').distinct().where('id', 'in', (await t.db.selectFrom('inspection_rotation_entries as e').innerJoin('inspection_rotations as r', 'r.id', 'e.rotation_id').where('r.agency_id', '=', cityId).select('e.business_id').execute()).map((e) => e.business_id)).execute();
    expect(uncovered.map((u) => u.category).sort()).toEqual(categories);
    // The calendar of the whole region is balanced: no month carries two visits more than another.
    expect(Math.max(...all.load) - Math.min(...all.load)).toBeLessThanOrEqual(1);
    expect(all.load.reduce((s, x) => s + x, 0)).toBe(all.entries.reduce((s, e) => s + e.months.length, 0));

    // One category read alone is that category's plan; a second recompute of all adds a revision to each.
    const one = await ok<Rotation>(await city.get(`/api/inspection/rotation?agencyId=${cityId}&category=${categories[0]}&year=${year}`));
    expect(one).toMatchObject({ category: categories[0], revision: 1 });
    expect(one.entries.every((e) => e.category === categories[0])).toBe(true);
    const again = await ok<Rotation>(await city.post('/api/inspection/rotation', { agencyId: cityId, category: null, year }));
    expect(again.entries.every((e) => e.revision === 2)).toBe(true);
    expect(again.entries.map((e) => [e.businessName, e.months])).toEqual(all.entries.map((e) => [e.businessName, e.months]));
    // A district officer reads his district's calendar of every category, not the city's.
    const wc = await api.login('officer.wc');
    expect((await wc.get(`/api/inspection/rotation?agencyId=${await idOf('agencies', 'code', '330702')}&year=${year}`)).status).toBe(200);
    expect((await wc.get(`/api/inspection/rotation?agencyId=${cityId}&year=${year}`)).status).toBe(403);
    expect((await (await api.login('officer.jd')).post('/api/inspection/rotation', { agencyId: cityId, year })).status).toBe(403);
  });
});
