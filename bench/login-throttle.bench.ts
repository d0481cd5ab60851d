// Login under attack: `npx tsx bench/login-throttle.bench.ts [seconds]`. Starts its own embedded
// PostgreSQL, then one client sends wrong passwords for one account from one address as fast as
// it can for 5 s (default), and prints requests/s, how many were throttled (429), the ledger
// entries that wrote (failed logins, throttled-attempt summaries with their summed count), and
// whether the real user then logs in from another address. Before issue 11 every throttled
// attempt wrote its own entry (169/s from one client) and the account was locked for everyone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createApp, DENIAL_WINDOW_MS } from '../api/app.js';
import { createDenialLedger } from '../api/auth/denial-ledger.js';
import { seedDemo } from '../api/demo/demo.seed.js';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import { createDb, createPool } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createEventBus } from '../core/events.js';
import { createLogger } from '../core/log.js';
import { freePort } from '../tests/support/platform-process.js';

const SECONDS = Number(process.argv[2] ?? 5);
const log = createLogger('silent');

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-login-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
  try {
    const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
    await sql.raw('CREATE DATABASE vigil_bench').execute(root);
    await root.destroy();
    const { db } = createDb(cluster.adminUrl('vigil_bench'), 10);
    await migrateToLatest(db as unknown as Kysely<unknown>);
    const logins = (await seedDemo(db)) ?? [];
    const denials = createDenialLedger({ db, log, windowMs: DENIAL_WINDOW_MS });
    const app = createApp({
      db, log, events: createEventBus(), queueOk: () => true, sessionTtlMs: 3600_000, cookieSecure: false,
      loginMaxAttempts: 5, loginWindowMs: 300_000, denials, bodyLimitBytes: 256 * 1024,
      blobs: createFsBlobStore(path.join(dir, 'blobs')), notifier: null, mailCaptured: false,
      publicBaseUrl: 'http://127.0.0.1:3000', rtmpBaseUrl: 'rtmp://127.0.0.1:1935', streamsInternalUrl: 'http://127.0.0.1:9', internalToken: 'bench-internal-token-0000000000',
    });
    const login = (ip: string, username: string, password: string) =>
      app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }, { incoming: { socket: { remoteAddress: ip, remotePort: 1, remoteFamily: 'IPv4' } } });
    const count = async (action: string) => Number((await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

    const statuses = new Map<number, number>();
    const start = performance.now();
    let n = 0;
    while (performance.now() - start < SECONDS * 1000) {
      const res = await login('203.0.113.9', 'officer.wc', `wrong-${n++}-x`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    const s = (performance.now() - start) / 1000;
    const duringRun = { failed: await count('auth.login_failed'), throttled: await count('auth.login_throttled') };
    const real = logins.find((l) => l.username === 'officer.wc')!;
    const realUser = (await login('198.51.100.20', 'officer.wc', real.password)).status;
    await denials.close();
    const summaries = await db.selectFrom('ledger_entries').select('context').where('action', '=', 'auth.login_throttled').execute();
    const summed = summaries.reduce((t, r) => t + Number((r.context as { count: number }).count), 0);
    console.log(`attack: ${n} attempts in ${s.toFixed(1)} s = ${Math.round(n / s)}/s from one address on one account; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    console.log(`ledger during the attack: ${duringRun.failed} auth.login_failed, ${duringRun.throttled} auth.login_throttled (${(duringRun.failed + duringRun.throttled) / s < 1 ? '<1' : ((duringRun.failed + duringRun.throttled) / s).toFixed(1)} entries/s)`);
    console.log(`after the window closes: ${summaries.length} auth.login_throttled entr${summaries.length === 1 ? 'y' : 'ies'} counting ${summed} of ${statuses.get(429) ?? 0} throttled attempts`);
    console.log(`real user from another address during the attack: HTTP ${realUser}`);
    await db.destroy();
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
