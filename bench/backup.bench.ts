// Off-site backup and restore (R10): `npx tsx bench/backup.bench.ts [blobs KB-each entries]`
// (default 200 512 5000). A fresh embedded cluster with N ledger entries and N blobs: the first
// backup (everything copied), a second (only the database: blobs already there), and a restore
// into a fresh folder with every hash checked. Prints seconds and bytes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordBlob } from '../core/blob/blob.repository.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { createDirBackupStore } from '../core/backup/dir-backup-store.js';
import { restoreBackup } from '../core/backup/restore.js';
import { runBackup } from '../core/backup/run-backup.js';
import { loadConfig } from '../core/config.js';
import { openDatabase } from '../core/db/bootstrap.js';
import { createDb } from '../core/db/connect.js';
import { appendLedger } from '../core/ledger/append.js';
import { createLogger } from '../core/log.js';
import { freePort } from '../tests/support/platform-process.js';

// Sizes from the command line: blobs, KB each, ledger entries.
const [blobCount, blobKb, entries] = (process.argv.slice(2).length ? process.argv.slice(2) : ['200', '512', '5000']).map(Number);
const log = createLogger('silent');
const dirs = ['src', 'store', 'dst'].map((n) => mkdtempSync(path.join(os.tmpdir(), `vigil-bench-backup-${n}-`)));
const [src, storeDir, dst] = dirs;
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);
const mb = (b: number) => (b / 1024 / 1024).toFixed(1);

const handle = await openDatabase(loadConfig({ DATA_DIR: src, EMBEDDED_PG_PORT: String(await freePort()) }, []), log);
const { db } = createDb(handle.adminUrl, 4);
try {
  const blobs = createFsBlobStore(path.join(src, 'blobs'));
  for (let i = 0; i < blobCount; i++) {
    const b = await blobs.put(randomBytes(blobKb * 1024), 'application/octet-stream');
    await recordBlob(db, { ...b, mediaType: 'application/octet-stream' });
  }
  for (let i = 0; i < entries; i += 500) {
    await db.transaction().execute(async (trx) => {
      for (let j = i; j < Math.min(entries, i + 500); j++) await appendLedger(trx, { actor: { type: 'system', id: 'bench' }, action: 'item.update', entityType: 'bench_item', entityId: `b${j}`, state: { j, pad: 'x'.repeat(200) } });
    });
  }
  const store = createDirBackupStore(storeDir);
  const deps = { db, adminUrl: handle.adminUrl, pgdata: realpathSync(path.join(src, 'postgres', 'pgdata')), dataDir: src, blobs, store, log, trigger: 'command' as const, actor: { type: 'system' as const, id: 'bench' } };
  let t0 = performance.now();
  const first = await runBackup(deps);
  if (first.status !== 'completed') throw new Error(JSON.stringify(first));
  const dbBytes = first.manifest.files.filter((f) => f.kind === 'database' || f.kind === 'wal').reduce((n, f) => n + f.size, 0);
  console.log(`first backup: ${secs(t0)} s — ${first.manifest.files.length} files, database ${mb(dbBytes)} MB, ${first.manifest.blobs.copied} blobs copied (${mb(first.manifest.blobs.copiedBytes)} MB)`);
  t0 = performance.now();
  const second = await runBackup(deps);
  if (second.status !== 'completed') throw new Error(JSON.stringify(second));
  console.log(`second backup: ${secs(t0)} s — ${second.manifest.blobs.copied} blobs copied`);
  t0 = performance.now();
  const r = await restoreBackup({ store, backupId: second.id, dataDir: dst, log });
  console.log(`restore (every hash checked, WAL replayed): ${secs(t0)} s — ${r.files} files, ${r.blobs} blobs`);
} finally {
  await db.destroy();
  await handle.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
