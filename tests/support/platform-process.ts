import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

export type Platform = { url: string; dataDir: string; pgPort: number; rtmpPort: number; logins: Map<string, string>; output: () => string; stop(): Promise<void> };

/** Starts the real platform (`tsx main.ts --demo`) on a fresh DATA_DIR and waits until healthy. */
export async function startPlatform(env: Record<string, string> = {}): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
  const [port, pgPort, rtmpPort, streamsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main.ts', '--demo'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), RTMP_PORT: String(rtmpPort), STREAMS_INTERNAL_PORT: String(streamsPort), LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
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
    await new Promise((r) => setTimeout(r, 200));
  }
  const logins = new Map<string, string>();
  for (const line of readFileSync(path.join(dataDir, 'demo-logins.txt'), 'utf8').split('\n').slice(1)) {
    const [user, pw] = line.trim().split(/\s+/);
    if (user && pw) logins.set(user, pw);
  }
  return {
    url,
    dataDir,
    pgPort,
    rtmpPort,
    logins,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
