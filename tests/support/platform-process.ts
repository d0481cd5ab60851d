import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export type Platform = {
  url: string;
  dataDir: string;
  pgPort: number;
  rtmpPort: number;
  logins: Map<string, string>;
  output: () => string;
  /** Stops (SIGTERM, or SIGKILL with kill) and starts again on the same DATA_DIR and ports. */
  restart(opts?: { kill?: boolean }): Promise<Platform>;
  /** SIGTERM, then waits for the exit (DATA_DIR stays): how the process ended. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
};

type Ports = { port: number; pgPort: number; rtmpPort: number; streamsPort: number };

/** Starts the real platform (`tsx main.ts --demo`) on a fresh DATA_DIR and waits until healthy. */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
  const ports = { port: await freePort(), pgPort: await freePort(), rtmpPort: await freePort(), streamsPort: await freePort() };
  return launch(dataDir, ports, env);
}

async function launch(dataDir: string, ports: Ports, env: Record<string, string>): Promise<Platform> {
  const { port, pgPort, rtmpPort, streamsPort } = ports;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main.ts', '--demo'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), RTMP_PORT: String(rtmpPort), STREAMS_INTERNAL_PORT: String(streamsPort), LOG_LEVEL: 'warn', DATABASE_URL: '', DEMO_CAMERAS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && out.includes('Vigil is running')) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`platform not healthy in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const logins = new Map<string, string>();
  for (const line of readFileSync(path.join(dataDir, 'demo-logins.txt'), 'utf8').split('\n').slice(1)) {
    const [user, pw] = line.trim().split(/\s+/);
    if (user && pw) logins.set(user, pw);
  }
  const halt = async (kill: boolean) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    url,
    dataDir,
    pgPort,
    rtmpPort,
    logins,
    output: () => out,
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      return { code: child.exitCode, signal: child.signalCode };
    },
    async restart(opts = {}) {
      await halt(!!opts.kill);
      return launch(dataDir, ports, env);
    },
    async stop() {
      await halt(false);
      // A postgres left running by a SIGKILLed platform (and reused by its successor) goes too.
      const pidFile = path.join(dataDir, 'postgres', 'pgdata', 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        try {
          process.kill(pid, 'SIGINT');
          for (let i = 0; i < 100 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
        } catch {
          /* already gone */
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The running platform's database as its owner (embedded PostgreSQL): for reading what it wrote, or writing as the analyzer does. */
export function platformAdminUrl(platform: Pick<Platform, 'dataDir' | 'pgPort'>): string {
  const password = readFileSync(path.join(platform.dataDir, 'postgres', 'pg-superuser-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${platform.pgPort}/vigil`;
}
