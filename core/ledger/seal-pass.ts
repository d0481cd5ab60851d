import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import { chainHash, leafHash, ZERO_HASH } from './leaf.js';
import { LEAF_COLUMNS, leafEntryOf, type LeafRow } from './ledger-rows.js';
import { decompose, MerkleFrontier, type TreeNode } from './merkle.js';
import { chainHead, fetchTreeNodes, insertChainRows, insertTreeNodes, type ChainRow } from './tree-store.js';

/**
 * One sealing pass, in one REPEATABLE READ transaction: take committed entries that have no
 * chain row yet, in id order, and append them to the chain and the Merkle tree.
 */
export type SealHead = { size: number; chainHash: Buffer; frontier: MerkleFrontier };

/**
 * After a pass that filled its limit, the horizon cannot move (older entries are still waiting),
 * so the next pass would re-scan everything chained since it. The cursor avoids that: every
 * entry with txid < xmin and id <= lastId is chained, so only entries above lastId, or begun
 * at or after xmin (they were invisible then), need looking at.
 */
export type SealCursor = { xmin: string; lastId: string };

export type PassResult = { sealed: number; filled: boolean; cursor: SealCursor | null };

export async function loadHead(db: Kysely<Database>): Promise<SealHead> {
  const head = await chainHead(db);
  const nodes = await fetchTreeNodes(db, decompose(0, head.size));
  return { size: head.size, chainHash: head.chainHash ?? ZERO_HASH, frontier: new MerkleFrontier(head.size, nodes) };
}

function unchained(where: RawBuilder<unknown>, limit: number) {
  return sql<LeafRow>`SELECT ${LEAF_COLUMNS} FROM ledger_entries e
    WHERE ${where} AND NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)
    ORDER BY e.id LIMIT ${limit}`;
}

async function selectBatch(conn: Kysely<Database>, horizon: string, cursor: SealCursor | null, limit: number): Promise<LeafRow[]> {
  if (!cursor) return (await unchained(sql`e.txid >= ${horizon}::xid8`, limit).execute(conn)).rows;
  // No txid bound above the cursor: a backlog is mostly there, and walking the primary key from
  // the cursor beats the txid index (entries below the horizon are chained, the anti-join skips them).
  const above = (await unchained(sql`e.id > ${cursor.lastId}::bigint`, limit).execute(conn)).rows;
  const late = (await unchained(sql`e.txid >= ${cursor.xmin}::xid8 AND e.id <= ${cursor.lastId}::bigint`, limit).execute(conn)).rows;
  if (late.length === 0) return above;
  return [...late, ...above].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).slice(0, limit);
}

/**
 * Runs one pass on `conn` (a single connection; the caller holds the sealer lock on it) and
 * advances `head` in place. On error the transaction is rolled back and `head` must be reloaded.
 */
export async function sealPass(conn: Kysely<Database>, head: SealHead, cursor: SealCursor | null, limit: number): Promise<PassResult> {
  await sql`BEGIN ISOLATION LEVEL REPEATABLE READ`.execute(conn);
  try {
    // The first statement fixes the snapshot, so xmin here is the snapshot's own xmin.
    const state = await sql<{ horizon: string; xmin: string }>`
      SELECT horizon::text AS horizon, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin
      FROM ledger_sealer_state WHERE id = 1`.execute(conn);
    const { horizon, xmin } = state.rows[0];
    const rows = await selectBatch(conn, horizon, cursor, limit);
    const chain: ChainRow[] = [];
    const nodes: TreeNode[] = [];
    for (const row of rows) {
      const leaf = leafHash(leafEntryOf(row));
      head.chainHash = chainHash(head.chainHash, leaf);
      head.size++;
      head.frontier.push(leaf, nodes);
      chain.push({ seq: head.size, entryId: row.id, leafHash: leaf, chainHash: head.chainHash });
    }
    await insertChainRows(conn, chain);
    await insertTreeNodes(conn, nodes);
    const filled = rows.length >= limit;
    // Every txid below xmin had finished when the snapshot was taken: once all visible entries
    // are chained, none can still appear below it.
    if (!filled) await sql`UPDATE ledger_sealer_state SET horizon = ${xmin}::xid8 WHERE id = 1 AND horizon < ${xmin}::xid8`.execute(conn);
    await sql`COMMIT`.execute(conn);
    return { sealed: rows.length, filled, cursor: filled ? { xmin, lastId: rows[rows.length - 1].id } : null };
  } catch (err) {
    await sql`ROLLBACK`.execute(conn).catch(() => {});
    throw err;
  }
}
