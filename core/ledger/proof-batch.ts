import type { Db } from '../db/connect.js';
import { sameHash } from './leaf.js';
import { auditPathRefs, foldRight, rootFromInclusion, type NodeRef } from './merkle.js';
import { fetchNodes, nodeHashOf } from './tree-store.js';

/**
 * Inclusion proofs for many entries to one tree size at once (a case file's hundreds of
 * entries): every node any path needs is fetched in one query, and each proof is checked to
 * lead to `rootHash` before it is handed out.
 */
export type LeafAt = { entryId: string; seq: number; leafHash: Buffer };
export type BatchProof = { entryId: string; leafIndex: number; auditPath: string[] };

export async function inclusionProofs(db: Db, leaves: readonly LeafAt[], treeSize: number, rootHash: Buffer): Promise<BatchProof[]> {
  const paths = leaves.map((l) => {
    if (l.seq < 1 || l.seq > treeSize) throw new Error(`entry ${l.entryId} (position ${l.seq}) is not in the tree of ${treeSize}`);
    return auditPathRefs(l.seq - 1, treeSize);
  });
  const wanted = new Map<string, NodeRef>();
  for (const path of paths) for (const parts of path) for (const r of parts) wanted.set(`${r.level}:${r.idx}`, r);
  const found = await fetchNodes(db, [...wanted.values()]);
  return leaves.map((l, i) => {
    const auditPath = paths[i].map((parts) => foldRight(parts.map((r) => nodeHashOf(found, r))));
    if (!sameHash(rootFromInclusion(l.leafHash, l.seq - 1, treeSize, auditPath), rootHash)) {
      throw new Error(`ledger tree disagrees with checkpoint ${treeSize} at entry ${l.entryId}: run the ledger verifier`);
    }
    return { entryId: l.entryId, leafIndex: l.seq - 1, auditPath: auditPath.map((h) => h.toString('hex')) };
  });
}
