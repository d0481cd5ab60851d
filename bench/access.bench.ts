// Cost of the access layer (issue 11): p50/p95 of the review queue's first page and of a
// recorded segment's download, sequential requests on the real platform (demo cameras record).
// Run it on two checkouts to compare. `npx tsx bench/access.bench.ts` (BENCH_FLAGS, BENCH_RUNS).
import { createDb } from '../core/db/connect.js';
import { httpLogin } from '../tests/support/http-client.js';
import { platformAdminUrl, startPlatform } from '../tests/support/platform-process.js';
import { waitFor } from '../tests/support/wait.js';
import { insertBenchFlags } from './bench-flags.js';

const FLAGS = Number(process.env.BENCH_FLAGS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function timed(label: string, url: string, cookie: string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 20; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label}: ${res.status}`);
    if (i >= 20) times.push(performance.now() - start);
    bytes = body.byteLength;
  }
  console.log(`${label}: ${bytes} bytes, p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms (${RUNS} requests)`);
}

const platform = await startPlatform({ ANALYZER_ENABLED: '0', DEMO_CAMERAS: '1' });
const { db, pool } = createDb(platformAdminUrl(platform), 2);
try {
  await insertBenchFlags(db, FLAGS);
  const segment = await waitFor('a recorded segment', () => db.selectFrom('recording_segments').select(['id', 'size']).where('partial', '=', false).executeTakeFirst(), 120_000);
  const officer = await httpLogin(platform.url, 'officer.wc', platform.logins.get('officer.wc')!);
  const manager = await httpLogin(platform.url, 'manager.jh', platform.logins.get('manager.jh')!);
  await timed(`review queue first page (officer, ${FLAGS} flags)`, `${platform.url}/api/review/queue?limit=50`, officer.cookie);
  await timed(`segment download (manager, ${segment.size} bytes)`, `${platform.url}/api/recordings/${segment.id}/media`, manager.cookie);
} finally {
  await pool.end();
  await platform.stop();
}
