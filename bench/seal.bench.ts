// The agency seal's signature (issue 13 item 5): `npx tsx bench/seal.bench.ts [out.pdf]`.
// An embedded PostgreSQL (migrated, one agency), the agency's key made on first use (timed once),
// then a three-page decision-like PDF (Chinese text, the seal drawn, the placeholder reserved)
// signed RUNS times warm: p50/p95 of sign() alone, and of render + sign, and of verifying it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { warmCjkFonts } from '../api/documents/pdf-fonts.js';
import { createDb } from '../core/db/connect.js';
import { startEmbeddedPostgres } from '../core/db/embedded.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger } from '../core/log.js';
import { createAgencySeal } from '../core/seal/create-agency-seal.js';
import { verifyPdfSignature } from '../core/seal/verify-signature.js';
import { sampleDecisionPdf } from '../tests/support/seal-pdf.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-seal-bench-'));
const log = createLogger('silent');
const cluster = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), log, persistent: false });
const { db } = createDb(cluster.adminUrl('postgres'), 2);
try {
  await migrateToLatest(db as never);
  const agency = await sql<{ id: string }>`INSERT INTO agencies (level, name, short_name, code, path) VALUES ('province', '金华市婺城区卫生健康局', '婺城卫健', '990001', '/b/') RETURNING id`.execute(db);
  const info = { agencyId: agency.rows[0].id, agencyName: '金华市婺城区卫生健康局', reason: '行政处罚决定书 婺卫医罚〔2026〕12号', location: '浙江省金华市' };
  const seal = createAgencySeal({ keysDir: path.join(dir, 'keys'), db, log });
  await warmCjkFonts();

  let start = performance.now();
  await seal.certificate(info);
  console.log(`first use (RSA-3072 key + certificate made, recorded, ledgered): ${(performance.now() - start).toFixed(0)} ms`);

  const unsigned = await sampleDecisionPdf(seal, info);
  for (let i = 0; i < 5; i++) await seal.sign(unsigned, info); // warm-up
  const signTimes: number[] = [];
  const totalTimes: number[] = [];
  const verifyTimes: number[] = [];
  let signed: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    const pdf = await sampleDecisionPdf(seal, info);
    const mid = performance.now();
    signed = await seal.sign(pdf, info);
    const end = performance.now();
    signTimes.push(end - mid);
    totalTimes.push(end - start);
    start = performance.now();
    if (!verifyPdfSignature(signed).signed) throw new Error('not signed');
    verifyTimes.push(performance.now() - start);
  }
  const line = (label: string, xs: number[]) => console.log(`${label}: p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms (${RUNS} runs)`);
  console.log(`3-page PDF: ${unsigned.length} bytes unsigned, ${signed.length} signed`);
  line('sign() warm', signTimes);
  line('render 3 pages with the seal + sign()', totalTimes);
  line('verifyPdfSignature()', verifyTimes);
  if (process.argv[2]) writeFileSync(process.argv[2], signed);
} finally {
  await db.destroy();
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
