import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';

/**
 * Enqueues 'delivery.send' jobs into a running platform's queue from outside its process (an e2e
 * test that opens a finding itself): a pg-boss client with no workers, maintenance or cron, whose
 * send joins the caller's transaction like the API's (core/queue.ts sendInTransaction).
 */
export async function deliveryJobs(url: string) {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 1, supervise: false, schedule: false, migrate: false });
  boss.on('error', () => {});
  await boss.start();
  return {
    enqueue: (trx: Kysely<never>, channelId: string, correlationId: string) =>
      boss.send('delivery.send', { channelId, correlationId }, { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: [...(await trx.executeQuery(CompiledQuery.raw(text, values))).rows] }) } }),
    stop: () => boss.stop({ graceful: false, wait: true }),
  };
}
