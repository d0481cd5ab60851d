import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { JOBS, RETIRED_JOBS, type JobName, type JobPayloads } from './jobs.js';
import type { Logger } from './log.js';

export type Handlers = { [K in JobName]?: (payload: JobPayloads[K]) => Promise<void> };

export type Queue = {
  boss: PgBoss;
  ok(): boolean;
  send<K extends JobName>(name: K, payload: JobPayloads[K], options?: PgBoss.SendOptions): Promise<string | null>;
  /** The values of `data->>field` of the jobs of a queue not yet done (created, retry, active). */
  pending(name: JobName, field: string): Promise<Set<string>>;
  /** Enqueues inside the caller's transaction: the job exists exactly when the row that caused it commits. */
  sendInTransaction<K extends JobName>(trx: Kysely<never>, name: K, payload: JobPayloads[K], options?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
};

/**
 * Starts pg-boss, creates every queue, and registers this process's handlers. Fails at once
 * when a queue owned by this process has no handler.
 */
export async function startQueue(opts: { url: string; owner: 'api' | 'streams' | 'analyzer'; handlers: Handlers; log: Logger }): Promise<Queue> {
  const missing = (Object.keys(JOBS) as JobName[]).filter((n) => JOBS[n].owner === opts.owner && !opts.handlers[n]);
  if (missing.length) throw new Error(`job queues with no handler in ${opts.owner}: ${missing.join(', ')}`);
  const boss = new PgBoss({ connectionString: opts.url, schema: 'pgboss', max: 4, application_name: `vigil-${opts.owner}-queue` });
  // pg-boss keeps polling through a database outage and resumes by itself; each failed poll
  // raises 'error' (unhandled, it would end the process). Logged once per 30 s, not per poll;
  // the queue counts as down until 6 s (three polls) pass without one.
  let lastErrorAt = 0;
  let loggedAt = 0;
  let suppressed = 0;
  boss.on('error', (err) => {
    lastErrorAt = Date.now();
    if (lastErrorAt - loggedAt < 30_000) {
      suppressed++;
      return;
    }
    opts.log.error({ err, suppressed }, 'queue error');
    loggedAt = lastErrorAt;
    suppressed = 0;
  });
  await boss.start();
  // Dead-letter queues first: a queue names its dead-letter queue, which must exist.
  const names = (Object.keys(JOBS) as JobName[]).sort((a, b) => Number(!!JOBS[a].deadLetter) - Number(!!JOBS[b].deadLetter));
  for (const name of names) {
    const { retryLimit, retryDelay, deadLetter } = JOBS[name];
    const settings = { name, retryLimit, retryBackoff: true, ...(retryDelay ? { retryDelay } : {}), ...(deadLetter ? { deadLetter } : {}) };
    await boss.createQueue(name, settings);
  }
  // Retired queues: their cron and queue go (a schedule names its queue, so it goes first).
  for (const name of RETIRED_JOBS) {
    if (!(await boss.getQueue(name))) continue;
    await boss.unschedule(name);
    await boss.deleteQueue(name);
  }
  for (const [name, handler] of Object.entries(opts.handlers) as [JobName, (p: unknown) => Promise<void>][]) {
    await boss.work(name, { batchSize: JOBS[name].batchSize ?? 10 }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
    const cron = JOBS[name].cron;
    if (cron) await boss.schedule(name, cron, {});
  }
  return {
    boss,
    ok: () => Date.now() - lastErrorAt > 6000,
    send: (name, payload, options) => boss.send(name, payload as object, options ?? {}),
    async pending(name, field) {
      const db = boss.getDb() as { executeSql(text: string, values: unknown[]): Promise<{ rows: { v: string }[] }> };
      const { rows } = await db.executeSql(`SELECT data->>$2 AS v FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`, [name, field]);
      return new Set(rows.map((r) => r.v));
    },
    sendInTransaction: (trx, name, payload, options) =>
      boss.send(name, payload as object, { ...options, db: { executeSql: async (text, values) => ({ rows: [...(await trx.executeQuery(CompiledQuery.raw(text, values))).rows] }) } }),
    stop: () => boss.stop({ graceful: true, timeout: 5000 }),
  };
}
