import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { NodeRef, TreeNode } from './merkle.js';

/**
 * Reading and writing the stored tree: leaves live in ledger_chain (level 0 = seq - 1), the
 * complete subtrees above them in ledger_tree_nodes. Bulk inserts go in chunks of ≤ 2000 rows.
 */
export const INSERT_CHUNK = 2000;

export type ChainRow = { seq: number; entryId: string; leafHash: Buffer; chainHash: Buffer };

const key = (r: NodeRef) => `${r.level}:${r.idx}`;

/** Fetches the hashes of the given nodes in one query; a node that is not stored is absent. */
export async function fetchNodes(db: Kysely<Database>, refs: readonly NodeRef[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (refs.length === 0) return found;
  const seqs = refs.filter((r) => r.level === 0).map((r) => String(r.idx + 1));
  const upper = refs.filter((r) => r.level > 0);
  const { rows } = await sql<{ level: number; idx: string; hash: Buffer }>`
    SELECT 0 AS level, (seq - 1)::text AS idx, leaf_hash AS hash FROM ledger_chain WHERE seq = ANY(${seqs}::bigint[])
    UNION ALL
    SELECT n.level::int, n.idx::text, n.hash
    FROM ledger_tree_nodes n
    JOIN unnest(${upper.map((r) => r.level)}::smallint[], ${upper.map((r) => String(r.idx))}::bigint[]) AS u(level, idx)
      ON n.level = u.level AND n.idx = u.idx`.execute(db);
  for (const r of rows) found.set(`${r.level}:${r.idx}`, r.hash);
  return found;
}

/** Looks a node up in fetchNodes' result, failing loudly when the store lacks it. */
export function nodeHashOf(found: Map<string, Buffer>, ref: NodeRef): Buffer {
  const hash = found.get(key(ref));
  if (!hash) throw new Error(`ledger tree node level ${ref.level} index ${ref.idx} is missing`);
  return hash;
}

export async function fetchTreeNodes(db: Kysely<Database>, refs: readonly NodeRef[]): Promise<TreeNode[]> {
  const found = await fetchNodes(db, refs);
  return refs.map((r) => ({ ...r, hash: nodeHashOf(found, r) }));
}

export async function insertChainRows(db: Kysely<Database>, rows: readonly ChainRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await db
      .insertInto('ledger_chain')
      .values(chunk.map((r) => ({ seq: String(r.seq), entry_id: r.entryId, leaf_hash: r.leafHash, chain_hash: r.chainHash })))
      .execute();
  }
}

export async function insertTreeNodes(db: Kysely<Database>, nodes: readonly TreeNode[]): Promise<void> {
  for (let i = 0; i < nodes.length; i += INSERT_CHUNK) {
    const chunk = nodes.slice(i, i + INSERT_CHUNK);
    await db
      .insertInto('ledger_tree_nodes')
      .values(chunk.map((n) => ({ level: n.level, idx: String(n.idx), hash: n.hash })))
      .execute();
  }
}

/** The chain's head: its length and last chain hash (size 0 has no rows). */
export async function chainHead(db: Kysely<Database>): Promise<{ size: number; chainHash: Buffer | null }> {
  const row = await db.selectFrom('ledger_chain').select(['seq', 'chain_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { size: Number(row.seq), chainHash: row.chain_hash } : { size: 0, chainHash: null };
}
