import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Db } from '../db/connect.js';
import type { Actor } from '../ledger/append.js';
import type { Logger } from '../log.js';
import { recordBackup, type NewBackup } from './backup.repository.js';
import type { BackupStore } from './backup-store.js';
import { takeBaseBackup } from './base-backup.js';
import { MANIFEST } from './dir-backup-store.js';
import { formatBlobList, MANIFEST_FORMAT, type Manifest, type ManifestFile } from './manifest.js';

/**
 * One backup run (R10 异地备份; 000 §14, 001 §22): the database as a base backup (base-backup.ts),
 * the keys the restored platform needs to go on signing and to be verified (DATA_DIR/keys, the
 * embedded server's passwords), and every blob the database knows that the backup store lacks,
 * each hash-checked as it is copied. Then the manifest, last; then the `backups` row and its
 * ledger entry, in one transaction. A run that fails records a 'failed' row naming why.
 *
 * Recovery point: every transaction committed before `recoveryPoint.at` (the moment
 * pg_backup_stop returned) is in the backup; what commits after it is in the next one. With the
 * default interval (BACKUP_INTERVAL_HOURS=24) a lost machine loses at most a day's records: see
 * the README. Blobs are written before their rows commit, so every blob a restored row names was
 * on disk when it was listed, just after the stop point.
 */
export type BackupDeps = {
  /** The application's database (the row and the lock). */
  db: Db;
  /** Superuser connection of the embedded cluster (pg_backup_start needs it). */
  adminUrl: string;
  /** The cluster's data directory (its real path). */
  pgdata: string;
  dataDir: string;
  blobs: BlobStore;
  store: BackupStore;
  log: Logger;
  trigger: 'schedule' | 'command';
  actor: Actor;
};

export type BackupOutcome = { id: string; status: 'completed'; manifest: Manifest; manifestSha256: string } | { id: string; status: 'failed'; error: string } | { id: null; status: 'busy' };

const LOCK = sql`hashtext('vigil.backup')`;

export function newBackupId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

async function filesUnder(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(root, r)));
    else if (e.isFile() && /^[A-Za-z0-9_.-]+$/.test(e.name)) out.push(r);
  }
  return out.sort();
}

/** The blobs the database holds now (and those purged after the stop point: the restored rows still name them). */
async function blobsToKeep(db: Db, recoveryPointAt: string): Promise<{ sha256: string; size: number }[]> {
  const rows = await db
    .selectFrom('blobs as b')
    .leftJoin('blob_deletions as d', 'd.sha256', 'b.sha256')
    .select(['b.sha256', 'b.size'])
    .where((eb) => eb.or([eb('d.sha256', 'is', null), eb('d.deleted_at', '>', new Date(recoveryPointAt))]))
    .orderBy('b.sha256')
    .execute();
  return rows.map((r) => ({ sha256: r.sha256, size: Number(r.size) }));
}

/** Copies the blobs the store lacks, checking each copy's SHA-256 and size against its name and row. */
async function replicateBlobs(from: BlobStore, to: BlobStore, list: { sha256: string; size: number }[]): Promise<{ copied: number; copiedBytes: number }> {
  let copied = 0;
  let copiedBytes = 0;
  for (const b of list) {
    if (await to.has(b.sha256)) continue;
    const got = await to.put(await from.get(b.sha256), 'application/octet-stream');
    if (got.sha256 !== b.sha256 || got.size !== b.size) {
      throw new Error(`blob ${b.sha256} in DATA_DIR/blobs is damaged: its bytes hash to ${got.sha256} (${got.size} bytes, recorded ${b.size})`);
    }
    copied++;
    copiedBytes += got.size;
  }
  return { copied, copiedBytes };
}

async function withLock<T>(db: Db, fn: () => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${LOCK}) AS ok`.execute(conn);
    if (!got.rows[0].ok) return null;
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK})`.execute(conn).catch(() => {});
    }
  });
}

export async function runBackup(deps: BackupDeps): Promise<BackupOutcome> {
  const { store, log } = deps;
  const outcome = await withLock(deps.db, async (): Promise<BackupOutcome> => {
    const id = newBackupId();
    const startedAt = new Date();
    const base: Omit<NewBackup, 'status' | 'finished_at' | 'error'> = {
      id,
      trigger: deps.trigger,
      location: store.location,
      started_at: startedAt,
      recovery_point: null,
      manifest_sha256: null,
      files: null,
      database_bytes: null,
      blobs: null,
      blobs_copied: null,
      blob_bytes_copied: null,
      ledger_chained: null,
      ledger_checkpoint_size: null,
      ledger_checkpoint_root: null,
    };
    try {
      const db = await takeBaseBackup({ adminUrl: deps.adminUrl, pgdata: deps.pgdata, store, backupId: id });
      const files: ManifestFile[] = [...db.files];
      for (const rel of await filesUnder(path.join(deps.dataDir, 'keys'))) {
        const info = await store.writeObject(id, `keys/${rel}`, createReadStream(path.join(deps.dataDir, 'keys', rel)));
        files.push({ name: `keys/${rel}`, kind: 'secret', ...info });
      }
      for (const name of ['pg-superuser-password', 'app-role-password']) {
        const file = path.join(deps.dataDir, 'postgres', name);
        const info = await store.writeObject(id, `postgres/${name}`, createReadStream(file)).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return null;
          throw err;
        });
        if (info) files.push({ name: `postgres/${name}`, kind: 'secret', ...info });
      }
      const list = await blobsToKeep(deps.db, db.recoveryPoint.at);
      const copied = await replicateBlobs(deps.blobs, store.blobs, list);
      files.push({ name: 'blobs.txt', kind: 'list', ...(await store.writeObject(id, 'blobs.txt', Buffer.from(formatBlobList(list)))) });
      const manifest: Manifest = {
        format: MANIFEST_FORMAT,
        id,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        recoveryPoint: db.recoveryPoint,
        postgres: db.postgres,
        ledger: db.ledger,
        dirs: db.dirs,
        files,
        blobs: { list: 'blobs.txt', count: list.length, bytes: list.reduce((n, b) => n + b.size, 0), ...copied },
      };
      const written = await store.writeObject(id, MANIFEST, Buffer.from(JSON.stringify(manifest, null, 1) + '\n'));
      await recordBackup(
        deps.db,
        {
          ...base,
          status: 'completed',
          finished_at: new Date(manifest.finishedAt),
          error: null,
          recovery_point: new Date(db.recoveryPoint.at),
          manifest_sha256: written.sha256,
          files: files.length,
          database_bytes: String(files.filter((f) => f.kind === 'database' || f.kind === 'wal').reduce((n, f) => n + f.size, 0)),
          blobs: list.length,
          blobs_copied: copied.copied,
          blob_bytes_copied: String(copied.copiedBytes),
          ledger_chained: String(db.ledger.chained),
          ledger_checkpoint_size: db.ledger.checkpoint ? String(db.ledger.checkpoint.treeSize) : null,
          ledger_checkpoint_root: db.ledger.checkpoint?.rootHash ?? null,
        },
        deps.actor,
      );
      log.info({ id, recoveryPoint: db.recoveryPoint.at, files: files.length, blobs: list.length, copied: copied.copied, location: store.location }, 'backup completed');
      return { id, status: 'completed', manifest, manifestSha256: written.sha256 };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log.error({ err, id }, 'backup failed');
      await recordBackup(deps.db, { ...base, status: 'failed', finished_at: new Date(), error: error.slice(0, 2000) }, deps.actor).catch((e: unknown) => log.error({ err: e }, 'could not record the failed backup'));
      return { id, status: 'failed', error };
    }
  });
  return outcome ?? { id: null, status: 'busy' };
}
