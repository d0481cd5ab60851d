import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { chmod, mkdir, open } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createFsBlobStore } from '../blob/fs-blob-store.js';
import { createDb } from '../db/connect.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { postgresUser, type RunAs } from '../db/pg-binaries.js';
import { pgDataDir } from '../db/pg-data-dir.js';
import { createSealer } from '../ledger/sealer.js';
import { loadOrCreateSigner } from '../ledger/signer.js';
import type { Logger } from '../log.js';
import type { BackupStore } from './backup-store.js';
import { MANIFEST } from './dir-backup-store.js';
import { parseBlobList, parseManifest, type Manifest, type ManifestFile } from './manifest.js';

/**
 * Restores a backup into a fresh DATA_DIR (an empty or missing folder; anything else is
 * refused): every file is hash-checked as it is written, and a file whose bytes differ from the
 * manifest stops the restore naming it (and the half-made DATA_DIR is removed). Then the
 * restored PostgreSQL is started once, on a port of its own: it replays the backup's WAL to the
 * stop point (backup_label), and the ledger entries that were committed but not yet chained at
 * that moment are chained with the restored key, as the platform's sealer would at its start.
 * After it, `DATA_DIR=<folder> npm run verify` checks the whole restored ledger and blob store.
 */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

export type RestoreResult = { manifest: Manifest; files: number; blobs: number; sealed: number };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Writes the object to `target`, hashing as it goes; a mismatch with the manifest throws naming the file. */
async function restoreFile(store: BackupStore, backupId: string, file: ManifestFile, target: string, mode: number, runAs: RunAs): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const fd = await open(target, 'wx', mode);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await store.readObject(backupId, file.name)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      size += buf.length;
      await fd.write(buf);
    }
    await fd.sync();
  } finally {
    await fd.close();
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== file.sha256 || size !== file.size) {
    throw new RestoreError(`backup ${backupId}: file ${file.name} is damaged: its bytes hash to ${sha256} (${size} bytes), the manifest says ${file.sha256} (${file.size} bytes)`);
  }
  if (runAs) chownSync(target, runAs.uid, runAs.gid);
}

/** Where each manifest file goes in the new DATA_DIR. */
function targetOf(name: string, dataDir: string, pgdata: string): string {
  const [head, ...rest] = name.split('/');
  if (head === 'pgdata') return path.join(pgdata, ...rest);
  if (head === 'pg_wal') return path.join(pgdata, 'pg_wal', ...rest);
  if (name === 'backup_label') return path.join(pgdata, 'backup_label');
  if (head === 'keys') return path.join(dataDir, 'keys', ...rest);
  if (head === 'postgres') return path.join(dataDir, 'postgres', ...rest);
  throw new RestoreError(`manifest names a file the restore does not know where to put: ${name}`);
}

function assertFresh(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (!lstatSync(dataDir).isDirectory()) throw new RestoreError(`${dataDir} is not a folder`);
  const inside = readdirSync(dataDir);
  if (inside.length) throw new RestoreError(`${dataDir} is not empty (${inside.slice(0, 3).join(', ')}${inside.length > 3 ? ', …' : ''}): restore only into a fresh DATA_DIR`);
}

export async function restoreBackup(opts: { store: BackupStore; backupId: string; dataDir: string; log: Logger }): Promise<RestoreResult> {
  const { store, backupId, log } = opts;
  const dataDir = path.resolve(opts.dataDir);
  assertFresh(dataDir);
  if (!(await store.hasObject(backupId, MANIFEST))) throw new RestoreError(`backup ${backupId} has no manifest in ${store.location} (unfinished or not there)`);
  const manifest = parseManifest((await readAll(await store.readObject(backupId, MANIFEST))).toString('utf8'), `backup ${backupId}`);
  if (manifest.id !== backupId) throw new RestoreError(`backup ${backupId}: its manifest is that of backup ${manifest.id}`);
  const blobListFile = manifest.files.find((f) => f.name === manifest.blobs.list && f.kind === 'list');
  if (!blobListFile) throw new RestoreError(`backup ${backupId}: the manifest lists no blob list`);

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const runAs = postgresUser();
  let pgdata: string | null = null;
  try {
    // The blob list first (small): its hash is checked before any blob is trusted to it.
    const listBytes = await readAll(await store.readObject(backupId, blobListFile.name));
    const listSha = createHash('sha256').update(listBytes).digest('hex');
    if (listSha !== blobListFile.sha256 || listBytes.length !== blobListFile.size) throw new RestoreError(`backup ${backupId}: file ${blobListFile.name} is damaged: its bytes hash to ${listSha}, the manifest says ${blobListFile.sha256}`);
    const blobList = parseBlobList(listBytes.toString('utf8'));

    pgdata = pgDataDir(path.join(dataDir, 'postgres'), runAs);
    for (const d of manifest.dirs) {
      const dir = path.join(pgdata, ...d.split('/'));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    }
    let files = 1;
    for (const f of manifest.files) {
      if (f.kind === 'list') continue;
      await restoreFile(store, backupId, f, targetOf(f.name, dataDir, pgdata), f.kind === 'secret' && f.name.endsWith('.pub.pem') ? 0o644 : 0o600, f.kind === 'secret' ? null : runAs);
      files++;
    }
    if (existsSync(path.join(dataDir, 'keys'))) await chmod(path.join(dataDir, 'keys'), 0o700);

    const blobs = createFsBlobStore(path.join(dataDir, 'blobs'));
    for (const b of blobList) {
      const got = await blobs.put(await store.blobs.get(b.sha256).catch(() => {
        throw new RestoreError(`backup ${backupId}: blob ${b.sha256} is missing from ${store.location}`);
      }), 'application/octet-stream');
      if (got.sha256 !== b.sha256 || got.size !== b.size) throw new RestoreError(`backup ${backupId}: file blobs/${b.sha256.slice(0, 2)}/${b.sha256.slice(2, 4)}/${b.sha256} is damaged: its bytes hash to ${got.sha256} (${got.size} bytes, listed ${b.size})`);
    }

    // Start the restored server once: WAL replay to the stop point, then chain what was committed but unchained.
    const cluster = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port: await freePort(), log });
    let sealed = 0;
    try {
      const { db } = createDb(cluster.adminUrl('vigil'), 2);
      try {
        const sealer = createSealer({ db, log, signer: loadOrCreateSigner(path.join(dataDir, 'keys')), intervalMs: 1000, checkpointIntervalMs: 3_600_000, checkpointEveryEntries: Number.MAX_SAFE_INTEGER });
        sealed = await sealer.sealOnce();
        await sealer.stop();
      } finally {
        await db.destroy();
      }
    } finally {
      await cluster.stop();
    }
    log.info({ backupId, dataDir, files, blobs: blobList.length, sealed }, 'backup restored');
    return { manifest, files, blobs: blobList.length, sealed };
  } catch (err) {
    // The folder was fresh: what is in it now is this restore's, and half of it is no use.
    if (pgdata && pgdata !== path.join(dataDir, 'postgres', 'pgdata')) rmSync(realpathSync(pgdata), { recursive: true, force: true });
    for (const name of readdirSync(dataDir)) rmSync(path.join(dataDir, name), { recursive: true, force: true });
    throw err;
  }
}
