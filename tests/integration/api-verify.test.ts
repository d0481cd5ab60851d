import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_MAX_BYTES } from '../../api/consent/verify.routes.js';
import * as migration from '../../migrations/20261204T130000-add-consent-public-ref.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/log.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 11 item 6: the public verify link is throttled per client address, takes uploads sized to
// real documents, and is reached by an unguessable ref, not the sequential one.

let t: TestDatabase;
let api: TestApi;
let dir: string;
let stopMail: (() => Promise<void>) | undefined;
let officer: Session;
let consent: { id: string; ref: string; verifyRef: string };
const PUBLIC_REF = /^[0-9a-hjkmnp-tv-z]{20}$/;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-verify-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: mail.notifier, mailCaptured: true, verifyPerMinute: 10 });
  officer = await api.login('officer.wc');
  const biz = await api.login('biz.hosp');
  const { consent: signed } = await consentedDevice(t.db, officer, biz);
  consent = (await (await officer.get(`/api/consents/${signed.id}`)).json()) as typeof consent;
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A request from one client address (the socket peer; no proxy is trusted here). */
const from = (ip: string, p: string, init?: RequestInit) => api.app.request(p, init, { incoming: { socket: { remoteAddress: ip, remotePort: 50000, remoteFamily: 'IPv4' } } });
const postPdf = (ip: string, ref: string, bytes: Uint8Array) => from(ip, `/api/verify/${ref}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) });

describe('public verify refs', () => {
  it('a new consent has a random 100-bit public ref, printed in its QR link instead of the sequential one', async () => {
    expect(consent.ref).toMatch(/^QR\d{4}-\d{6}$/);
    expect(consent.verifyRef).toMatch(PUBLIC_REF);
    const pdf = Buffer.from(await (await officer.get(`/api/consents/${consent.id}/confirmation.pdf`)).arrayBuffer());
    const file = path.join(dir, 'confirmation.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, '');
    expect(text).toContain(`/verify/${consent.verifyRef}`);
    expect(text).not.toContain(`/verify/${consent.ref}`);
    expect((await from('192.0.2.1', `/api/verify/${consent.verifyRef}`)).status).toBe(200);
    // The sequential ref is no way in: counting through refs finds nothing.
    expect((await from('192.0.2.1', `/api/verify/${consent.ref}`)).status).toBe(404);
  });

  it('refs drawn by the database are unique and all 20 base32 characters', async () => {
    const { rows } = await sql<{ r: string }>`SELECT consent_public_ref() AS r FROM generate_series(1, 500)`.execute(t.db);
    expect(rows.every((x) => PUBLIC_REF.test(x.r))).toBe(true);
    expect(new Set(rows.map((x) => x.r)).size).toBe(500);
    // Every base32 character turns up, in every position taken together: no fixed or biased bits.
    expect(new Set(rows.flatMap((x) => [...x.r])).size).toBe(32);
  });

  it('a consent sent before refs were random keeps its printed sequential ref; a public ref never changes', async () => {
    const c = await t.db.selectFrom('consents').selectAll().where('id', '=', consent.id).executeTakeFirstOrThrow();
    const legacy = await t.db
      .insertInto('consents')
      .values({ ref: 'QR2025-000077', public_ref: 'QR2025-000077', business_id: c.business_id, site_id: c.site_id, agency_id: c.agency_id, status: 'expired', purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2025-01-01', valid_until: '2025-12-31', template_id: c.template_id, template_version: c.template_version, statements: '[]', created_by: c.created_by, proposed_at: new Date('2025-01-01'), signed_at: new Date('2025-01-02') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const info = (await (await from('192.0.2.2', '/api/verify/QR2025-000077')).json()) as { ref: string; status: string };
    expect(info).toMatchObject({ ref: 'QR2025-000077', status: 'expired' });
    await expect(t.db.updateTable('consents').set({ public_ref: 'abcdefghjkmnpqrstvwx' }).where('id', '=', legacy.id).execute()).rejects.toThrow(/never changed/);
  });
});

describe('public verify throttle and size', () => {
  it('answers 429 with Retry-After past 10 requests a minute from one address, GET and POST together; others are unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await from('198.51.100.50', `/api/verify/${consent.verifyRef}`)).status);
    statuses.push((await postPdf('198.51.100.50', consent.verifyRef, new TextEncoder().encode('%PDF-1.7 not this one'))).status);
    statuses.push((await from('198.51.100.50', `/api/verify/aaaaaaaaaaaaaaaaaaaa`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 422, 404]);
    const held = await from('198.51.100.50', `/api/verify/${consent.verifyRef}`);
    expect(held.status).toBe(429);
    expect(((await held.json()) as { code: string }).code).toBe('rate_limited');
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await postPdf('198.51.100.50', consent.verifyRef, new TextEncoder().encode('%PDF-1.7'))).status).toBe(429);
    expect((await from('198.51.100.51', `/api/verify/${consent.verifyRef}`)).status).toBe(200);
  });

  it('refuses an upload over 5 MB with 413 and takes one just under it', async () => {
    expect(VERIFY_MAX_BYTES).toBe(5 * 1024 * 1024);
    const big = new Uint8Array(VERIFY_MAX_BYTES + 1);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const res = await postPdf('203.0.113.80', consent.verifyRef, big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
    const fits = new Uint8Array(VERIFY_MAX_BYTES - 1024);
    fits.set(new TextEncoder().encode('%PDF-1.7\n'));
    expect((await postPdf('203.0.113.81', consent.verifyRef, fits)).status).toBe(422);
  });
});

// Last in this file: it re-runs the migration over this file's data.
describe('the migration that added public refs', () => {
  it('keeps the sequential ref of consents already sent (their paper carries it) and draws a random one for drafts', async () => {
    const c = await t.admin.selectFrom('consents').selectAll().where('id', '=', consent.id).executeTakeFirstOrThrow();
    await migration.down(t.admin as never);
    const draft = await t.admin
      .insertInto('consents')
      .values({ ref: 'QR2026-000555', business_id: c.business_id, site_id: c.site_id, agency_id: c.agency_id, purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2026-01-01', valid_until: '2026-12-31', template_id: c.template_id, template_version: c.template_version, statements: '[]', created_by: c.created_by } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await migration.up(t.admin as never);
    const rows = await t.admin.selectFrom('consents').select(['id', 'ref', 'public_ref']).where('id', 'in', [consent.id, draft.id]).execute();
    expect(rows.find((r) => r.id === consent.id)!.public_ref).toBe(consent.ref);
    const d = rows.find((r) => r.id === draft.id)!;
    expect(d.public_ref).toMatch(PUBLIC_REF);
    expect((await from('192.0.2.99', `/api/verify/${consent.ref}`)).status).toBe(200);
  });
});
