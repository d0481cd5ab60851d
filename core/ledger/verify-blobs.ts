import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { hashStream, type BlobStore } from '../blob/blob-store.js';
import type { ProblemLog, VerifyProgress } from './verify-problems.js';
import { deletionMessage } from '../retention/recording-retention.js';
import type { LedgerPublicKey } from './signer.js';

/**
 * Every blob the database knows must be in the store with the recorded size and the SHA-256 it
 * is named by. Files are hashed as streams, a few at a time.
 */
const PAGE = 1000;
const PARALLEL = 4;

async function checkOne(store: BlobStore, blob: { sha256: string; size: number }, log: ProblemLog): Promise<void> {
  const st = await store.stat(blob.sha256);
  if (!st) {
    log.add('blob_missing', blob.sha256, `blob ${blob.sha256} is missing from the blob store`);
    return;
  }
  if (st.size !== blob.size) {
    log.add('blob_size', blob.sha256, `blob ${blob.sha256} is ${st.size} bytes, recorded as ${blob.size}`);
    return;
  }
  let actual: string;
  try {
    actual = (await hashStream(await store.get(blob.sha256))).sha256;
  } catch (err) {
    log.add('blob_missing', blob.sha256, `blob ${blob.sha256} cannot be read: ${(err as Error).message}`);
    return;
  }
  if (actual !== blob.sha256) log.add('blob_hash', blob.sha256, `blob ${blob.sha256} content was altered (its bytes hash to ${actual})`);
}

export async function verifyBlobs(
  db: Kysely<Database>,
  store: BlobStore,
  log: ProblemLog,
  onProgress?: (p: VerifyProgress) => void,
  key?: LedgerPublicKey,
): Promise<number> {
  const total = Number((await db.selectFrom('blobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  let done = 0;
  let after = '';
  for (;;) {
    const page = await db
      .selectFrom('blobs as b')
      .leftJoin('blob_deletions as d', 'd.sha256', 'b.sha256')
      .select(['b.sha256', 'b.size', 'd.rule', 'd.subject', 'd.deleted_at', 'd.signature', 'd.key_id'])
      .where('b.sha256', '>', after)
      .orderBy('b.sha256')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    // A blob deleted by a retention rule is accounted for by its signed deletion record.
    for (const d of page) {
      if (!d.signature || !d.deleted_at) continue;
      const msg = deletionMessage({ sha256: d.sha256, size: d.size, rule: d.rule ?? '', subject: d.subject, deletedAt: d.deleted_at });
      if (key && (d.key_id !== key.keyId || !key.verify(msg, d.signature))) log.add('deletion_signature', d.sha256, `deletion record of blob ${d.sha256} is not validly signed`);
    }
    const present = page.filter((b) => !b.signature);
    for (let i = 0; i < present.length; i += PARALLEL) {
      await Promise.all(present.slice(i, i + PARALLEL).map((b) => checkOne(store, { sha256: b.sha256, size: Number(b.size) }, log)));
    }
    done += page.length;
    after = page[page.length - 1].sha256;
    onProgress?.({ phase: 'blobs', done, total: Math.max(total, done) });
  }
  return done;
}
