// Ledger figures: `npx tsx bench/ledger.bench.ts`. Starts its own embedded PostgreSQL in a temp
// dir and prints append throughput, commit → chained delay, sealer catch-up, verify time and
// inclusion-proof latency at 1,000,000 entries. BENCH_ENTRIES overrides the 1M.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createDb, createPool, type Db } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../core/db/grants.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { appendLedger } from '../core/ledger/append.js';
import { inclusionProof, verifyInclusion } from '../core/ledger/proof.js';
import { createSealer } from '../core/ledger/sealer.js';
import { loadOrCreateSigner } from '../core/ledger/signer.js';
import { verifyLedger } from '../core/ledger/verify.js';
import { createLogger } from '../core/log.js';
import { freePort } from '../tests/support/platform-process.js';

const BULK = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const TXNS = 3000;
const log = createLogger('silent');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const rows: [string, string][] = [];
const report = (what: string, value: string) => {
  rows.push([what, value]);
  process.stderr.write(`  ${what}: ${value}\n`);
};

async function appendRun(db: Db, clients: number): Promise<{ perSec: number; commits: Map<string, number> }> {
  const commits = new Map<string, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < TXNS) {
        const i = next++;
        const id = await db.transaction().execute(async (trx) => {
          const item = await sql<{ id: string }>`INSERT INTO bench_items (name) VALUES (${`item ${i}`}) RETURNING id::text`.execute(trx);
          return appendLedger(trx, { actor: { type: 'user', id: 'bench' }, action: 'item.create', entityType: 'bench_item', entityId: item.rows[0].id, state: { name: `item ${i}`, n: i } });
        });
        commits.set(id, Date.now());
      }
    }),
  );
  return { perSec: TXNS / ((performance.now() - t0) / 1000), commits };
}

/** Waits until every entry is chained, then returns commit → sealed_at delays in ms. */
async function chainDelays(db: Db, commits: Map<string, number>): Promise<number[]> {
  const ids = [...commits.keys()];
  for (;;) {
    const { rows: got } = await sql<{ id: string; ms: number }>`
      SELECT entry_id::text AS id, extract(epoch FROM sealed_at) * 1000 AS ms FROM ledger_chain WHERE entry_id = ANY(${ids}::bigint[])`.execute(db);
    if (got.length === ids.length) return got.map((r) => Math.max(0, Number(r.ms) - commits.get(r.id)!));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** 1M entries in a few statements; the state digest computed in SQL over the canonical JSON text. */
async function bulkLoad(admin: Db, n: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await sql`
      INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest, request_id, context)
      SELECT 'user', 'u' || (g % 50), 'bulk.create', 'bench_item', g::text, s::json, sha256(convert_to(s, 'UTF8')), 'req-' || g,
             CASE WHEN g % 10 = 0 THEN '{"ip":"10.0.0.1"}'::jsonb END
      FROM generate_series(${from}::bigint, ${to}::bigint) AS g,
           LATERAL (SELECT '{"amount":' || (g % 1000) || ',"name":"item ' || g || '","tags":["x","y"]}' AS s) AS c`.execute(admin);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-ledger-bench-'));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
  try {
    const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 1) }) });
    await sql.raw('CREATE DATABASE vigil_bench').execute(root);
    await ensureLoginRole(root, 'vigil_app', 'bench');
    await root.destroy();
    const { db: admin } = createDb(cluster.adminUrl('vigil_bench'), 4);
    await migrateToLatest(admin as unknown as Kysely<unknown>);
    await sql`CREATE TABLE bench_items (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(admin);
    await grantAppRole(admin as unknown as Kysely<unknown>, 'vigil_app');
    const appUrl = `postgres://vigil_app:bench@127.0.0.1:${cluster.port}/vigil_bench`;
    const { db } = createDb(appUrl, 20);
    const signer = loadOrCreateSigner(path.join(dir, 'keys'));
    const sealerOpts = { log, signer, intervalMs: 100, checkpointIntervalMs: 60_000, checkpointEveryEntries: 10_000 };

    process.stderr.write('(a)+(b) appends with the sealer running\n');
    const sealerDb = createDb(appUrl, 2).db;
    const sealer = createSealer({ db: sealerDb, ...sealerOpts });
    sealer.start();
    for (const clients of [1, 4, 16]) {
      const run = await appendRun(db, clients);
      report(`append, ${clients} client(s), ${TXNS} txns (domain row + entry)`, `${Math.round(run.perSec).toLocaleString('en')} entries/s`);
      const delays = await chainDelays(db, run.commits);
      report(`commit → chained, ${clients} client(s)`, `p50 ${pct(delays, 50).toFixed(0)} ms, p95 ${pct(delays, 95).toFixed(0)} ms, max ${Math.max(...delays).toFixed(0)} ms`);
    }
    await sealer.stop();
    await sealerDb.destroy();
    // What the sealer's own writes cost the writers: the same appends with no sealer running.
    for (const clients of [4, 16]) {
      const run = await appendRun(db, clients);
      report(`append, ${clients} client(s), sealer stopped`, `${Math.round(run.perSec).toLocaleString('en')} entries/s`);
    }
    if (process.env.BENCH_APPEND_ONLY) return;

    process.stderr.write(`(c) bulk-loading ${BULK.toLocaleString('en')} entries\n`);
    let t0 = performance.now();
    await bulkLoad(admin, BULK);
    report(`bulk load ${BULK.toLocaleString('en')} entries (INSERT … SELECT)`, `${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const catchUp = createSealer({ db, ...sealerOpts });
    t0 = performance.now();
    const sealed = await catchUp.sealOnce();
    const sealSecs = (performance.now() - t0) / 1000;
    report(`sealer catch-up, ${sealed.toLocaleString('en')} entries backlog`, `${sealSecs.toFixed(1)} s (${Math.round(sealed / sealSecs).toLocaleString('en')} entries/s)`);
    await catchUp.checkpointNow();
    await catchUp.stop();

    t0 = performance.now();
    const result = await verifyLedger({ db: admin, publicKeyPem: signer.publicKeyPem });
    const verifySecs = (performance.now() - t0) / 1000;
    if (!result.ok) throw new Error(`verify found problems: ${result.firstProblem?.message}`);
    report(`verify ${result.entries.toLocaleString('en')} entries, ${result.checkpoints} checkpoints`, `${verifySecs.toFixed(1)} s (${Math.round(result.entries / verifySecs).toLocaleString('en')} entries/s)`);

    t0 = performance.now();
    const parallel = await verifyLedger({ db: admin, publicKeyPem: signer.publicKeyPem, dbUrl: cluster.adminUrl('vigil_bench'), workers: 2, workersFrom: 0 });
    const parallelSecs = (performance.now() - t0) / 1000;
    if (!parallel.ok) throw new Error(`verify (2 workers) found problems: ${parallel.firstProblem?.message}`);
    report(`verify ${parallel.entries.toLocaleString('en')} entries, 2 worker threads`, `${parallelSecs.toFixed(1)} s (${Math.round(parallel.entries / parallelSecs).toLocaleString('en')} entries/s)`);

    process.stderr.write('(d) inclusion proofs\n');
    const { rows: sample } = await sql<{ id: string }>`SELECT entry_id::text AS id FROM ledger_chain TABLESAMPLE SYSTEM (1) LIMIT 1000`.execute(db);
    const times: number[] = [];
    for (const { id } of sample) {
      const s = performance.now();
      const proof = await inclusionProof(db, id);
      times.push(performance.now() - s);
      if (!proof?.checkpoint || !verifyInclusion(proof.leafHash, proof.leafIndex, proof.treeSize, proof.auditPath, proof.checkpoint.rootHash)) {
        throw new Error(`proof for entry ${id} does not verify`);
      }
    }
    report(`inclusion proof, ${times.length} random entries at ${result.entries.toLocaleString('en')}`, `p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms (all verified)`);
    await db.destroy();
    await admin.destroy();
  } finally {
    await cluster.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nVigil ledger bench (${os.cpus().length} cores, embedded PostgreSQL, fsync on)`);
  console.log(`${'measure'.padEnd(width)} | result`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(40)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
}

await main();
