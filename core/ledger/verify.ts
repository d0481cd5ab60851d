import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Database } from '../db/database.js';
import { allCheckpoints } from './checkpoint.js';
import { loadPublicKey } from './signer.js';
import { verifyBlobs } from './verify-blobs.js';
import { ChainChecker } from './verify-chain.js';
import { ProblemLog, type VerifyProblem, type VerifyProgress } from './verify-problems.js';
import { streamPrepared } from './verify-parallel.js';
import { chainSize, streamChain, unsealedEntries } from './verify-stream.js';

export type { VerifyProblem, VerifyProgress };

/**
 * Verifies the whole ledger from the database alone plus the public key: every entry against
 * its chain row, the chain, the Merkle tree and the signed checkpoints, then every blob against
 * the blob store. Reads only; safe to run beside a live platform.
 */
export type VerifyOptions = {
  db: Kysely<Database>;
  /** The checkpoint key: its PEM, or the keys directory (DATA_DIR/keys). */
  publicKeyPem?: string;
  keysDir?: string;
  blobStore?: BlobStore;
  onProgress?: (p: VerifyProgress) => void;
  /**
   * Connection URL for verify workers: with it, the per-row work runs on `workers` threads
   * (default 2), each with its own connection, once the chain is at least `workersFrom` entries
   * (default 50,000: starting a worker costs about a second). Without it, everything runs here.
   */
  dbUrl?: string;
  workers?: number;
  workersFrom?: number;
  /** Seqs per batch (default 20,000). */
  batchSize?: number;
  /** Entries not yet chained are a warning while younger than this (default 60 s). */
  unsealedGraceMs?: number;
};

export type VerifyResult = {
  ok: boolean;
  entries: number;
  checkpoints: number;
  blobs: number;
  problems: VerifyProblem[];
  /** Total problems found (problems holds the first 1,000). */
  problemCount: number;
  warnings: VerifyProblem[];
  firstProblem: VerifyProblem | null;
};

export async function verifyLedger(opts: VerifyOptions): Promise<VerifyResult> {
  const { db } = opts;
  const key = opts.publicKeyPem
    ? loadPublicKey({ publicKeyPem: opts.publicKeyPem })
    : opts.keysDir
      ? loadPublicKey({ keysDir: opts.keysDir })
      : null;
  if (!key) throw new Error('verifyLedger needs publicKeyPem or keysDir');
  const log = new ProblemLog();
  const [size, checkpoints] = await Promise.all([chainSize(db), allCheckpoints(db)]);
  // Started now, read after the stream: it runs on another connection meanwhile.
  const unsealed = unsealedEntries(db, opts.unsealedGraceMs ?? 60_000);
  unsealed.catch(() => {});

  const checker = new ChainChecker(log, key, checkpoints);
  const batchSize = opts.batchSize ?? 20_000;
  if (opts.dbUrl && size >= (opts.workersFrom ?? 50_000)) {
    for await (const b of streamPrepared(db, opts.dbUrl, size, batchSize, opts.workers ?? 2)) {
      checker.checkPreparedBatch(b.batch, b.nodes);
      opts.onProgress?.({ phase: 'entries', done: b.upTo, total: size });
    }
  } else {
    for await (const batch of streamChain(db, size, batchSize)) {
      checker.checkBatch(batch.rows, batch.nodes);
      opts.onProgress?.({ phase: 'entries', done: batch.upTo, total: size });
    }
  }
  checker.finish();

  for (const e of await unsealed) {
    if (e.late) log.add('unsealed', e.id, `entry ${e.id} was never chained by the sealer (older than the grace period)`);
    else log.warn('unsealed', e.id, `entry ${e.id} is not chained yet (recent; the sealer is catching up)`);
  }

  const blobs = opts.blobStore ? await verifyBlobs(db, opts.blobStore, log, opts.onProgress, key) : 0;
  return {
    ok: log.count === 0,
    entries: checker.entries,
    checkpoints: checker.checkpoints,
    blobs,
    problems: log.problems,
    problemCount: log.count,
    warnings: log.warnings,
    firstProblem: log.problems[0] ?? null,
  };
}
