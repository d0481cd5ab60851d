// `npm run verify`: checks the ledger and the blob store end to end; exit 0 when intact.
// `npm run verify -- case.zip`: checks an exported case bundle offline (no database, no config).
import path from 'node:path';
import { formatBundleReport } from '../bundle/bundle-report.js';
import { verifyBundle } from '../bundle/bundle-verify.js';

const SHOW = 20;

/** The bundle named on the command line, if any: checked alone, the platform is not touched. */
async function verifyBundleArgs(args: string[]): Promise<number | null> {
  const zips = args.filter((a) => a.toLowerCase().endsWith('.zip'));
  if (zips.length === 0) return null;
  let worst = 0;
  for (const zip of zips) {
    const started = performance.now();
    const report = await verifyBundle(zip);
    process.stdout.write(formatBundleReport(path.basename(zip), report, (performance.now() - started) / 1000));
    if (!report.ok) worst = 1;
  }
  return worst;
}

async function main(): Promise<number> {
  const bundle = await verifyBundleArgs(process.argv.slice(2));
  if (bundle !== null) return bundle;
  // Loaded only for the platform's check: a bundle needs none of them (and starts faster without).
  const [{ createFsBlobStore }, { ConfigError, loadConfig }, { openDatabase }, { createDb }, { createLogger }, { checkEntities }, { verifyLedger }, { createProgressReporter }] = await Promise.all([
    import('../blob/fs-blob-store.js'),
    import('../config.js'),
    import('../db/bootstrap.js'),
    import('../db/connect.js'),
    import('../log.js'),
    import('./entity-check.js'),
    import('./verify.js'),
    import('./verify-progress.js'),
  ]);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'warn');
  const handle = await openDatabase(config, log);
  const { db } = createDb(handle.adminUrl, 3);
  const progress = createProgressReporter();
  const started = performance.now();
  try {
    const result = await verifyLedger({
      db,
      dbUrl: handle.adminUrl,
      keysDir: path.join(config.dataDir, 'keys'),
      blobStore: createFsBlobStore(path.join(config.dataDir, 'blobs')),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    // Live registry rows must match the state their latest ledger entry recorded.
    const entities = await checkEntities(db);
    if (entities.problems.length) {
      result.ok = false;
      result.problems.push(...entities.problems.map((p) => ({ kind: 'entity' as const, id: p.id, message: `${p.id}: ${p.message}` })));
      result.problemCount += entities.problems.length;
      result.firstProblem ??= result.problems[0];
    }
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    for (const w of result.warnings.slice(0, SHOW)) process.stdout.write(`warning: ${w.message}\n`);
    if (result.ok) {
      process.stdout.write(`ledger intact: ${result.entries} entries, ${result.checkpoints} checkpoints, ${result.blobs} blobs, ${entities.checked} registry records (${secs} s)\n`);
      return 0;
    }
    const first = result.firstProblem!;
    process.stdout.write(`LEDGER BROKEN: ${result.problemCount} problem(s); first: ${first.message}\n`);
    for (const p of result.problems.slice(0, SHOW)) process.stdout.write(`  [${p.kind}] ${p.message}\n`);
    if (result.problemCount > SHOW) process.stdout.write(`  … and ${result.problemCount - SHOW} more\n`);
    return 1;
  } finally {
    progress.stop();
    await db.destroy();
    await handle.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`verify failed to run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
