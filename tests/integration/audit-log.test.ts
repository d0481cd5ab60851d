import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateDigest } from '../../core/ledger/canonical.js';
import { createTestApi, Session, type TestApi } from '../support/api-client.js';
import { insertReads, servedRead } from '../support/record-reads.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
let auditor: Session;
let admin: Session;
let cityHead: Session;
let headWc: Session;
let officerWc: Session;
const paths: Record<string, string> = {};
const biz: Record<string, string> = {};
const users: Record<string, string> = {};
/** Two days ago, on a whole minute: the base rows lie in [T, T + 10 min). */
const T = new Date(Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000);
const at = (ms: number) => new Date(T.getTime() + ms);
const MIN = 60_000;
const iso = (d: Date) => d.toISOString();
const sha = () => randomBytes(32).toString('hex');
const caseId = randomUUID();
const deviceWc = randomUUID();
const shaA = sha();

type ReadItem = { id: string; at: string; user: { name: string; role: string }; action: string; outcome: string; record: { kind: string; id: string; sha256: string | null }; owner: { agencyPath: string | null; agencyName: string | null; businessName: string | null }; bytes: number | null; ip: string | null; grantId: string | null };
type Page = { items: ReadItem[]; next: string | null };
type TrailBody = { record: { kind: string; id: string; sha256: string | null }; events: { at: string; event: string; source: string; action: string; ledger: { id: string } | null; actor: { name: string | null } }[] };
const json = async <B>(res: Response, status = 200): Promise<B> => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as B;
};
const qs = (o: Record<string, string | number | undefined>) => new URLSearchParams(Object.entries(o).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
const base = { from: iso(T), to: iso(at(10 * MIN)) };

/** A unit head of a district (the demo has only the city's), made by the administrator. */
async function newManager(username: string, agencyPath: string): Promise<Session> {
  const agency = await t.db.selectFrom('agencies').select('id').where('path', '=', agencyPath).executeTakeFirstOrThrow();
  const created = await json<{ user: { id: string }; oneTimePassword: string }>(await admin.post('/api/admin/users', { username, displayName: '婺城负责人', role: 'manager', agencyId: agency.id }), 201);
  const res = await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: created.oneTimePassword }) });
  const b = (await res.json()) as { csrfToken: string; user: Session['user'] };
  return new Session(api.app, (res.headers.get('set-cookie') ?? '').split(';')[0], b.csrfToken, b.user);
}

/** A ledger entry at a given time (the trail orders by time). */
async function ledgerAt(when: Date, action: string, entityType: string, entityId: string, context: Record<string, unknown> | null = null, actor = { type: 'system' as const, id: 'retention' }) {
  const row = await t.admin
    .insertInto('ledger_entries')
    .values({ recorded_at: when, actor_type: actor.type, actor_id: actor.id, action, entity_type: entityType, entity_id: entityId, state: null, state_digest: stateDigest(null), context: context ? JSON.stringify(context) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  for (const a of await t.db.selectFrom('agencies').select(['code', 'path']).execute()) paths[a.code] = a.path;
  for (const b of await t.db.selectFrom('businesses').select(['id', 'name']).execute()) biz[b.name] = b.id;
  for (const u of await t.db.selectFrom('users').select(['id', 'username']).execute()) users[u.username] = u.id;
  [auditor, admin, cityHead, officerWc] = [await api.login('auditor.zj'), await api.login('admin'), await api.login('manager.jh'), await api.login('officer.wc')];
  headWc = await newManager('manager.wc', paths['330702']);
  const wc = { agency_path: paths['330702'], business_id: biz['婺城区人民医院'] };
  const jd = { agency_path: paths['330703'], business_id: biz['金东区江滨宾馆有限公司'] };
  await insertReads(t.db, [
    { ...wc, at: at(1 * MIN), user_id: users['officer.wc'], user_name: '张伟(婺城执法)', role: 'officer', action: 'play', record_kind: 'segment', record_id: randomUUID(), sha256: shaA, device_id: deviceWc, bytes: 1000, ip: '10.0.0.1' },
    { ...jd, at: at(2 * MIN), user_id: users['officer.jd'], user_name: '刘洋(金东执法)', role: 'officer', action: 'download', record_kind: 'document_pdf', record_id: randomUUID(), case_id: caseId, bytes: 2048, ip: '10.0.0.2' },
    { ...wc, at: at(3 * MIN), user_id: users['officer.jd'], user_name: '刘洋(金东执法)', role: 'officer', action: 'play', outcome: 'denied', denied_reason: 'no_grant', record_kind: 'recording', record_id: deviceWc, device_id: deviceWc, ip: '10.0.0.2' },
    { at: at(4 * MIN), user_id: users['admin'], user_name: '系统管理员', role: 'admin', action: 'view', record_kind: 'case_file', record_id: randomUUID(), ip: '10.0.0.3' },
    { ...wc, at: at(5 * MIN), user_name: '=HYPERLINK("http://evil.example","点我")', role: 'officer', action: 'export', record_kind: 'segment', record_id: 'csv-rec', ip: '+86,1', user_agent: 'UA, "quoted"\nline two', bytes: 5 },
  ]);
});
afterAll(async () => t.destroy());

describe('the audit log of reads (issue 15 item 6)', () => {
  it('filters by person (id or name), record, sha256, device, case, business, action and outcome', async () => {
    const search = async (f: Record<string, string>) => (await json<Page>(await auditor.get(`/api/audit/reads?${qs({ ...base, ...f })}`))).items.map((i) => i.at);
    expect(await search({})).toEqual([5, 4, 3, 2, 1].map((m) => iso(at(m * MIN))));
    expect(await search({ person: users['officer.jd'] })).toEqual([iso(at(3 * MIN)), iso(at(2 * MIN))]);
    expect(await search({ person: '刘洋' })).toEqual([iso(at(3 * MIN)), iso(at(2 * MIN))]);
    expect(await search({ person: 'officer.wc' })).toEqual([iso(at(1 * MIN))]);
    expect(await search({ kind: 'recording', id: deviceWc })).toEqual([iso(at(3 * MIN))]);
    expect(await search({ sha256: shaA.toUpperCase() })).toEqual([iso(at(1 * MIN))]);
    expect(await search({ device: deviceWc })).toEqual([iso(at(3 * MIN)), iso(at(1 * MIN))]);
    expect(await search({ case: caseId })).toEqual([iso(at(2 * MIN))]);
    expect(await search({ business: biz['金东区江滨宾馆有限公司'] })).toEqual([iso(at(2 * MIN))]);
    expect(await search({ action: 'play' })).toEqual([iso(at(3 * MIN)), iso(at(1 * MIN))]);
    expect(await search({ outcome: 'denied' })).toEqual([iso(at(3 * MIN))]);
    expect(await search({ from: iso(at(2 * MIN)), to: iso(at(4 * MIN)) })).toEqual([iso(at(3 * MIN)), iso(at(2 * MIN))]);
    const one = (await json<Page>(await auditor.get(`/api/audit/reads?${qs({ ...base, sha256: shaA })}`))).items[0];
    expect(one).toMatchObject({ user: { name: '张伟(婺城执法)', role: 'officer' }, action: 'play', outcome: 'served', record: { kind: 'segment', sha256: shaA }, owner: { agencyPath: paths['330702'], businessName: '婺城区人民医院', agencyName: '金华市婺城区卫生健康局' }, bytes: 1000, ip: '10.0.0.1' });
  });

  it('shows a district head only his district’s reads, the city head both districts’, auditors and admins all; others 403', async () => {
    const ids = async (s: Session) => (await json<Page>(await s.get(`/api/audit/reads?${qs(base)}`))).items.map((i) => i.at);
    expect(await ids(headWc)).toEqual([5, 3, 1].map((m) => iso(at(m * MIN))));
    expect(await ids(cityHead)).toEqual([5, 3, 2, 1].map((m) => iso(at(m * MIN))));
    expect(await ids(admin)).toEqual([5, 4, 3, 2, 1].map((m) => iso(at(m * MIN))));
    // A district head's filter cannot reach past his scope.
    expect(await json<Page>(await headWc.get(`/api/audit/reads?${qs({ ...base, case: caseId })}`))).toMatchObject({ items: [] });
    expect((await officerWc.get(`/api/audit/reads?${qs(base)}`)).status).toBe(403);
    expect((await (await api.login('biz.hosp')).get(`/api/audit/reads?${qs(base)}`)).status).toBe(403);
  });

  it('refuses bad periods with 400 naming the problem', async () => {
    const bad = async (f: Record<string, string>) => {
      const res = await auditor.get(`/api/audit/reads?${qs(f)}`);
      const body = await json<{ code: string; issues: { path: string[]; code: string; message: string }[] }>(res, 400);
      expect(body.code).toBe('validation_failed');
      return body.issues.map((i) => `${i.path.join('.')}:${i.code}`);
    };
    expect(await bad({ from: iso(at(10 * MIN)), to: iso(T) })).toEqual(['to:audit.period_order']);
    expect(await bad({ from: iso(T), to: iso(T) })).toEqual(['to:audit.period_order']);
    expect(await bad({ from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' })).toEqual(['from:audit.period_too_long']);
    expect((await bad({ from: 'yesterday' }))[0]).toMatch(/^from:/);
    expect((await bad({ id: 'x' }))[0]).toMatch(/^kind:/);
    const res = await auditor.request('GET', `/api/audit/reads?${qs({ from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' })}`, undefined, { 'accept-language': 'zh-CN' });
    expect(JSON.stringify(await res.json())).toContain('查询期间不能超过一年');
    // A year exactly (2024 had a leap day) is allowed.
    expect((await auditor.get(`/api/audit/reads?${qs({ from: '2024-01-01T00:00:00+08:00', to: '2025-01-01T00:00:00+08:00' })}`)).status).toBe(200);
  });

  it('pages on (at, id) without gaps or duplicates, rows within one millisecond included', async () => {
    const k0 = at(20 * MIN).getTime();
    // 31 rows: pairs at the same instant, and instants apart by microseconds only.
    const stamps = Array.from({ length: 31 }, (_, i) => `${new Date(k0 + Math.floor(i / 4)).toISOString().slice(0, 23)}${String((i % 4 < 2 ? 100 : 100 + (i % 4) * 7)).padStart(3, '0')}Z`);
    await insertReads(t.db, stamps.map((s) => ({ at: s as unknown as Date, record_kind: 'segment', record_id: 'keyset-rec', agency_path: paths['330702'] })));
    const want = (await t.db.selectFrom('record_reads').select('id').where('record_id', '=', 'keyset-rec').orderBy('at', 'desc').orderBy('id', 'desc').execute()).map((r) => String(r.id));
    expect(want).toHaveLength(31);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await json<Page>(await headWc.get(`/api/audit/reads?${qs({ kind: 'segment', id: 'keyset-rec', from: iso(at(19 * MIN)), to: iso(at(21 * MIN)), limit: 7, after })}`));
      seen.push(...page.items.map((i) => i.id));
      after = page.next ?? undefined;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(5);
    expect(seen).toEqual(want);
  });

  it('exports a search as CSV (BOM, RFC 4180, formulas defused) and ledgers the export with its filter and count', async () => {
    const f = { ...base, kind: 'segment', id: 'csv-rec' };
    const res = await auditor.get(`/api/audit/reads.csv?${qs(f)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('x-row-count')).toBe('1');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, row, end] = text.split('\r\n');
    expect(header.startsWith('时间(北京时间),编号,人员,账号,角色,操作')).toBe(true);
    expect(end).toBe('');
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(row).toContain(`"'+86,1"`);
    expect(row).toContain('"UA, ""quoted""\nline two"');
    expect(row).not.toMatch(/(^|,)[=+@]/);
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'context']).where('action', '=', 'audit.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(users['auditor.zj']);
    expect(entry.context).toMatchObject({ rows: 1, filter: { record: { kind: 'segment', id: 'csv-rec' }, from: base.from, to: base.to }, scope: 'platform' });
    // The district head's export holds only his district's rows.
    const mine = await headWc.get(`/api/audit/reads.csv?${qs(base)}`);
    expect(mine.headers.get('x-row-count')).toBe('3');
    expect((await mine.text()).split('\r\n').filter(Boolean)).toHaveLength(4);
    expect((await auditor.get(`/api/audit/reads.csv?${qs({ from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' })}`)).status).toBe(400);
  });
});

describe('a record’s full trail (issue 15 item 6)', () => {
  const mobile = randomUUID();
  const other = randomUUID();
  const blobSha = sha();
  const H = 3_600_000;

  beforeAll(async () => {
    const wc = { agency_path: paths['330702'], business_id: biz['婺城区人民医院'] };
    const uploaded = await ledgerAt(at(1 * H), 'mobile_recording.uploaded', 'mobile_recording', mobile, { sha256: blobSha, ip: '10.1.1.1' }, { type: 'user', id: users['officer.wc'] } as never);
    expect(uploaded).toBeTruthy();
    await ledgerAt(at(3 * H), 'record.held', 'mobile_recording', mobile, { reason: 'dispute' });
    await ledgerAt(at(4 * H), 'retention.changed', 'mobile_recording', mobile, { rule: 'case_evidence' });
    await ledgerAt(at(6 * H), 'mobile_recording.purged', 'mobile_recording', mobile, { sha256: blobSha });
    await insertReads(t.db, [
      { ...wc, at: at(2 * H), user_id: users['officer.wc'], user_name: '张伟(婺城执法)', action: 'play', record_kind: 'mobile_recording', record_id: mobile, sha256: blobSha, bytes: 10, ip: '10.0.0.1' },
      { ...wc, at: at(2.5 * H), user_id: users['officer.jd'], user_name: '刘洋(金东执法)', action: 'play', outcome: 'denied', denied_reason: 'no_grant', record_kind: 'mobile_recording', record_id: mobile, sha256: blobSha },
      { ...wc, at: at(5 * H), user_id: users['officer.wc'], user_name: '张伟(婺城执法)', action: 'download', record_kind: 'mobile_recording', record_id: mobile, sha256: blobSha, bytes: 99 },
      { agency_path: paths['330703'], at: at(2 * H), action: 'view', record_kind: 'mobile_recording', record_id: other },
    ]);
    await t.admin
      .insertInto('record_exports')
      .values({ id: 'WM-ABCDEFGH12', exported_by: users['officer.wc'], viewer_name: '张伟(婺城执法)', account: 'officer.wc', record_kind: 'segment', record_id: mobile, original_sha256: blobSha, agency_id: (await t.db.selectFrom('agencies').select('id').where('path', '=', paths['330702']).executeTakeFirstOrThrow()).id, watermark_text: 'x', file_sha256: sha(), file_size: 5, media_type: 'video/mp4', created_at: at(5.5 * H) })
      .execute();
    await t.admin.insertInto('blobs').values({ sha256: blobSha, size: 10, media_type: 'video/mp4' }).execute();
    await t.admin.insertInto('blob_deletions').values({ sha256: blobSha, size: 10, rule: 'retention.ordinary', subject: JSON.stringify({ kind: 'mobile_recording', id: mobile }), deleted_at: at(6 * H + 1000), key_id: 'k1', signature: Buffer.alloc(64, 1) }).execute();
  });

  it('lists created, viewed, refused, held, retention, downloaded, exported and purged in time order, with the deletion record', async () => {
    const trail = await json<TrailBody>(await headWc.get(`/api/audit/records/mobile_recording/${mobile}`));
    expect(trail.record).toEqual({ kind: 'mobile_recording', id: mobile, sha256: blobSha });
    expect(trail.events.map((e) => `${e.event}/${e.source}`)).toEqual(['created/ledger', 'played/read', 'refused/read', 'held/ledger', 'retention/ledger', 'downloaded/read', 'exported/export', 'purged/ledger', 'purged/deletion']);
    const times = trail.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(trail.events[0]).toMatchObject({ action: 'mobile_recording.uploaded', actor: { name: '张伟(婺城执法)' }, ledger: { id: expect.any(String) } });
    expect(trail.events.at(-1)).toMatchObject({ action: 'retention.ordinary', source: 'deletion' });
    // Found by its hash as well.
    expect((await json<TrailBody>(await auditor.get(`/api/audit/records?sha256=${blobSha}`))).record).toMatchObject({ kind: 'mobile_recording', id: mobile });
  });

  it('refuses another district’s trail to a district head (403) and shows it to the city head and the auditor', async () => {
    expect((await headWc.get(`/api/audit/records/mobile_recording/${other}`)).status).toBe(403);
    expect((await cityHead.get(`/api/audit/records/mobile_recording/${other}`)).status).toBe(200);
    expect((await auditor.get(`/api/audit/records/mobile_recording/${other}`)).status).toBe(200);
    expect((await officerWc.get(`/api/audit/records/mobile_recording/${mobile}`)).status).toBe(403);
    // A record the access layer places (a device of each district), with no reads at all.
    const device = async (business: string) => (await t.db.selectFrom('devices').select('id').where('business_id', '=', biz[business]).executeTakeFirstOrThrow()).id;
    expect((await headWc.get(`/api/audit/records/recording/${await device('婺城区人民医院')}`)).status).toBe(200);
    expect((await headWc.get(`/api/audit/records/recording/${await device('金东区江滨宾馆有限公司')}`)).status).toBe(403);
    expect((await auditor.get(`/api/audit/records/mobile_recording/${randomUUID()}`)).status).toBe(404);
    expect((await auditor.get(`/api/audit/records/nonsense/${mobile}`)).status).toBe(400);
  });

  it('prints the trail as a PDF; the print is ledgered and logged as a read, and shows in the trail', async () => {
    const res = await headWc.get(`/api/audit/records/mobile_recording/${mobile}/trail.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Through the read path (api/records): a 'print' row of the record, finished with the PDF's bytes.
    expect(await servedRead(t.db, res)).toMatchObject({ outcome: 'served', action: 'print', record_kind: 'mobile_recording', record_id: mobile, sha256: blobSha, bytes: String(pdf.length), user_id: headWc.user.id });
    writeFileSync(path.join(os.tmpdir(), 'vigil-audit-trail.pdf'), pdf);
    const entry = await t.db.selectFrom('ledger_entries').select(['actor_id', 'entity_type', 'entity_id', 'context']).where('action', '=', 'audit.trail_printed').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: headWc.user.id, entity_type: 'mobile_recording', entity_id: mobile, context: { sha256: blobSha, events: 9 } });
    const read = await t.db.selectFrom('record_reads').selectAll().where('action', '=', 'print').executeTakeFirstOrThrow();
    expect(read).toMatchObject({ user_id: headWc.user.id, user_name: '婺城负责人', role: 'manager', record_kind: 'mobile_recording', record_id: mobile, sha256: blobSha, agency_path: paths['330702'] });
    const trail = await json<TrailBody>(await auditor.get(`/api/audit/records/mobile_recording/${mobile}`));
    expect(trail.events.slice(-2).map((e) => `${e.event}/${e.source}`).sort()).toEqual(['printed/ledger', 'printed/read']);
    // Another district's record is not printed either.
    expect((await headWc.get(`/api/audit/records/mobile_recording/${other}/trail.pdf`)).status).toBe(403);
  });
});
