import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { isDbUnavailable } from '../db/unavailable.js';
import type { Logger } from '../log.js';
import { ensureKeyRow, insertCheckpoint, latestCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.js';
import { loadHead, sealPass, type SealCursor, type SealHead } from './seal-pass.js';
import type { LedgerSigner } from './signer.js';

/**
 * The one sealer: chains committed ledger entries a moment after they commit, keeps the Merkle
 * tree's stored nodes, and writes signed checkpoints. Many processes may run one; a session
 * advisory lock on a connection held for the sealer's lifetime lets only one of them work.
 */
export type SealerOptions = {
  db: Kysely<Database>;
  log: Logger;
  intervalMs: number;
  checkpointIntervalMs: number;
  checkpointEveryEntries: number;
  signer: LedgerSigner;
  /** Entries per pass (default 10,000). */
  batchSize?: number;
};

export type Sealer = {
  start(): void;
  stop(): Promise<void>;
  /** Chains every entry committed so far (one or more passes); 0 when another sealer holds the lock. */
  sealOnce(): Promise<number>;
  /** Signs a checkpoint of the current tree unless one exists; null when the ledger is empty or the lock is elsewhere. */
  checkpointNow(): Promise<Checkpoint | null>;
  holdsLock(): boolean;
};

const LOCK = sql`hashtext('vigil.ledger.sealer')`;
/** Kept short: after a database outage the chain must catch up within seconds of its return. */
const MAX_BACKOFF_MS = 5_000;

export function createSealer(opts: SealerOptions): Sealer {
  const { db, log, signer } = opts;
  const limit = opts.batchSize ?? 10_000;
  let session: { conn: Kysely<Database>; release: () => void } | null = null;
  let head: SealHead | null = null;
  let cursor: SealCursor | null = null;
  let lastCp = { size: 0, at: 0 };
  let queue: Promise<unknown> = Promise.resolve();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  /** Work on the lock connection runs one piece at a time. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  }

  function holdConnection(): Promise<{ conn: Kysely<Database>; release: () => void }> {
    return new Promise((resolve, reject) => {
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      db.connection()
        .execute(async (conn) => {
          resolve({ conn, release });
          await held;
        })
        .catch(reject);
    });
  }

  async function acquire(): Promise<Kysely<Database> | null> {
    if (session) return session.conn;
    const s = await holdConnection();
    try {
      const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${LOCK}) AS ok`.execute(s.conn);
      if (!got.rows[0].ok) {
        s.release();
        return null;
      }
      await ensureKeyRow(s.conn, signer);
      head = await loadHead(s.conn);
      const cp = await latestCheckpoint(s.conn);
      lastCp = cp ? { size: cp.treeSize, at: cp.signedAt.getTime() } : { size: 0, at: 0 };
      cursor = null;
      session = s;
      log.info({ treeSize: head.size }, 'sealer lock taken');
      return s.conn;
    } catch (err) {
      await sql`SELECT pg_advisory_unlock_all()`.execute(s.conn).catch(() => {});
      s.release();
      throw err;
    }
  }

  async function releaseLock(): Promise<void> {
    const s = session;
    session = null;
    head = null;
    cursor = null;
    if (!s) return;
    await sql`SELECT pg_advisory_unlock_all()`.execute(s.conn).catch(() => {});
    s.release();
  }

  async function writeCheckpoint(conn: Kysely<Database>, h: SealHead): Promise<Checkpoint> {
    const cp = signCheckpoint(signer, { treeSize: h.size, rootHash: h.frontier.root(), chainHash: h.chainHash });
    await insertCheckpoint(conn, cp);
    lastCp = { size: cp.treeSize, at: cp.signedAt.getTime() };
    log.debug({ treeSize: cp.treeSize }, 'ledger checkpoint signed');
    return cp;
  }

  function checkpointDue(h: SealHead): boolean {
    const fresh = h.size - lastCp.size;
    return fresh >= opts.checkpointEveryEntries || (fresh > 0 && Date.now() - lastCp.at >= opts.checkpointIntervalMs);
  }

  /** Passes until one does not fill its limit; returns entries chained, or null without the lock. */
  async function drain(): Promise<number | null> {
    const conn = await acquire();
    if (!conn || !head) return null;
    let total = 0;
    try {
      for (;;) {
        const r = await sealPass(conn, head, cursor, limit);
        cursor = r.cursor;
        total += r.sealed;
        if (checkpointDue(head)) await writeCheckpoint(conn, head);
        if (!r.filled) return total;
      }
    } catch (err) {
      await releaseLock(); // state in memory may be ahead of the database: start over
      throw err;
    }
  }

  async function run(): Promise<void> {
    let delay = opts.intervalMs;
    let waiting = false;
    while (running) {
      try {
        const sealed = await exclusive(drain);
        if (sealed === null && !waiting) log.info('another process holds the sealer lock; waiting');
        waiting = sealed === null;
        delay = opts.intervalMs;
      } catch (err) {
        delay = Math.min(Math.max(delay * 2, 1000), MAX_BACKOFF_MS);
        if (isDbUnavailable(err)) log.warn({ err: String(err), retryInMs: delay }, 'ledger sealing paused: database unavailable');
        else log.error({ err, retryInMs: delay }, 'ledger sealing failed');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    await exclusive(releaseLock);
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
      await exclusive(releaseLock);
    },
    sealOnce: () => exclusive(async () => (await drain()) ?? 0),
    checkpointNow: () =>
      exclusive(async () => {
        const conn = await acquire();
        if (!conn || !head || head.size === 0) return null;
        if (lastCp.size === head.size) return latestCheckpoint(conn);
        return writeCheckpoint(conn, head);
      }),
    holdsLock: () => session !== null,
  };
}
