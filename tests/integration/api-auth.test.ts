import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let api: TestApi;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t, { loginMaxAttempts: 3 });
});
afterAll(async () => t.destroy());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('login, session cookie, CSRF, logout', () => {
  it('logs in with an httpOnly cookie and returns the user', async () => {
    const l = api.logins.find((x) => x.username === 'officer.wc')!;
    const res = await post('/api/auth/login', { username: 'OFFICER.WC ', password: l.password });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/vigil_session=[A-Za-z0-9_-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await res.json()) as { user: { role: string; agencyName: string }; csrfToken: string };
    expect(body.user.role).toBe('officer');
    expect(body.user.agencyName).toBe('金华市婺城区卫生健康局');
    const entry = await t.db.selectFrom('ledger_entries').selectAll().where('action', '=', 'auth.login').executeTakeFirst();
    expect(entry?.actor_type).toBe('user');
  });

  it('refuses a wrong password with a localised message and ledgers the failure', async () => {
    const res = await post('/api/auth/login', { username: 'manager.jh', password: 'wrong-password-1' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { code: string; message: string; requestId: string };
    expect(body.code).toBe('invalid_credentials');
    expect(body.message).toBe('用户名或密码不正确');
    expect(body.requestId).toMatch(/[0-9a-f-]{36}/);
    const en = await post('/api/auth/login', { username: 'manager.jh', password: 'wrong-password-1' }, { 'accept-language': 'en-US,en' });
    expect(((await en.json()) as { message: string }).message).toBe('Wrong username or password');
    const failures = await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'auth.login_failed').execute();
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('rate-limits repeated failures, even with the right password afterwards', async () => {
    const l = api.logins.find((x) => x.username === 'archivist.jh')!;
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/login', { username: 'archivist.jh', password: 'nope-nope-1' })).status).toBe(401);
    const res = await post('/api/auth/login', { username: 'archivist.jh', password: l.password });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('needs the CSRF header for state changes', async () => {
    const s = await api.login('officer.jd');
    const res = await api.app.request('/api/auth/logout', { method: 'POST', headers: { cookie: s.cookie } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('csrf_failed');
    expect((await s.get('/api/auth/me')).status).toBe(200);
  });

  it('logout ends the session; the old cookie then reads as expired', async () => {
    const s = await api.login('legal.jh');
    expect((await s.post('/api/auth/logout')).status).toBe(204);
    const res = await s.get('/api/businesses');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('session_expired');
  });

  it('an unauthenticated request is refused', async () => {
    const res = await api.app.request('/api/businesses');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('unauthenticated');
  });

  it('changes the password: weak refused, wrong current refused, then only the new one works', async () => {
    const s = await api.login('auditor.zj');
    const other = await api.login('auditor.zj');
    const old = api.logins.find((x) => x.username === 'auditor.zj')!.password;
    let res = await s.post('/api/auth/password', { currentPassword: old, newPassword: 'short' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string[] }[] }).issues[0].path).toEqual(['newPassword']);
    res = await s.post('/api/auth/password', { currentPassword: 'not-it-123', newPassword: 'a-much-better-pw-9' });
    expect(res.status).toBe(400);
    res = await s.post('/api/auth/password', { currentPassword: old, newPassword: 'a-much-better-pw-9' });
    expect(res.status).toBe(204);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await s.get('/api/auth/me')).status).toBe(200);
    expect((await post('/api/auth/login', { username: 'auditor.zj', password: old })).status).toBe(401);
    expect((await post('/api/auth/login', { username: 'auditor.zj', password: 'a-much-better-pw-9' })).status).toBe(200);
    const row = await t.db.selectFrom('ledger_entries').select('state').where('action', '=', 'user.password_changed').executeTakeFirstOrThrow();
    expect(JSON.stringify(row.state)).not.toContain('scrypt');
  });
});
