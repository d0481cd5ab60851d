import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'socket.io-client';
import { PERMISSIONS } from '../../core/access/permissions.js';
import { createLogger } from '../../core/log.js';
import { createSessionService } from '../../api/auth/session.service.js';
import { listen } from '../../api/server.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { waitFor } from '../support/wait.js';

let t: TestDatabase;
let api: TestApi;
beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
});
afterAll(async () => t.destroy());

type Operation = { 'x-permission'?: string | string[] };
const openapi = async () => (await (await api.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> };

describe('every route is declared with its permission and its schema', () => {
  it('lists every /api route of the app in /api/openapi.json, each with a known permission', async () => {
    const doc = await openapi();
    const routes = api.app.routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && r.path !== '/api/*' && r.path !== '/api/openapi.json')
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}') }));
    expect(routes.length).toBeGreaterThan(60);
    const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    const known = new Set<string>([...Object.keys(PERMISSIONS), 'public', 'account']);
    const undeclared = routes.filter((r) => {
      const p = doc.paths[r.path][r.method]['x-permission'];
      return p === undefined || (Array.isArray(p) ? p : [p]).some((x) => !known.has(x));
    });
    expect(undeclared).toEqual([]);
    // What the document lacked before: recordings, live view, pictures, clips and uploads.
    for (const [method, p] of [
      ['get', '/api/recordings/{id}/media'],
      ['get', '/api/devices/{id}/live.flv'],
      ['get', '/api/devices/{id}/recordings'],
      ['post', '/api/portal/findings/{id}/attachments'],
      ['post', '/api/consents/{id}/notice-photos'],
      ['get', '/api/flags/{flagId}/clip.mp4'],
    ]) expect(doc.paths[p]?.[method]?.['x-permission'], `${method} ${p}`).toBeTruthy();
    expect(doc.paths['/api/recordings/{id}/media'].get['x-permission']).toBe('media.view');
  });

  it('gives the legal reviewer a permission of its own, held by no other role', () => {
    expect(PERMISSIONS['legal_review.perform']).toEqual(['legal_reviewer']);
  });
});

describe('ledger proofs only for entries in the caller’s scope', () => {
  const entryOf = async (action: string, entityId?: string) => {
    let q = t.db.selectFrom('ledger_entries').select('id').where('action', '=', action);
    if (entityId) q = q.where('entity_id', '=', entityId);
    return (await q.orderBy('id').executeTakeFirstOrThrow()).id;
  };
  const businessId = async (name: string) => (await t.db.selectFrom('businesses').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

  it('refuses (403, ledgered) another district’s entry and lets the district itself and the city ask', async () => {
    const hotel = await entryOf('business.created', await businessId('金东区江滨宾馆有限公司'));
    const [wc, jd, city] = [await api.login('officer.wc'), await api.login('officer.jd'), await api.login('manager.jh')];
    const before = await t.db.selectFrom('ledger_entries').select('id').where('action', '=', 'access.denied').execute();
    const refused = await wc.get(`/api/ledger/entries/${hotel}/proof`);
    expect(refused.status).toBe(403);
    const denials = await t.db.selectFrom('ledger_entries').select(['id', 'context']).where('action', '=', 'access.denied').execute();
    expect(denials.length).toBe(before.length + 1);
    expect(JSON.stringify(denials.at(-1)!.context)).toContain(`/api/ledger/entries/${hotel}/proof`);
    // Not sealed in this test (no sealer runs): allowed callers get past the access check to 404.
    expect((await jd.get(`/api/ledger/entries/${hotel}/proof`)).status).toBe(404);
    expect((await city.get(`/api/ledger/entries/${hotel}/proof`)).status).toBe(404);
  });

  it('keeps platform entries (sessions) to administrators and auditors, and all proofs from businesses', async () => {
    await api.login('officer.wc');
    const login = await entryOf('auth.login');
    const [wc, admin, auditor, biz] = [await api.login('officer.wc'), await api.login('admin'), await api.login('auditor.zj'), await api.login('biz.hosp')];
    expect((await wc.get(`/api/ledger/entries/${login}/proof`)).status).toBe(403);
    expect((await admin.get(`/api/ledger/entries/${login}/proof`)).status).toBe(404);
    expect((await auditor.get(`/api/ledger/entries/${login}/proof`)).status).toBe(404);
    const own = await entryOf('business.created', await businessId('婺城区人民医院'));
    expect((await biz.get(`/api/ledger/entries/${own}/proof`)).status).toBe(403);
    expect((await wc.get('/api/ledger/entries/99999999/proof')).status).toBe(404);
  });
});

describe('roles by the one table', () => {
  it('lets the legal reviewer read flags and the queue but not decide them; an archivist does not watch live video', async () => {
    const legal = await api.login('legal.jh');
    expect((await legal.get('/api/flags')).status).toBe(200);
    expect((await legal.get('/api/review/queue')).status).toBe(200);
    expect((await legal.post('/api/flags/00000000-0000-4000-8000-000000000000/open', {})).status).toBe(403);
    expect((await legal.get('/api/review/assignees')).status).toBe(403);
    const device = (await t.db.selectFrom('devices').select('id').executeTakeFirstOrThrow()).id;
    const archivist = await api.login('archivist.jh');
    expect((await archivist.get(`/api/devices/${device}/recordings`)).status).toBe(403);
    const me = (await (await legal.get('/api/auth/me')).json()) as { user: { permissions: string[] } };
    expect(me.user.permissions).toContain('legal_review.perform');
    expect(me.user.permissions).not.toContain('flag.review');
  });

  it('answers 401 without a session on every declared route that is not public', async () => {
    const doc = await openapi();
    const closed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).filter(([, op]) => op['x-permission'] !== 'public').map(([m]) => ({ m, p })));
    for (const { m, p } of closed) {
      const url = p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await api.app.request(url, { method: m.toUpperCase(), headers: { 'content-type': 'application/json' }, body: m === 'get' ? undefined : '{}' });
      expect(res.status, `${m} ${p}`).toBe(401);
    }
  });
});

describe('sockets hear only their scope and stop with their session', () => {
  it('routes registry events to the record’s agency chain and business only; closes sockets at logout and expiry', async () => {
    const sessions = createSessionService(t.db, 3600_000);
    const server = await listen({ fetch: api.app.fetch, host: '127.0.0.1', port: 0, events: api.events, resolveSession: sessions.resolve, sessionsStillValid: sessions.stillValid, log: createLogger('silent'), db: t.db, sessionCheckMs: 200 });
    const sockets: Socket[] = [];
    const open = async (s: Session) => {
      const socket = connect(`http://127.0.0.1:${server.port}`, { transports: ['websocket'], extraHeaders: { cookie: s.cookie }, reconnection: false });
      sockets.push(socket);
      const got: { entity: string; id: string }[] = [];
      let disconnected = false;
      socket.on('registry:changed', (p: { entity: string; id: string }) => got.push(p));
      socket.on('disconnect', () => (disconnected = true));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return { got, closed: () => disconnected };
    };
    try {
      const [wcS, jdS, cityS, hospS, hotelS] = [await api.login('officer.wc'), await api.login('officer.jd'), await api.login('manager.jh'), await api.login('biz.hosp'), await api.login('biz.hotel')];
      const [wc, jd, city, hosp, hotel] = [await open(wcS), await open(jdS), await open(cityS), await open(hospS), await open(hotelS)];
      const hospId = hospS.user.businessId!;
      const hotelId = hotelS.user.businessId!;
      api.events.emit('registry:changed', { entity: 'business', id: hospId });
      api.events.emit('registry:changed', { entity: 'business', id: hotelId });
      await waitFor('the city hears both', async () => city.got.length === 2);
      await waitFor('each district and business hears its own', async () => wc.got.length + jd.got.length + hosp.got.length + hotel.got.length === 4);
      expect(wc.got.map((e) => e.id)).toEqual([hospId]);
      expect(hosp.got.map((e) => e.id)).toEqual([hospId]);
      expect(jd.got.map((e) => e.id)).toEqual([hotelId]);
      expect(hotel.got.map((e) => e.id)).toEqual([hotelId]);

      // Logout closes that session's sockets at once; the others stay.
      expect((await wcS.post('/api/auth/logout')).status).toBe(204);
      await waitFor('the logged-out socket is closed', async () => wc.closed());
      expect(jd.closed()).toBe(false);
      // An expired session's sockets are closed by the sweep.
      await t.admin.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', hotelS.user.id).execute();
      await waitFor('the expired socket is closed', async () => hotel.closed());
      api.events.emit('registry:changed', { entity: 'business', id: hospId });
      await waitFor('the city still hears', async () => city.got.length === 3);
      expect(wc.got.length).toBe(1);
      expect(hosp.closed()).toBe(false);
    } finally {
      sockets.forEach((s) => s.close());
      await server.close();
    }
  });
});
