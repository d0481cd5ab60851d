import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionsPurgeWorker } from '../../api/jobs/sessions-purge.worker.js';
import { createLogger } from '../../core/log.js';
import { startQueue, type Queue } from '../../core/queue.js';
import { createTestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { ownerHandlers } from '../support/queue-handlers.js';

let t: TestDatabase;
let queue: Queue | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
  await createTestApi(t);
});
afterAll(async () => {
  await queue?.stop();
  await t.destroy();
});

describe('job queue (pg-boss as the restricted app role)', () => {
  it('refuses to start when a queue this process owns has no handler', async () => {
    await expect(startQueue({ url: t.appUrl, owner: 'api', handlers: {}, log: createLogger('silent') })).rejects.toThrow(/sessions\.purge[\s\S]*consents\.expire|consents\.expire[\s\S]*sessions\.purge/);
  });

  it('runs sessions.purge: old ended sessions go, live ones stay', async () => {
    const user = await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const old = new Date(Date.now() - 40 * 86400_000);
    await t.db.insertInto('sessions').values([
      { id: 'old-session', user_id: user.id, csrf_token: 'x', expires_at: old, ip: null, user_agent: null },
      { id: 'live-session', user_id: user.id, csrf_token: 'y', expires_at: new Date(Date.now() + 3600_000), ip: null, user_agent: null },
    ]).execute();
    let done!: () => void;
    const ran = new Promise<void>((r) => (done = r));
    const purge = sessionsPurgeWorker(t.db);
    // An installation from before finding notices were deliveries: its once-a-minute sweep's queue and cron.
    const earlier = new PgBoss({ connectionString: t.appUrl, schema: 'pgboss', max: 1, supervise: false, schedule: false });
    earlier.on('error', () => {});
    await earlier.start();
    await earlier.createQueue('findings.notify', { name: 'findings.notify', retryLimit: 5 });
    await earlier.schedule('findings.notify', '* * * * *', {});
    await earlier.stop({ graceful: false, wait: true });
    queue = await startQueue({ url: t.appUrl, owner: 'api', handlers: ownerHandlers('api', { 'sessions.purge': async () => { await purge(); done(); } }), log: createLogger('silent') });
    expect(queue.ok()).toBe(true);
    expect(await queue.send('sessions.purge', { correlationId: 'test' })).toBeTruthy();
    await ran;
    const ids = (await sql<{ id: string }>`SELECT id FROM sessions WHERE id IN ('old-session', 'live-session')`.execute(t.db)).rows.map((r) => r.id);
    expect(ids).toEqual(['live-session']);
  });

  it("removes retired queues and their cron at start ('findings.notify': finding notices are 'delivery.send' jobs now)", async () => {
    const left = await sql<{ name: string }>`SELECT name FROM pgboss.queue WHERE name = 'findings.notify' UNION ALL SELECT name FROM pgboss.schedule WHERE name = 'findings.notify'`.execute(t.db);
    expect(left.rows).toEqual([]);
    const kept = await sql<{ name: string }>`SELECT name FROM pgboss.schedule ORDER BY name`.execute(t.db);
    expect(kept.rows.map((r) => r.name)).toContain('sessions.purge');
  });
});
