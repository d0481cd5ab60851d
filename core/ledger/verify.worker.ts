// A verify worker: reads seq ranges of the chain on its own connection and does the per-row
// work (state digest, leaf recomputation), so the main thread only walks the chain and tree.
import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from '../db/connect.js';
import { sha256, stateDigest } from './canonical.js';
import { leafHash, sameHash } from './leaf.js';
import { leafEntryOf, type LeafRow } from './ledger-rows.js';
import type { PreparedBatch } from './verify-chain.js';
import { chainRows } from './verify-stream.js';

const NULL_DIGEST = stateDigest(null);
const { db } = createDb((workerData as { url: string }).url, 1);

async function prepare(after: number, upTo: number): Promise<PreparedBatch> {
  const rows = await chainRows(db, after, upTo);
  const n = rows.length;
  const out: PreparedBatch = { seqs: new Float64Array(n), entryIds: new Array(n), ids: new Array(n), stateOk: new Uint8Array(n), hashes: new Uint8Array(n * 96) };
  const hashes = Buffer.from(out.hashes.buffer);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    out.seqs[i] = Number(row.seq);
    out.entryIds[i] = row.entry_id;
    out.ids[i] = row.id ?? null;
    row.leaf_hash.copy(hashes, i * 96);
    row.chain_hash.copy(hashes, i * 96 + 32);
    if (row.id == null) continue;
    const digest = row.state_text === null ? NULL_DIGEST : sha256(row.state_text);
    out.stateOk[i] = sameHash(digest, row.state_digest) ? 1 : 0;
    leafHash(leafEntryOf(row as LeafRow)).copy(hashes, i * 96 + 64);
  }
  return out;
}

parentPort?.on('message', (msg: { id: number; after: number; upTo: number } | 'close') => {
  if (msg === 'close') {
    void db.destroy().then(() => process.exit(0));
    return;
  }
  prepare(msg.after, msg.upTo).then(
    (batch) => parentPort?.postMessage({ id: msg.id, batch }, [batch.hashes.buffer as ArrayBuffer]),
    (err: unknown) => parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
