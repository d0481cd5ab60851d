import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { hashStream } from '../../core/blob/blob-store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import { listBackupRows } from '../../core/backup/backup.repository.js';
import { createDirBackupStore } from '../../core/backup/dir-backup-store.js';
import { parseManifest } from '../../core/backup/manifest.js';
import { restoreBackup } from '../../core/backup/restore.js';
import { runBackup, type BackupDeps } from '../../core/backup/run-backup.js';
import { openDatabase, type DatabaseHandle } from '../../core/db/bootstrap.js';
import { createDb, type Db } from '../../core/db/connect.js';
import { loadConfig } from '../../core/config.js';
import { appendLedger } from '../../core/ledger/append.js';
import { createSealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../../core/ledger/signer.js';
import { createLogger } from '../../core/log.js';
import { freePort } from '../support/platform-process.js';

// R10 异地备份: a platform's own DATA_DIR (embedded PostgreSQL, keys, blobs) is backed up to a
// second folder, restored into a fresh one with `npm run restore`, and `npm run verify` passes on it.
const log = createLogger('silent');
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `vigil-backup-${name}-`));
let srcDir: string;
let backupDir: string;
const restored: string[] = [];
let source: DatabaseHandle;
let db: Db;
let deps: BackupDeps;
let agencyId: string;
const blobBytes = [Buffer.from('snapshot jpeg bytes'), Buffer.from('clip mp4 bytes '.repeat(1000)), Buffer.from('decision pdf')];
const shas: string[] = [];

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, DATABASE_URL: '', DATABASE_ADMIN_URL: '', LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  srcDir = tmp('src');
  backupDir = tmp('store');
  const config = loadConfig({ DATA_DIR: srcDir, EMBEDDED_PG_PORT: String(await freePort()) }, []);
  source = await openDatabase(config, log);
  ({ db } = createDb(source.adminUrl, 3));
  const blobs = createFsBlobStore(path.join(srcDir, 'blobs'));
  const agency = await sql<Record<string, unknown> & { id: string }>`
    INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', '备份测试省卫生健康委员会', '备份', '980000', '/980000/') RETURNING *`.execute(db);
  agencyId = agency.rows[0].id;
  await appendLedger(db, { actor: { type: 'system', id: 'test' }, action: 'agency.created', entityType: 'agency', entityId: agencyId, state: agency.rows[0] });
  for (const bytes of blobBytes) {
    const b = await blobs.put(bytes, 'application/octet-stream');
    await recordBlob(db, { ...b, mediaType: 'application/octet-stream' });
    shas.push(b.sha256);
  }
  for (let i = 0; i < 10; i++) await appendLedger(db, { actor: { type: 'system', id: 'test' }, action: 'item.update', entityType: 'test_item', entityId: `i${i}`, state: { i } });
  const sealer = createSealer({ db, log, signer: loadOrCreateSigner(path.join(srcDir, 'keys')), intervalMs: 50, checkpointIntervalMs: 60_000, checkpointEveryEntries: 1000 });
  await sealer.sealOnce();
  await sealer.checkpointNow();
  await sealer.stop();
  // Committed after the last seal: in the backup, chained by the restore.
  for (let i = 0; i < 3; i++) await appendLedger(db, { actor: { type: 'system', id: 'test' }, action: 'item.update', entityType: 'test_item', entityId: `late${i}`, state: { i } });
  deps = {
    db,
    adminUrl: source.adminUrl,
    pgdata: realpathSync(path.join(srcDir, 'postgres', 'pgdata')),
    dataDir: srcDir,
    blobs,
    store: createDirBackupStore(backupDir),
    log,
    trigger: 'command',
    actor: { type: 'system', id: 'test' },
  };
});

afterAll(async () => {
  await db?.destroy();
  await source?.stop();
  for (const d of [srcDir, backupDir, ...restored]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('off-site backup and restore', () => {
  let id: string;

  it('writes a base backup, the keys and every blob, hashed in a manifest with the ledger checkpoint; lists and ledgers it', async () => {
    const outcome = await runBackup(deps);
    if (outcome.status !== 'completed') throw new Error(`backup ${outcome.status}: ${'error' in outcome ? outcome.error : ''}`);
    id = outcome.id;
    const manifest = parseManifest(readFileSync(path.join(backupDir, 'backups', id, 'manifest.json'), 'utf8'), id);
    expect(manifest.ledger.chained).toBe(11);
    expect(manifest.ledger.checkpoint?.treeSize).toBe(11);
    expect(manifest.blobs).toMatchObject({ count: 3, copied: 3 });
    const names = manifest.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['backup_label', 'pgdata/PG_VERSION', 'pgdata/global/pg_control', 'keys/ledger-ed25519.pem', 'postgres/pg-superuser-password', 'blobs.txt']));
    expect(names.some((n) => n.startsWith('pg_wal/'))).toBe(true);
    for (const f of manifest.files.slice(0, 50)) {
      expect((await hashStream(await deps.store.readObject(id, f.name))).sha256).toBe(f.sha256);
    }
    for (const sha of shas) expect(await deps.store.blobs.has(sha)).toBe(true);
    const [row] = await listBackupRows(db);
    expect(row).toMatchObject({ id, status: 'completed', trigger: 'command', blobs: 3, blobs_copied: 3, manifest_sha256: outcome.manifestSha256, ledger_checkpoint_size: '11' });
    const entry = await db.selectFrom('ledger_entries').select(['action', 'entity_id']).where('entity_type', '=', 'backup').executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'backup.completed', entity_id: id });
  });

  it('copies only the blobs the store lacks the next time', async () => {
    const more = await createFsBlobStore(path.join(srcDir, 'blobs')).put(Buffer.from('a new snapshot'), 'image/jpeg');
    await recordBlob(db, { ...more, mediaType: 'image/jpeg' });
    shas.push(more.sha256);
    const outcome = await runBackup(deps);
    expect(outcome.status).toBe('completed');
    if (outcome.status === 'completed') expect(outcome.manifest.blobs).toMatchObject({ count: 4, copied: 1 });
  });

  it('restores into a fresh folder with `npm run restore`; `npm run verify` passes there; the same records and blob bytes', async () => {
    const dst = tmp('dst');
    restored.push(dst);
    const r = await run('core/backup/restore.cli.ts', [path.join(backupDir, 'backups', id), '--data-dir', dst], {});
    expect(r.out).toContain(`restored backup ${id}`);
    expect(r.out).toContain('3 entries committed before the recovery point chained now');
    expect(r.code).toBe(0);
    const v = await run('core/ledger/verify.cli.ts', [], { DATA_DIR: dst, EMBEDDED_PG_PORT: String(await freePort()) });
    expect(v.out).toContain('ledger intact: 14 entries');
    expect(v.out).toContain('3 blobs, 1 registry records');
    expect(v.code).toBe(0);

    const copy = await openDatabase(loadConfig({ DATA_DIR: dst, EMBEDDED_PG_PORT: String(await freePort()) }, []), log);
    const { db: cdb } = createDb(copy.adminUrl, 2);
    try {
      const a = await sql<{ name: string; code: string }>`SELECT name, code FROM agencies WHERE id = ${agencyId}`.execute(cdb);
      expect(a.rows).toEqual([{ name: '备份测试省卫生健康委员会', code: '980000' }]);
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ledger_entries`.execute(cdb);
      expect(n.rows[0].n).toBe(14);
    } finally {
      await cdb.destroy();
      await copy.stop();
    }
    const blobs = createFsBlobStore(path.join(dst, 'blobs'));
    for (const [i, bytes] of blobBytes.entries()) {
      const chunks: Buffer[] = [];
      for await (const c of await blobs.get(shas[i])) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    }
  });

  it('refuses a folder that is not empty', async () => {
    const dst = tmp('full');
    restored.push(dst);
    writeFileSync(path.join(dst, 'something'), 'x');
    await expect(restoreBackup({ store: deps.store, backupId: id, dataDir: dst, log })).rejects.toThrow(/is not empty \(something\)/);
  });

  it('names a changed byte in a backed-up blob or database file, and leaves the folder empty', async () => {
    const blobFile = path.join(backupDir, 'blobs', shas[1].slice(0, 2), shas[1].slice(2, 4), shas[1]);
    const original = readFileSync(blobFile);
    chmodSync(blobFile, 0o600);
    writeFileSync(blobFile, Buffer.concat([original.subarray(0, 100), Buffer.from([original[100] ^ 1]), original.subarray(101)]));
    const dst = tmp('bad');
    restored.push(dst);
    await expect(restoreBackup({ store: deps.store, backupId: id, dataDir: dst, log })).rejects.toThrow(new RegExp(`file blobs/${shas[1].slice(0, 2)}/${shas[1].slice(2, 4)}/${shas[1]} is damaged`));
    expect(readdirSync(dst)).toEqual([]);
    writeFileSync(blobFile, original);

    const control = path.join(backupDir, 'backups', id, 'pgdata', 'global', 'pg_control');
    const bytes = readFileSync(control);
    bytes[7] ^= 0x10;
    writeFileSync(control, bytes);
    const r = await run('core/backup/restore.cli.ts', [path.join(backupDir, 'backups', id), '--data-dir', dst], {});
    expect(r.out).toMatch(/restore failed: backup .* file pgdata\/global\/pg_control is damaged/);
    expect(r.code).toBe(1);
    expect(existsSync(dst) ? readdirSync(dst) : []).toEqual([]);
  });
});
