import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// Return BIGINT (int8) as string is pg's default; keep it, but parse int8 counts where needed.
// Return DATE as plain 'YYYY-MM-DD' strings, never shifted by time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Db = Kysely<Database>;

/**
 * A pool whose connections may die at any moment (database restarted, killed, network gone)
 * without taking the process down: pg emits 'error' on an idle client through the pool and on
 * a checked-out client (a held LISTEN or lock connection) on the client itself, and an
 * unhandled 'error' event throws. The query in flight fails with the error; the broken client
 * is dropped when released, and the next query opens a new connection.
 */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'vigil' });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export function createDb(url: string, max = 10): { db: Db; pool: pg.Pool } {
  const pool = createPool(url, max);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}
