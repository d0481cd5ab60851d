import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDenialLedger } from '../../api/auth/denial-ledger.js';
import { createLogger } from '../../core/log.js';
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

// Issue 11 item 7: throttling that neither locks the real user out nor floods the ledger, with
// the client address taken from X-Forwarded-For only behind a trusted proxy.
describe('login throttling by (account, address)', () => {
  const from = (app: TestApi['app'], peer: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(
      '/api/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
      { incoming: { socket: { remoteAddress: peer, remotePort: 40000, remoteFamily: peer.includes(':') ? 'IPv6' : 'IPv4' } } },
    );
  const failedFrom = async (username: string) =>
    (await t.db.selectFrom('ledger_entries').select('context').where('action', '=', 'auth.login_failed').orderBy('recorded_at', 'desc').execute())
      .map((r) => r.context as { username: string; ip: string | null })
      .filter((c) => c.username === username);

  it('an attacker throttled on an account does not lock its real user out from another address', async () => {
    const l = api.logins.find((x) => x.username === 'officer.jd')!;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await from(api.app, '203.0.113.66', { username: 'officer.jd', password: `guess-${i}-x` })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Even the right password is held back from the attacker's address…
    expect((await from(api.app, '203.0.113.66', { username: 'officer.jd', password: l.password })).status).toBe(429);
    // …but the real user, elsewhere, logs in; and the attacker's address may still log in to other accounts.
    expect((await from(api.app, '198.51.100.7', { username: 'officer.jd', password: l.password })).status).toBe(200);
    const other = api.logins.find((x) => x.username === 'biz.hotel')!;
    expect((await from(api.app, '203.0.113.66', { username: 'biz.hotel', password: other.password })).status).toBe(200);
  });

  it('200 throttled attempts write one ledger entry per window whose count adds up', async () => {
    const denials = createDenialLedger({ db: t.db, log: createLogger('silent'), windowMs: 60_000 });
    const own = await createTestApi(t, { loginMaxAttempts: 2, denials });
    let throttled = 0;
    for (let i = 0; i < 202; i++) {
      const res = await from(own.app, '192.0.2.44', { username: 'legal.jh', password: 'wrong-wrong-1' });
      if (res.status === 429) throttled++;
      else expect(res.status).toBe(401);
    }
    expect(throttled).toBe(200);
    await denials.close();
    const entries = (await t.db.selectFrom('ledger_entries').select(['context', 'actor_type']).where('action', '=', 'auth.login_throttled').execute()).filter(
      (e) => (e.context as { address?: string } | null)?.address === '192.0.2.44',
    );
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.length).toBeLessThanOrEqual(3);
    const contexts = entries.map((e) => e.context as { count: number; account: string; address: string; first: string; last: string });
    expect(contexts.reduce((n, c) => n + c.count, 0)).toBe(200);
    expect(contexts.every((c) => c.account === 'legal.jh' && c.first <= c.last)).toBe(true);
    expect(entries.every((e) => e.actor_type === 'anonymous')).toBe(true);
    expect(denials.pending()).toBe(0);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a forged header neither moves the address nor escapes the throttle', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await from(api.app, '10.9.9.9', { username: 'admin', password: 'nope-nope-1' }, { 'x-forwarded-for': `198.51.100.${i + 1}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    const seen = await failedFrom('admin');
    expect(seen.slice(0, 3).map((c) => c.ip)).toEqual(['10.9.9.9', '10.9.9.9', '10.9.9.9']);
  });

  it('honours X-Forwarded-For from a trusted proxy, skipping trusted hops right to left', async () => {
    const behind = await createTestApi(t, { trustProxy: { kind: 'list', cidrs: ['10.0.0.0/8', '::1'] } });
    const login = (peer: string, xff?: string) => from(behind.app, peer, { username: 'manager.jh', password: 'not-the-one-1' }, xff ? { 'x-forwarded-for': xff } : {});
    expect((await login('10.0.0.5', '1.2.3.4, 198.51.100.23, 10.0.0.3')).status).toBe(401);
    expect((await failedFrom('manager.jh'))[0].ip).toBe('198.51.100.23');
    // An untrusted peer's header is ignored.
    expect((await login('192.0.2.9', '198.51.100.24')).status).toBe(401);
    expect((await failedFrom('manager.jh'))[0].ip).toBe('192.0.2.9');
    // IPv4-mapped peers count as their IPv4 address.
    expect((await login('::ffff:10.1.2.3', '198.51.100.25')).status).toBe(401);
    expect((await failedFrom('manager.jh'))[0].ip).toBe('198.51.100.25');
  });
});
