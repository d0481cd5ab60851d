import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { AppError } from '../errors.js';
import { checkpointFromRow, checkpointJson } from './checkpoint.js';
import { auditPathRefs, foldRight, rootFromInclusion, verifyInclusion } from './merkle.js';
import { fetchNodes, nodeHashOf } from './tree-store.js';

/**
 * RFC 6962 inclusion proofs from the stored tree: every sibling on the path is a stored perfect
 * subtree (or, on the tree's right edge, a few of them folded together), fetched in one query.
 */
export type InclusionProof = {
  entryId: string;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: string[];
  rootHash: string;
  checkpoint: ReturnType<typeof checkpointJson> | null;
};

export { verifyInclusion };

type Located = {
  seq: string;
  leaf_hash: Buffer;
  size: string;
  tree_size: string | null;
  root_hash: Buffer | null;
  chain_hash: Buffer | null;
  signed_at: Date | null;
  key_id: string | null;
  signature: Buffer | null;
};

/** The entry's chain row, the current tree size, and the checkpoint to prove against. */
async function locate(db: Db, entryId: string, treeSize: number | undefined): Promise<Located | undefined> {
  const pick = treeSize === undefined ? sql`cp.tree_size >= c.seq` : sql`cp.tree_size = ${String(treeSize)}::bigint`;
  const { rows } = await sql<Located>`
    SELECT c.seq::text AS seq, c.leaf_hash, (SELECT max(seq) FROM ledger_chain)::text AS size,
      cp.tree_size::text AS tree_size, cp.root_hash, cp.chain_hash, cp.signed_at, cp.key_id, cp.signature
    FROM ledger_chain c
    LEFT JOIN LATERAL (
      SELECT * FROM ledger_checkpoints cp WHERE ${pick} ORDER BY cp.tree_size DESC LIMIT 1
    ) cp ON true
    WHERE c.entry_id = ${entryId}::bigint`.execute(db);
  return rows[0];
}

/**
 * Proof that the entry is in the tree: by default the tree of the latest checkpoint (null
 * checkpoint and the current tree when none covers the entry yet). With `treeSize`, that tree
 * (signed when a checkpoint of that size exists). Null when the entry is unknown or not sealed.
 */
export async function inclusionProof(db: Db, entryId: string, treeSize?: number): Promise<InclusionProof | null> {
  const row = await locate(db, entryId, treeSize);
  if (!row) return null;
  const seq = Number(row.seq);
  const current = Number(row.size);
  const cp =
    row.tree_size === null
      ? null
      : checkpointFromRow({ tree_size: row.tree_size, root_hash: row.root_hash!, chain_hash: row.chain_hash!, signed_at: row.signed_at!, key_id: row.key_id!, signature: row.signature! });
  const size = treeSize ?? cp?.treeSize ?? current;
  if (size < seq || size > current) {
    throw new AppError('validation_failed', `tree size must be between ${seq} (the entry's position) and ${current}`);
  }
  const leafIndex = seq - 1;
  const refs = auditPathRefs(leafIndex, size);
  const found = await fetchNodes(db, refs.flat());
  const auditPath = refs.map((parts) => foldRight(parts.map((r) => nodeHashOf(found, r))));
  const root = rootFromInclusion(row.leaf_hash, leafIndex, size, auditPath);
  if (!root) throw new Error(`inclusion proof for entry ${entryId} has the wrong shape`);
  if (cp && !cp.rootHash.equals(root)) {
    throw new Error(`ledger tree disagrees with checkpoint ${cp.treeSize}: run the ledger verifier`);
  }
  return {
    entryId,
    leafIndex,
    treeSize: size,
    leafHash: row.leaf_hash.toString('hex'),
    auditPath: auditPath.map((h) => h.toString('hex')),
    rootHash: root.toString('hex'),
    checkpoint: cp ? checkpointJson(cp) : null,
  };
}
