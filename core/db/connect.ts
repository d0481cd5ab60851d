import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// Return BIGINT (int8) as string is pg's default; keep it, but parse int8 counts where needed.
// Return DATE as plain 'YYYY-MM-DD' strings, never shifted by time zone.
pg.types.setTypeParser(1082, (v: string) => v);

export type Db = Kysely<Database>;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'vigil' });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  return pool;
}

export function createDb(url: string, max = 10): { db: Db; pool: pg.Pool } {
  const pool = createPool(url, max);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}
