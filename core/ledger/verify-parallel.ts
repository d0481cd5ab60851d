import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { PreparedBatch } from './verify-chain.js';
import { treeNodes } from './verify-stream.js';

type Reply = { id: number; batch?: PreparedBatch; error?: string };

/**
 * Streams the chain as batches prepared by `workers` worker threads, each on its own database
 * connection, in seq order, a few batches ahead. Tree nodes are read here on `db`.
 */
export async function* streamPrepared(
  db: Kysely<Database>,
  url: string,
  size: number,
  batchSize: number,
  workers: number,
): AsyncGenerator<{ batch: PreparedBatch; nodes: Map<string, Buffer>; upTo: number }> {
  const pool = Array.from({ length: workers }, () => new Worker(new URL('./verify.worker.boot.mjs', import.meta.url), { workerData: { url } }));
  const pending = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error) => void }>();
  for (const w of pool) {
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (r.batch) p?.resolve(r.batch);
      else p?.reject(new Error(`verify worker: ${r.error}`));
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  const ranges: [number, number][] = [];
  for (let after = 0; after < size; after += batchSize) ranges.push([after, Math.min(after + batchSize, size)]);
  const request = (i: number) => {
    const [after, upTo] = ranges[i];
    const batch = new Promise<PreparedBatch>((resolve, reject) => {
      pending.set(i, { resolve, reject });
      pool[i % workers].postMessage({ id: i, after, upTo });
    });
    batch.catch(() => {});
    const nodes = treeNodes(db, after, upTo);
    nodes.catch(() => {});
    return { batch, nodes, upTo };
  };
  const ahead = workers * 2;
  const inFlight: ReturnType<typeof request>[] = [];
  try {
    let next = 0;
    for (; next < Math.min(ahead, ranges.length); next++) inFlight.push(request(next));
    while (inFlight.length) {
      const head = inFlight.shift()!;
      const [batch, nodes] = await Promise.all([head.batch, head.nodes]);
      if (next < ranges.length) inFlight.push(request(next++));
      yield { batch, nodes, upTo: head.upTo };
    }
  } finally {
    await Promise.all(pool.map((w) => new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage('close');
      setTimeout(() => void w.terminate(), 5000).unref();
    })));
  }
}
