import type { Db } from '../../core/db/connect.js';
import { appendLedger, type LedgerInput } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';

/**
 * Repeated refusals of the same kind for the same key (a throttled login for one account from
 * one address) are counted in memory and written as ONE ledger entry per key per window, with
 * {count, first, last, account, address}, when the window ends — so a client hammering the
 * login cannot flood the ledger, and no refusal goes uncounted. A failed write keeps its count
 * for the next flush; close() writes whatever is pending (call it before the database closes).
 */
export type DenialLedger = {
  record(d: { action: string; account: string; address: string | null; requestId: string }): void;
  /** Writes the aggregates whose window has ended (all of them with `all`). */
  flush(all?: boolean): Promise<void>;
  close(): Promise<void>;
  /** Refusals counted and not yet written. */
  pending(): number;
};

type Aggregate = { action: string; account: string; address: string | null; count: number; first: number; last: number; windowEnd: number; requestId: string };

export function createDenialLedger(deps: {
  db: Db;
  log: Logger;
  windowMs: number;
  now?: () => number;
  /** Writes one entry; appendLedger on `db` unless a unit test passes its own. */
  append?: (input: LedgerInput) => Promise<unknown>;
}): DenialLedger {
  const now = deps.now ?? Date.now;
  const append = deps.append ?? ((input: LedgerInput) => appendLedger(deps.db, input));
  const open = new Map<string, Aggregate>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  // Aggregates are inserted in time order, so the first one always ends first.
  const schedule = () => {
    if (timer || !open.size) return;
    const first = open.values().next().value as Aggregate;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, Math.max(0, first.windowEnd - now()));
    timer.unref();
  };

  const write = async (a: Aggregate) => {
    await append({
      actor: { type: 'anonymous' },
      action: a.action,
      entityType: 'user',
      entityId: null,
      state: null,
      requestId: a.requestId,
      context: { count: a.count, first: new Date(a.first).toISOString(), last: new Date(a.last).toISOString(), account: a.account, address: a.address },
    });
  };

  const flushOnce = async (all: boolean) => {
    const t = now();
    const due = [...open.entries()].filter(([, a]) => all || a.windowEnd <= t);
    for (const [key] of due) open.delete(key);
    for (const [key, a] of due) {
      try {
        await write(a);
      } catch (err) {
        // Keep the count: it goes out with the next flush, merged with any newer refusals.
        deps.log.error({ err, action: a.action, count: a.count }, 'could not ledger throttled attempts; will retry');
        const newer = open.get(key);
        open.delete(key);
        open.set(key, newer ? { ...a, count: a.count + newer.count, last: newer.last, requestId: newer.requestId, windowEnd: t + deps.windowMs } : { ...a, windowEnd: t + deps.windowMs });
      }
    }
    schedule();
  };

  const flush = (all = false) => {
    flushing = flushing.then(() => flushOnce(all));
    return flushing;
  };

  return {
    record(d) {
      const key = `${d.action}\u0000${d.address ?? ''}\u0000${d.account}`;
      const t = now();
      const a = open.get(key);
      if (a) {
        a.count += 1;
        a.last = t;
        a.requestId = d.requestId;
        return;
      }
      open.set(key, { ...d, count: 1, first: t, last: t, windowEnd: t + deps.windowMs });
      schedule();
    },
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush(true);
      if (timer) clearTimeout(timer);
      timer = null;
    },
    pending: () => [...open.values()].reduce((n, a) => n + a.count, 0),
  };
}
