import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../api/auth/password.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { nextDay, shanghaiDay } from '../../core/calendar/calendar.js';
import { drawSample, populationDigest } from '../../core/sampling/draw.js';
import { createTestApi, Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
const today = shanghaiDay(new Date());
const weekAgo = nextDay(today, -6);
const ids: Record<string, string> = {};

type Detail = {
  plan: { id: string; status: string; seed: string | null; publicValue: string | null; populationSize: number | null; populationSha256: string | null; version: number };
  items: { id: string; key: string; kind: string; label: Record<string, string | null>; score: number | null; version: number }[];
  findings: { id: string; status: string; version: number; ownerId: string }[];
  score: number | null;
  closed: boolean;
  checks: { code: string; kinds: string[] }[];
};

const agencyId = async (code: string) => (await t.db.selectFrom('agencies').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const ledgerOf = (entityId: string) => t.db.selectFrom('ledger_entries').select(['action', 'actor_id']).where('entity_id', '=', entityId).orderBy('id').execute();

/** A case row as filing leaves it, accepted on the given day (the population counts cases by acceptance). */
async function insertCase(agencyCode: string, businessName: string, day: string) {
  const officer = (await t.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', 'officer.wc').executeTakeFirstOrThrow());
  const business = await t.db.selectFrom('businesses').select('id').where('name', '=', businessName).executeTakeFirstOrThrow();
  const at = new Date(`${day}T10:00:00+08:00`);
  const row = await t.admin
    .insertInto('cases')
    .values({ agency_id: await agencyId(agencyCode), business_id: business.id, party_kind: 'organisation', procedure: 'general', source: 'inspection', source_record: JSON.stringify({}), cause: `抽查测试案件 ${day}`, category: '医', investigators: JSON.stringify([{ id: officer.id, name: officer.display_name, certificateNo: 'A1' }, { id: officer.id, name: officer.display_name, certificateNo: 'A2' }]), state: 'investigating', filing_clock_from: at, accepted_at: at, created_by: officer.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A manager of the other district (the demo has none): a real account, logged in through the API. */
async function jdManager(): Promise<Session> {
  const password = 'Jindong-manager-2026';
  const u = await t.admin
    .insertInto('users')
    .values({ username: 'manager.jd', display_name: '金东负责人', password_hash: await hashPassword(password), role: 'manager', agency_id: await agencyId('330703') })
    .returning(['id', 'role', 'agency_id'])
    .executeTakeFirstOrThrow();
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager.jd', password }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], body.csrfToken, { id: u.id, role: u.role, businessId: null, agencyId: u.agency_id });
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  ids.wc = await agencyId('330702');
  for (const d of [weekAgo, nextDay(weekAgo, 1), nextDay(weekAgo, 2), nextDay(weekAgo, 3), nextDay(weekAgo, 4)]) await insertCase('330702', '婺城区人民医院', d);
  ids.jdCase = await insertCase('330703', '金东区江滨宾馆有限公司', nextDay(weekAgo, 1));
  ids.oldCase = await insertCase('330702', '婺城区人民医院', nextDay(weekAgo, -30));
});
afterAll(async () => t.destroy());

describe('sampling audits (R13; 002-音像 §32–§34)', () => {
  it('plans, draws from the published seed, reviews, scores and follows up to closure, every step ledgered; another district is refused', async () => {
    const city = await api.login('manager.jh');
    const plan = { agencyId: ids.wc, title: '婺城区2026年下半年执法记录抽查', kinds: ['case', 'recording'], periodFrom: weekAgo, periodTo: today, seedSource: `${today} 中国福利彩票双色球开奖号码` };

    // Bad plans are refused with the field named, nothing written.
    const noSize = await city.post('/api/sampling/plans', plan);
    expect(noSize.status).toBe(400);
    expect(JSON.stringify(await noSize.json())).toContain('sampleSize');
    expect((await city.post('/api/sampling/plans', { ...plan, sampleSize: 4, periodFrom: today, periodTo: weekAgo })).status).toBe(400);
    expect(await t.db.selectFrom('sampling_plans').select('id').execute()).toEqual([]);
    // A district officer cannot plan; a manager of the other district cannot plan for this one.
    expect((await (await api.login('officer.wc')).post('/api/sampling/plans', { ...plan, sampleSize: 4 })).status).toBe(403);
    const jd = await jdManager();
    expect((await jd.post('/api/sampling/plans', { ...plan, sampleSize: 4 })).status).toBe(403);

    const created = await city.post('/api/sampling/plans', { ...plan, sampleSize: 4 });
    expect(created.status).toBe(201);
    const { id, version } = (await created.json()) as { id: string; version: number };

    const drawn = await city.post(`/api/sampling/plans/${id}/draw`, { publicValue: '03 08 15 21 27 30 + 11', expectedVersion: version });
    expect(drawn.status).toBe(200);
    const d = (await drawn.json()) as Detail;
    expect(d.plan.status).toBe('drawn');
    expect(d.plan.seed).toBe(`${id}|03 08 15 21 27 30 + 11`);
    expect(d.items).toHaveLength(4);

    // The population: this district's cases accepted in the period and its cameras' days; not the other district's, not before the period.
    const file = (await (await city.get(`/api/sampling/plans/${id}/draw.json`)).json()) as { seed: string; size: number; population: string[]; populationSha256: string; sample: string[] };
    const wcCameras = await t.db.selectFrom('devices as dv').innerJoin('businesses as b', 'b.id', 'dv.business_id').select('dv.id').where('b.agency_id', '=', ids.wc).where('dv.kind', '=', 'camera').execute();
    expect(file.population.filter((k) => k.startsWith('case:'))).toHaveLength(5);
    expect(file.population.filter((k) => k.startsWith('recording:'))).toHaveLength(wcCameras.length);
    expect(file.population).not.toContain(`case:${ids.jdCase}`);
    expect(file.population).not.toContain(`case:${ids.oldCase}`);
    expect(d.plan.populationSize).toBe(5 + wcCameras.length);
    expect(file.populationSha256).toBe(populationDigest(file.population));
    // Anyone redraws the same sample: the pure function, and the command line outside the platform.
    expect(drawSample(file.seed, [...file.population].reverse(), file.size).sample).toEqual(file.sample);
    expect(d.items.map((i) => i.key)).toEqual(file.sample);
    const drawPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-sample-')), 'draw.json');
    writeFileSync(drawPath, JSON.stringify(file));
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'core/sampling/sample.cli.ts', '--draw', drawPath], { cwd: process.cwd() });
    expect((JSON.parse(cli.stdout) as { sample: string[] }).sample).toEqual(file.sample);
    expect(cli.stderr).toContain('redraw matches');
    // A draw is never repeated, and the frozen row refuses a change even from the owner role.
    expect((await city.post(`/api/sampling/plans/${id}/draw`, { publicValue: 'another value', expectedVersion: d.plan.version })).status).toBe(409);
    await expect(t.admin.updateTable('sampling_plans').set({ public_value: 'x' }).where('id', '=', id).execute()).rejects.toThrow(/frozen/);

    // The other district's manager and a district officer are refused, and each refusal is ledgered.
    const denialsBefore = (await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'access.denied').execute()).length;
    expect((await jd.get(`/api/sampling/plans/${id}`)).status).toBe(403);
    expect((await jd.post(`/api/sampling/items/${d.items[0].id}/review`, { results: {}, expectedVersion: 1 })).status).toBe(403);
    expect((await (await api.login('officer.wc')).get(`/api/sampling/plans/${id}`)).status).toBe(403);
    expect((await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'access.denied').execute()).length).toBe(denialsBefore + 3);
    expect((await (await jd.get('/api/sampling/plans')).json()) as { items: unknown[] }).toEqual({ items: [] });

    // Review with the checklist: a failed check needs a note; scores count passes over applicable checks.
    const auditor = await api.login('auditor.zj');
    const codes = (kind: string) => d.checks.filter((c) => c.kinds.includes(kind)).map((c) => c.code);
    const all = (kind: string, result: string) => Object.fromEntries(codes(kind).map((c) => [c, { result }]));
    const first = d.items[0];
    const failing = { ...all(first.kind, 'pass'), stored_in_time: { result: 'fail' }, conduct: { result: 'na' } };
    const noNote = await auditor.post(`/api/sampling/items/${first.id}/review`, { results: failing, expectedVersion: first.version });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(await noNote.json())).toContain('results.stored_in_time.note');
    const missing = await auditor.post(`/api/sampling/items/${first.id}/review`, { results: { recorded: { result: 'pass' } }, expectedVersion: first.version });
    expect(missing.status).toBe(400);
    const reviewed = await auditor.post(`/api/sampling/items/${first.id}/review`, { results: { ...failing, stored_in_time: { result: 'fail', note: '超过2个工作日才导入专用存储' } }, note: null, expectedVersion: first.version });
    expect(reviewed.status).toBe(200);
    const applicable = codes(first.kind).length - 1;
    expect(((await reviewed.json()) as { score: number }).score).toBe(Math.round(((applicable - 1) * 1000) / applicable) / 10);

    // Not complete until every item is reviewed.
    const before = (await (await city.get(`/api/sampling/plans/${id}`)).json()) as Detail;
    expect((await city.post(`/api/sampling/plans/${id}/complete`, { expectedVersion: before.plan.version })).status).toBe(409);
    for (const item of d.items.slice(1)) expect((await city.post(`/api/sampling/items/${item.id}/review`, { results: all(item.kind, 'pass'), expectedVersion: item.version })).status).toBe(200);

    // A finding with its follow-up: the owner must be staff of the audited district.
    const officer = (await api.login('officer.wc')).user;
    const outsider = (await api.login('officer.jd')).user;
    const finding = { itemId: first.id, checkCode: 'stored_in_time', description: '录像超过2个工作日才导入专用存储，未经批准延期', dueOn: nextDay(today, 10) };
    expect((await city.post(`/api/sampling/plans/${id}/findings`, { ...finding, ownerId: outsider.id })).status).toBe(400);
    expect((await city.post(`/api/sampling/plans/${id}/findings`, { ...finding, ownerId: officer.id, dueOn: nextDay(today, -1) })).status).toBe(400);
    const added = await city.post(`/api/sampling/plans/${id}/findings`, { ...finding, ownerId: officer.id });
    expect(added.status).toBe(201);
    const f = (await added.json()) as { id: string; version: number };

    const done = await city.post(`/api/sampling/plans/${id}/complete`, { expectedVersion: before.plan.version });
    expect(done.status).toBe(200);
    const completed = (await done.json()) as Detail;
    const results = (await t.db.selectFrom('sampling_items').select('results').where('plan_id', '=', id).execute()).flatMap((r) => Object.values(r.results ?? {}).map((x) => x.result));
    const pass = results.filter((r) => r === 'pass').length;
    expect(completed.score).toBe(Math.round((pass * 1000) / (pass + 1)) / 10);
    expect(completed.plan.status).toBe('completed');
    expect(completed.closed).toBe(false);

    // The owner sees and closes his follow-up; another district's officer cannot.
    const owner = await api.login('officer.wc');
    const mine = (await (await owner.get('/api/sampling/follow-ups')).json()) as { items: { id: string; status: string }[] };
    expect(mine.items.map((x) => x.id)).toEqual([f.id]);
    expect((await (await api.login('officer.jd')).post(`/api/sampling/findings/${f.id}/close`, { note: '已整改', expectedVersion: f.version })).status).toBe(403);
    const closed = await owner.post(`/api/sampling/findings/${f.id}/close`, { note: '已补办延期导入审批，并重新培训导入时限', expectedVersion: f.version });
    expect(closed.status).toBe(200);
    expect((await owner.post(`/api/sampling/findings/${f.id}/close`, { note: '再次', expectedVersion: f.version + 1 })).status).toBe(409);
    const end = (await (await auditor.get(`/api/sampling/plans/${id}`)).json()) as Detail;
    expect(end.closed).toBe(true);
    expect(end.findings[0].status).toBe('closed');

    // Every change ledgered, by whom.
    expect((await ledgerOf(id)).map((e) => e.action)).toEqual(['sampling_plan.created', 'sampling_plan.drawn', 'sampling_plan.completed']);
    expect((await ledgerOf(first.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['sampling_item.drawn', city.user.id],
      ['sampling_item.reviewed', auditor.user.id],
    ]);
    expect((await ledgerOf(f.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ['sampling_finding.created', city.user.id],
      ['sampling_finding.closed', officer.id],
    ]);
    const drawnEntry = await t.db.selectFrom('ledger_entries').select(['state', 'context']).where('entity_id', '=', id).where('action', '=', 'sampling_plan.drawn').executeTakeFirstOrThrow();
    expect((drawnEntry.context as { sample: string[] }).sample).toEqual(file.sample);
    expect((drawnEntry.state as { population_sha256: string }).population_sha256).toBe(file.populationSha256);

    // Every plan, item and finding row matches its latest entry (npm run verify); a score changed behind the platform's back is caught.
    const ours = async () => (await checkEntities(t.db)).problems.filter((p) => p.id.startsWith('sampling_'));
    expect(await ours()).toEqual([]);
    await t.admin.updateTable('sampling_items').set({ score: 100 }).where('id', '=', first.id).execute();
    expect((await ours()).map((p) => p.id)).toEqual([`sampling_item/${first.id}`]);
  });
});
