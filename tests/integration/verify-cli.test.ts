import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { createLogger } from '../../core/log.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// `npm run verify` as an operator runs it: config from the environment, exit code and output.
let t: TestDatabase;
let dataDir: string;
let ids: string[];

function runVerify(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'core/ledger/verify.cli.ts'], {
      env: { ...process.env, DATABASE_URL: t.appUrl, DATABASE_ADMIN_URL: t.adminUrl, DATA_DIR: dataDir, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-verify-cli-'));
  const signer = loadOrCreateSigner(path.join(dataDir, 'keys'));
  ids = [];
  for (let i = 0; i < 12; i++) {
    ids.push(await appendLedger(t.db, { actor: { type: 'system', id: 'cli' }, action: 'item.update', entityType: 'test_item', entityId: `d${i}`, state: { i } }));
  }
  const blob = await createFsBlobStore(path.join(dataDir, 'blobs')).put(Buffer.from('clip'), 'video/mp4');
  await recordBlob(t.db, { ...blob, mediaType: 'video/mp4' });
  const sealer = createSealer({ db: t.db, log: createLogger('silent'), signer, intervalMs: 50, checkpointIntervalMs: 60_000, checkpointEveryEntries: 100 });
  await sealer.sealOnce();
  await sealer.checkpointNow();
  await sealer.stop();
});
afterAll(async () => {
  await t.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run verify', () => {
  it('exits 0 and says so when the ledger is intact', async () => {
    const { code, out } = await runVerify();
    expect(out).toContain('ledger intact: 12 entries, 1 checkpoints, 1 blobs, 0 registry records');
    expect(code).toBe(0);
  });

  it('exits 1 naming the first altered entry', async () => {
    await sql`ALTER TABLE ledger_entries DISABLE TRIGGER USER`.execute(t.admin);
    await sql`UPDATE ledger_entries SET entity_id = 'd999' WHERE id = ${ids[7]}`.execute(t.admin);
    await sql`ALTER TABLE ledger_entries ENABLE TRIGGER USER`.execute(t.admin);
    const { code, out } = await runVerify();
    expect(out).toMatch(new RegExp(`LEDGER BROKEN: .*first: entry ${ids[7]} \\(seq 8\\)`));
    expect(code).toBe(1);
  });

  it('also names a registry row changed behind the ledger', async () => {
    const agency = await sql<{ id: string }>`INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', '测试省', '测', '990000', '/x/') RETURNING id`.execute(t.admin);
    const { code, out } = await runVerify();
    expect(out).toContain(`[entity] agency/${agency.rows[0].id}: agencies row has no ledger entry`);
    expect(code).toBe(1);
  });
});
