// Cold start → healthy: `npx tsx bench/startup.bench.ts`. Measures the first start on an empty
// DATA_DIR (initdb + migrations) and a warm restart on the same DATA_DIR, 3 runs each.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../tests/support/platform-process.js';

async function startOnce(dataDir: string): Promise<number> {
  const [port, pgPort, rtmpPort] = [await freePort(), await freePort(), await freePort()];
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), RTMP_PORT: String(rtmpPort), LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < 3; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-startup-'));
  try {
    cold.push(await startOnce(dir));
    warm.push(await startOnce(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write('.');
}
const fmt = (xs: number[]) => `min ${(Math.min(...xs) / 1000).toFixed(2)} s, median ${(xs.sort((a, b) => a - b)[1] / 1000).toFixed(2)} s`;
console.log('\nstart → /api/health 200 (web already built)');
console.log(`  first start, empty DATA_DIR (initdb + migrations): ${fmt(cold)}`);
console.log(`  restart, existing DATA_DIR:                       ${fmt(warm)}`);
