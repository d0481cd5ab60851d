import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner, type LedgerSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { createLogger } from '../../core/log.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Every test tampers with a fresh, sealed ledger through the owner connection, the way an
// insider with database access would, and the verifier must name what was changed.
let dir: string;
let signer: LedgerSigner;
let t: TestDatabase;
let store: BlobStore;
let ids: string[];
let blobs: string[];

function newSealer(db: Db) {
  return createSealer({ db, log: createLogger('silent'), signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 20 });
}

/** Runs a change with the append-only triggers off, as only the table owner can. */
async function tamper(table: string, change: string): Promise<void> {
  await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`).execute(t.admin);
  try {
    await sql.raw(change).execute(t.admin);
  } finally {
    await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`).execute(t.admin);
  }
}

// Each test runs twice: on the main thread, and with the per-row work on two worker threads.
let workers = false;
const verify = () =>
  verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem, blobStore: store, batchSize: 16, ...(workers ? { dbUrl: t.adminUrl, workers: 2, workersFrom: 0 } : {}) });
const blobFile = (sha: string) => path.join(dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-verify-'));
  signer = loadOrCreateSigner(path.join(dir, 'keys'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A fresh database and blob store per test: tampering is destructive.
beforeEach(async () => {
  t = await createTestDatabase();
  rmSync(path.join(dir, 'blobs'), { recursive: true, force: true });
  store = createFsBlobStore(path.join(dir, 'blobs'));
  ids = [];
  blobs = [];
  const sealer = newSealer(t.db);
  for (let i = 0; i < 50; i++) {
    if (i === 20 || i === 40) await sealer.sealOnce(); // checkpoints at 20 and 40
    const state = { name: `Shop ${i}`, n: i, tags: ['a', 'b'] };
    ids.push(
      await t.db
        .transaction()
        .execute((trx) =>
          appendLedger(trx, { actor: { type: 'user', id: `u${i % 3}` }, action: 'business.update', entityType: 'business', entityId: `b${i}`, state, requestId: `r${i}`, context: { ip: '127.0.0.1' } }),
        ),
    );
  }
  for (let i = 0; i < 3; i++) {
    const b = await store.put(Buffer.from(`photo #${i}`), 'image/jpeg');
    await recordBlob(t.db, { ...b, mediaType: 'image/jpeg' });
    blobs.push(b.sha256);
  }
  await sealer.sealOnce();
  await sealer.checkpointNow(); // and at 50
  await sealer.stop();
});
afterEach(async () => {
  await t.destroy();
});

describe.each([['main thread', false], ['worker threads', true]])('verify catches tampering (%s)', (_mode, useWorkers) => {
  beforeAll(() => {
    workers = useWorkers;
  });
  it('an untouched ledger is intact', async () => {
    const r = await verify();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, entries: 50, checkpoints: 3, blobs: 3, firstProblem: null });
  });

  it("an entry's action edited → fails naming that entry", async () => {
    await tamper('ledger_entries', `UPDATE ledger_entries SET action = 'business.forged' WHERE id = ${ids[23]}`);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'entry_altered', id: ids[23] });
    expect(r.problems.filter((p) => p.kind === 'entry_altered').map((p) => p.id)).toEqual([ids[23]]);
  });

  it('an entry deleted with its chain row → fails naming the missing seq', async () => {
    const seq = (await t.admin.selectFrom('ledger_chain').select('seq').where('entry_id', '=', ids[10]).executeTakeFirstOrThrow()).seq;
    await tamper('ledger_chain', `DELETE FROM ledger_chain WHERE entry_id = ${ids[10]}`);
    await tamper('ledger_entries', `DELETE FROM ledger_entries WHERE id = ${ids[10]}`);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'missing_seq', id: `seq ${seq}` });
  });

  it('the last entries deleted → checkpoints past the end are reported', async () => {
    await tamper('ledger_chain', `DELETE FROM ledger_chain WHERE seq > 45`);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.kind)).toContain('checkpoint_beyond_chain');
  });

  it("an entry's state edited → state digest mismatch", async () => {
    await tamper('ledger_entries', `UPDATE ledger_entries SET state = jsonb_set(state::jsonb, '{name}', '"Forged Ltd"')::json WHERE id = ${ids[5]}`);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ kind: 'state_digest', id: ids[5] });
  });

  it("a checkpoint's root altered → root and signature problems", async () => {
    await tamper('ledger_checkpoints', `UPDATE ledger_checkpoints SET root_hash = sha256(root_hash) WHERE tree_size = 40`);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.kind, p.id])).toEqual([
      ['checkpoint_root', 'checkpoint 40'],
      ['checkpoint_signature', 'checkpoint 40'],
    ]);
  });

  it('a checkpoint re-signed with another key → signature problem', async () => {
    const other = loadOrCreateSigner(path.join(dir, 'other-keys'));
    await t.admin.insertInto('ledger_keys').values({ key_id: other.keyId, public_key: other.publicKeyPem }).execute();
    await tamper('ledger_checkpoints', `UPDATE ledger_checkpoints SET key_id = '${other.keyId}' WHERE tree_size = 20`);
    const r = await verify();
    expect(r.firstProblem).toMatchObject({ kind: 'checkpoint_signature', id: 'checkpoint 20' });
    expect(r.firstProblem?.message).toMatch(/not the ledger key/);
  });

  it('a stored tree node altered → tree problem', async () => {
    await tamper('ledger_tree_nodes', `UPDATE ledger_tree_nodes SET hash = sha256(hash) WHERE level = 3 AND idx = 2`);
    const r = await verify();
    expect(r.problems.map((p) => [p.kind, p.id])).toEqual([['tree_node', '3:2']]);
  });

  it("a blob file's bytes altered on disk → fails naming the blob", async () => {
    chmodSync(blobFile(blobs[1]), 0o644);
    writeFileSync(blobFile(blobs[1]), 'photo #1 (edited)');
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.firstProblem).toMatchObject({ id: blobs[1] });
    expect(['blob_hash', 'blob_size']).toContain(r.firstProblem?.kind);
  });

  it('a blob file with same-size edited bytes → hash mismatch', async () => {
    const file = blobFile(blobs[2]);
    chmodSync(file, 0o644);
    writeFileSync(file, 'photo #X');
    expect((await verify()).firstProblem).toMatchObject({ kind: 'blob_hash', id: blobs[2] });
  });

  it('a blob file deleted → fails naming the blob', async () => {
    unlinkSync(blobFile(blobs[0]));
    expect((await verify()).firstProblem).toMatchObject({ kind: 'blob_missing', id: blobs[0] });
  });

  it('an unsealed entry is a warning while recent, a failure once old', async () => {
    const id = await appendLedger(t.db, { actor: { type: 'system', id: 'test' }, action: 'late.event', entityType: 'test', entityId: null, state: null });
    const recent = await verify();
    expect(recent.ok).toBe(true);
    expect(recent.warnings).toMatchObject([{ kind: 'unsealed', id }]);
    await tamper('ledger_entries', `UPDATE ledger_entries SET recorded_at = now() - interval '2 minutes' WHERE id = ${id}`);
    expect((await verify()).firstProblem).toMatchObject({ kind: 'unsealed', id });
  });
});
