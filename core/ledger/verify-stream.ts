import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { LEAF_COLUMNS } from './ledger-rows.js';
import type { ChainStreamRow } from './verify-chain.js';

/**
 * Reads the chain for the verifier in seq ranges (keyset pagination on the primary key), each
 * range with its entries and the stored tree nodes that range completes. The next range is
 * fetched while the current one is being checked.
 */
export type ChainBatch = { rows: ChainStreamRow[]; nodes: Map<string, Buffer> };

export async function chainRows(db: Kysely<Database>, after: number, upTo: number): Promise<ChainStreamRow[]> {
  const { rows } = await sql<ChainStreamRow>`
    SELECT c.seq::text AS seq, c.entry_id::text AS entry_id, c.leaf_hash, c.chain_hash, ${LEAF_COLUMNS}, e.state::text AS state_text
    FROM ledger_chain c LEFT JOIN ledger_entries e ON e.id = c.entry_id
    WHERE c.seq > ${after} AND c.seq <= ${upTo}
    ORDER BY c.seq`.execute(db);
  return rows;
}

/**
 * Stored nodes (level >= 1) completed by leaves [start, end): node (L, i) is completed by leaf
 * (i + 1)·2^L − 1, so i runs from ceil((start + 1) / 2^L) − 1 to floor(end / 2^L) − 1.
 */
export async function treeNodes(db: Kysely<Database>, start: number, end: number): Promise<Map<string, Buffer>> {
  const levels: number[] = [];
  const los: string[] = [];
  const his: string[] = [];
  for (let level = 1; 2 ** level <= end; level++) {
    const width = 2 ** level;
    const lo = Math.ceil((start + 1) / width) - 1;
    const hi = Math.floor(end / width) - 1;
    if (hi < lo) continue;
    levels.push(level);
    los.push(String(lo));
    his.push(String(hi));
  }
  const found = new Map<string, Buffer>();
  if (levels.length === 0) return found;
  const { rows } = await sql<{ level: number; idx: string; hash: Buffer }>`
    SELECT n.level::int AS level, n.idx::text AS idx, n.hash
    FROM unnest(${levels}::smallint[], ${los}::bigint[], ${his}::bigint[]) AS u(level, lo, hi)
    JOIN LATERAL (SELECT * FROM ledger_tree_nodes t WHERE t.level = u.level AND t.idx BETWEEN u.lo AND u.hi) n ON true`.execute(db);
  for (const r of rows) found.set(`${r.level}:${r.idx}`, r.hash);
  return found;
}

async function fetchBatch(db: Kysely<Database>, after: number, upTo: number): Promise<ChainBatch> {
  const [rows, nodes] = await Promise.all([chainRows(db, after, upTo), treeNodes(db, after, upTo)]);
  return { rows, nodes };
}

/** Batches covering seqs 1..size, `batchSize` seqs each, one fetched ahead. */
export async function* streamChain(db: Kysely<Database>, size: number, batchSize: number): AsyncGenerator<ChainBatch & { upTo: number }> {
  let after = 0;
  let next: Promise<ChainBatch> | null = size > 0 ? fetchBatch(db, 0, Math.min(batchSize, size)) : null;
  while (next) {
    const upTo = Math.min(after + batchSize, size);
    const batch = await next;
    next = upTo < size ? fetchBatch(db, upTo, Math.min(upTo + batchSize, size)) : null;
    // Keep a rejected prefetch from surfacing as unhandled if the consumer stops early.
    next?.catch(() => {});
    yield { ...batch, upTo };
    after = upTo;
  }
}

export async function chainSize(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: string | null }>`SELECT max(seq)::text AS n FROM ledger_chain`.execute(db);
  return Number(rows[0].n ?? 0);
}

/** Entries with no chain row, oldest first, with whether they are past the grace period. */
export async function unsealedEntries(db: Kysely<Database>, graceMs: number, limit = 1000): Promise<{ id: string; late: boolean }[]> {
  const { rows } = await sql<{ id: string; late: boolean }>`
    SELECT e.id::text AS id, e.recorded_at < clock_timestamp() - make_interval(secs => ${graceMs / 1000}) AS late
    FROM ledger_entries e
    WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.entry_id = e.id)
    ORDER BY e.id LIMIT ${limit}`.execute(db);
  return rows;
}
