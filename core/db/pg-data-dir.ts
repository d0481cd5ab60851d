import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { othersCanEnter, STAGE_ROOT, type RunAs } from './pg-binaries.js';

/**
 * The cluster's data directory for `dir` (DATA_DIR/postgres): `dir/pgdata`. As root the server
 * runs as 'postgres', which must reach it: DATA_DIR and `dir` are ours to open (o+x); when a
 * folder above is closed (a clone in /root), the data lives in STAGE_ROOT/data/<hash of dir>,
 * owned by 'postgres', and `dir/pgdata` is a symbolic link to it, so everything that reads
 * DATA_DIR/postgres/pgdata (postmaster.pid, the tests) finds it as before.
 * Returns the real path to give the server.
 */
export function pgDataDir(dir: string, runAs: RunAs): string {
  mkdirSync(dir, { recursive: true });
  const link = path.join(dir, 'pgdata');
  if (!runAs) return link;
  const own = [dir, path.dirname(dir)];
  const pointer = existsSync(link) && lstatSync(link).isSymbolicLink();
  if (!pointer && othersCanEnter(path.dirname(path.dirname(path.resolve(dir))))) {
    for (const d of own) chmodSync(d, statSync(d).mode | 0o011);
    ownedDir(link, runAs);
    return link;
  }
  if (pointer) {
    const target = realpathSync(link);
    ownedDir(target, runAs);
    return target;
  }
  if (existsSync(link)) {
    throw new Error(`the embedded PostgreSQL runs as user 'postgres', which cannot reach ${link} (a folder above it is closed): move DATA_DIR elsewhere, or chmod o+x the folders above it`);
  }
  mkdirSync(path.join(STAGE_ROOT, 'data'), { recursive: true, mode: 0o711 });
  chmodSync(STAGE_ROOT, 0o755);
  chmodSync(path.join(STAGE_ROOT, 'data'), 0o711);
  const target = path.join(STAGE_ROOT, 'data', createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 24));
  ownedDir(target, runAs);
  symlinkSync(target, link);
  return target;
}

function ownedDir(d: string, runAs: { uid: number; gid: number }) {
  mkdirSync(d, { recursive: true, mode: 0o700 });
  const st = statSync(d);
  if (st.uid !== runAs.uid) chownSync(d, runAs.uid, runAs.gid);
  if ((st.mode & 0o777) !== 0o700) chmodSync(d, 0o700);
}
