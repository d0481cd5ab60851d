import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Db } from './db/connect.js';
import type { Logger } from './log.js';

export type Component = 'api' | 'streams' | 'analyzer' | 'sealer';

/** Writes this process's liveness every few seconds; a failed write is logged, never thrown. */
export function startHeartbeat(db: Db, component: Component, log: Logger, detail: () => Record<string, unknown> = () => ({}), everyMs = 5000) {
  const instance = `${hostname()}:${process.pid}`;
  const startedAt = new Date();
  let failing = false;
  const beat = async () => {
    try {
      const now = new Date();
      await db
        .insertInto('process_heartbeats')
        .values({ component, instance, started_at: startedAt, last_seen_at: now, detail: JSON.stringify(detail()) })
        .onConflict((oc) => oc.columns(['component', 'instance']).doUpdateSet({ last_seen_at: now, detail: sql`excluded.detail` }))
        .execute();
      if (failing) log.info({ component }, 'heartbeat written again');
      failing = false;
    } catch (err) {
      // Once per outage, not every beat.
      if (!failing) log.warn({ err, component }, 'heartbeat write failed');
      failing = true;
    }
  };
  void beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return { instance, stop: () => clearInterval(timer) };
}
