import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner, type LedgerSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { checkEntities } from '../../core/ledger/entity-check.js';
import { createLogger } from '../../core/log.js';
import { deletionMessage, purgeExpiredRecordings } from '../../core/retention/recording-retention.js';
import { seedDemo } from '../../api/demo/demo.seed.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// R11 against a real PostgreSQL and blob store: only ordinary recordings past their period go,
// each with a signed deletion record; evidence, held and recent material stay; verify passes.
const log = createLogger('silent');
let t: TestDatabase;
let dir: string;
let blobs: BlobStore;
let signer: LedgerSigner;
const seg: Record<string, { id: string; sha: string }> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-retention-'));
  blobs = createFsBlobStore(path.join(dir, 'blobs'));
  signer = loadOrCreateSigner(path.join(dir, 'keys'));
  // A consent, credential and session as recording needs them, written as the platform would.
  const device = await t.db.selectFrom('devices').innerJoin('businesses as b', 'b.id', 'devices.business_id').select(['devices.id', 'devices.site_id', 'devices.business_id', 'b.agency_id']).where('b.category', '=', 'medical').executeTakeFirstOrThrow();
  const user = await t.db.selectFrom('users').select('id').where('username', '=', 'officer.wc').executeTakeFirstOrThrow();
  const consent = await t.db.insertInto('consents').values({ ref: 'QR2026-900001', business_id: device.business_id, site_id: device.site_id, agency_id: device.agency_id, purpose: 'p', analysis: 'a', retention: 'r', viewers: 'v', valid_from: '2025-01-01', valid_until: '2027-01-01', template_id: 'device-consent', template_version: 'v1', statements: '[]', created_by: user.id }).returning('id').executeTakeFirstOrThrow();
  const cred = await t.db.insertInto('device_credentials').values({ device_id: device.id, key_prefix: 'abcdefghij', key_sha256: '0'.repeat(64), created_by: user.id }).returning('id').executeTakeFirstOrThrow();
  const session = await t.db.insertInto('publish_sessions').values({ device_id: device.id, consent_id: consent.id, credential_id: cred.id, ip: '127.0.0.1', instance: 'test', started_at: new Date('2025-01-01T00:00:00Z'), ended_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  const make = async (name: string, seq: number, endedDaysAgo: number, retention: 'ordinary' | 'evidence' | 'held') => {
    const b = await blobs.put(Buffer.from(`FLV segment ${name} ${Math.random()}`), 'video/x-flv');
    const ended = new Date(Date.now() - endedDaysAgo * 86400_000);
    const id = await t.db.transaction().execute(async (trx) => {
      await recordBlob(trx, { ...b, mediaType: 'video/x-flv' });
      const row = await trx.insertInto('recording_segments').values({ device_id: device.id, session_id: session.id, seq, blob_sha256: b.sha256, size: b.size, started_at: new Date(ended.getTime() - 10_000), ended_at: ended, stream_start_ms: seq * 10_000, stream_end_ms: seq * 10_000 + 10_000, clock_offset_ms: 0, retention_class: retention }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: { type: 'device', id: device.id }, action: 'recording.segment_stored', entityType: 'recording_segment', entityId: row.id, state: row });
      return row.id;
    });
    seg[name] = { id, sha: b.sha256 };
  };
  await make('old', 1, 200, 'ordinary');
  await make('old2', 2, 190, 'ordinary');
  await make('evidence', 3, 400, 'evidence');
  await make('held', 4, 400, 'held');
  await make('recent', 5, 30, 'ordinary');
  await make('medicalYear', 6, 300, 'ordinary');
  // An old ordinary segment that covers a flag: the flag's evidence, kept.
  await make('flagged', 7, 250, 'ordinary');
  const flagged = await t.db.selectFrom('recording_segments').selectAll().where('id', '=', seg.flagged.id).executeTakeFirstOrThrow();
  await t.db.transaction().execute(async (trx) => {
    const f = await trx.insertInto('flags').values({ dedupe_key: `${device.id}:tamper:camera_covered:1`, device_id: device.id, site_id: device.site_id, business_id: device.business_id, agency_id: device.agency_id, category: 'medical', source: 'tamper', type: 'camera_covered', analyzer: 'test', state: 'ended', started_at: flagged.started_at, ended_at: flagged.ended_at, detail: '{}' }).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, { actor: { type: 'system', id: 'test' }, action: 'flag.raised', entityType: 'flag', entityId: f.id, state: f });
    await trx.insertInto('flag_segments').values({ flag_id: f.id, segment_id: seg.flagged.id }).execute();
  });
});
afterAll(async () => {
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('recording retention', () => {
  it('purges only expired ordinary recordings, per category, with signed deletion records; verify passes', async () => {
    // With medical recordings kept a year, none of these medical-site segments is due yet.
    const r1 = await purgeExpiredRecordings({ db: t.db, blobs, signer, policy: { ordinaryDays: 183, byCategory: { medical: 365 } }, log });
    expect(r1.purged).toBe(0);
    const r2 = await purgeExpiredRecordings({ db: t.db, blobs, signer, policy: { ordinaryDays: 183, byCategory: {} }, log });
    expect(r2.purged).toBe(3); // old, old2, medicalYear (300 d > 183 d)
    for (const name of ['old', 'old2', 'medicalYear']) {
      expect(await blobs.has(seg[name].sha)).toBe(false);
      const d = await t.db.selectFrom('blob_deletions').selectAll().where('sha256', '=', seg[name].sha).executeTakeFirstOrThrow();
      expect(d.rule).toBe('recording.ordinary.183d');
      expect(signer.verify(deletionMessage({ sha256: d.sha256, size: d.size, rule: d.rule, subject: d.subject, deletedAt: d.deleted_at }), d.signature)).toBe(true);
      expect(await t.db.selectFrom('ledger_entries').select('action').where('entity_id', '=', seg[name].id).where('action', '=', 'recording.purged').executeTakeFirst()).toBeTruthy();
    }
    for (const name of ['evidence', 'held', 'recent', 'flagged']) expect(await blobs.has(seg[name].sha)).toBe(true);
    expect((await purgeExpiredRecordings({ db: t.db, blobs, signer, policy: { ordinaryDays: 183, byCategory: {} }, log })).purged).toBe(0);

    const sealer = createSealer({ db: t.db, log, signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 1000 });
    await sealer.sealOnce();
    await sealer.checkpointNow();
    await sealer.stop();
    const v = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: blobs });
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    // Segment rows (purge marks included) match their ledger entries (the fixture's consent and session rows were written directly).
    expect((await checkEntities(t.admin)).problems.filter((p) => p.id.startsWith('recording_segment/'))).toEqual([]);
  });

  it('a forged deletion record (bytes removed behind the platform) fails verify', async () => {
    await blobs.remove(seg.recent.sha);
    const v1 = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: blobs });
    expect(v1.problems.map((p) => p.kind)).toContain('blob_missing');
    await sql`INSERT INTO blob_deletions (sha256, size, rule, subject, deleted_at, key_id, signature) VALUES (${seg.recent.sha}, 1, 'forged', '{}', now(), ${signer.keyId}, ${Buffer.alloc(64)})`.execute(t.admin);
    const v2 = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: blobs });
    expect(v2.problems.map((p) => p.kind)).toContain('deletion_signature');
  });
});
