import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

/** System administration (R12): accounts and agencies, each change ledgered and read back as the record's audit. */
let t: TestDatabase;
let api: TestApi;
let admin: Session;
let officer: Session;
let auditor: Session;
let wc: string;
let jd: string;
type Account = { id: string; username: string; role: string; agencyId: string; status: string; version: number };
type Audit = { items: { action: string; actorName: string; reason: string | null }[] };

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  admin = await api.login('admin');
  officer = await api.login('officer.wc');
  auditor = await api.login('auditor.zj');
  const agencies = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; code: string }[] };
  wc = agencies.items.find((a) => a.code === '330702')!.id;
  jd = agencies.items.find((a) => a.code === '330703')!.id;
});
afterAll(async () => t.destroy());

const loginStatus = async (username: string, password: string) =>
  (await api.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).status;

describe('account administration', () => {
  it('an admin creates an account, changes its role and agency, disables, enables and resets it; each step is in its audit', async () => {
    const created = await admin.post('/api/admin/users', { username: 'Officer.New', displayName: '新执法人员', role: 'officer', agencyId: wc });
    expect(created.status).toBe(201);
    const { user, oneTimePassword } = (await created.json()) as { user: Account; oneTimePassword: string };
    expect(user).toMatchObject({ username: 'officer.new', role: 'officer', agencyId: wc, status: 'active' });
    expect(await loginStatus('officer.new', oneTimePassword)).toBe(200);

    const changed = await admin.patch(`/api/admin/users/${user.id}`, { role: 'manager', agencyId: jd, version: user.version, reason: '调岗' });
    expect(changed.status).toBe(200);
    const after = (await changed.json()) as Account;
    expect(after).toMatchObject({ role: 'manager', agencyId: jd });
    // A stale version is refused, not silently applied.
    expect((await admin.patch(`/api/admin/users/${user.id}`, { displayName: 'x', version: user.version, reason: '旧版本' })).status).toBe(409);

    expect((await admin.post(`/api/admin/users/${user.id}/disable`, { reason: '离职' })).status).toBe(200);
    expect(await loginStatus('officer.new', oneTimePassword)).toBe(401);
    expect((await admin.post(`/api/admin/users/${user.id}/enable`, { reason: '返岗' })).status).toBe(200);

    const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`, { reason: '忘记密码' });
    expect(reset.status).toBe(200);
    const fresh = ((await reset.json()) as { oneTimePassword: string }).oneTimePassword;
    expect(fresh).not.toBe(oneTimePassword);
    expect(await loginStatus('officer.new', oneTimePassword)).toBe(401);
    expect(await loginStatus('officer.new', fresh)).toBe(200);

    const all = (await (await admin.get(`/api/admin/users/${user.id}/history`)).json()) as Audit;
    // Refused logins of the account are part of its audit too (the disabled one and the old password).
    expect(all.items.filter((i) => i.action === 'auth.login_failed').map((i) => i.reason)).toEqual(['wrong_password', 'disabled']);
    const audit = { items: all.items.filter((i) => i.action.startsWith('user.')) };
    expect(audit.items.map((i) => i.action)).toEqual(['user.password_reset', 'user.enabled', 'user.disabled', 'user.updated', 'user.created']);
    expect(audit.items.map((i) => i.reason)).toEqual(['忘记密码', '返岗', '离职', '调岗', null]);
    expect(new Set(audit.items.map((i) => i.actorName))).toEqual(new Set(['系统管理员']));
    const state = await t.db.selectFrom('ledger_entries').select('state').where('action', '=', 'user.password_reset').where('entity_id', '=', user.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(state.state)).not.toContain('password_hash');
  });

  it('a taken username and a bad role are refused at their fields', async () => {
    const taken = (await (await admin.post('/api/admin/users', { username: 'officer.wc', displayName: '重名', role: 'officer', agencyId: wc })).json()) as { issues: { path: string[]; code: string }[] };
    expect(taken.issues).toContainEqual(expect.objectContaining({ path: ['username'], code: 'user.username_taken' }));
    const role = (await (await admin.post('/api/admin/users', { username: 'someone', displayName: '角色', role: 'king', agencyId: wc })).json()) as { issues: { path: string[]; code: string; message: string }[] };
    expect(role.issues).toContainEqual(expect.objectContaining({ path: ['role'], code: 'invalid_choice', message: '请从列表中选择' }));
  });

  it('only admins administer accounts', async () => {
    expect((await officer.get('/api/admin/users')).status).toBe(403);
    expect((await auditor.post('/api/admin/users', { username: 'sneaky', displayName: 'x', role: 'admin', agencyId: wc })).status).toBe(403);
  });
});

describe('agency administration', () => {
  it('creates and renames an agency under the tree, with its audit', async () => {
    const city = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; level: string }[] };
    const parent = city.items.find((a) => a.level === 'city')!.id;
    const res = await admin.post('/api/admin/agencies', { parentId: parent, name: '测试区卫生健康局', shortName: '测', code: '330799' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await admin.patch(`/api/admin/agencies/${id}`, { name: '测试区卫生健康综合执法队', reason: '机构更名' })).status).toBe(200);
    const tree = (await (await admin.get('/api/agencies')).json()) as { items: { id: string; parentId: string; name: string; shortName: string }[] };
    expect(tree.items.find((a) => a.id === id)).toMatchObject({ parentId: parent, name: '测试区卫生健康综合执法队', shortName: '测' });
    const audit = (await (await admin.get(`/api/admin/agencies/${id}/history`)).json()) as Audit;
    expect(audit.items.map((i) => [i.action, i.reason])).toEqual([['agency.updated', '机构更名'], ['agency.created', null]]);
    const dup = (await (await admin.post('/api/admin/agencies', { parentId: parent, name: '重复', shortName: '重', code: '330799' })).json()) as { issues: { path: string[]; code: string }[] };
    expect(dup.issues).toContainEqual(expect.objectContaining({ path: ['code'], code: 'agency.code_taken' }));
    const district = (await (await admin.post('/api/admin/agencies', { parentId: wc, name: '下级', shortName: '下', code: '330798' })).json()) as { issues: { path: string[]; code: string }[] };
    expect(district.issues).toContainEqual(expect.objectContaining({ path: ['parentId'], code: 'agency.no_lower_level' }));
  });
});

describe('the auditor reads the ledger', () => {
  it('sees logins and refusals (access) and account changes (administration); an officer may not', async () => {
    await loginStatus('officer.wc', 'wrong-password-1');
    const access = (await (await auditor.get('/api/audit/entries?kind=access')).json()) as { items: { action: string; subjectName: string | null }[] };
    expect(access.items.map((i) => i.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed']));
    const adminEntries = (await (await auditor.get('/api/audit/entries?kind=administration')).json()) as { items: { action: string }[] };
    expect(adminEntries.items.map((i) => i.action)).toEqual(expect.arrayContaining(['user.created', 'user.disabled', 'user.password_reset', 'agency.created']));
    const status = (await (await auditor.get('/api/audit/status')).json()) as { entries: number };
    expect(status.entries).toBeGreaterThan(0);
    expect((await officer.get('/api/audit/entries')).status).toBe(403);
  });
});
