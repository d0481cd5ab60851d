import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { inject } from 'vitest';
import { createDb, createPool, type Db } from '../../core/db/connect.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { canonicalJson, stateDigest } from '../../core/ledger/canonical.js';
import { migrations } from '../../migrations/index.js';

export type MigratingDatabase = {
  name: string;
  /** Owner role, typed with today's schema: the test inserts the old rows with `sql` where the schema differs. */
  db: Db;
  /** Migrates up (or down) to the named migration; throws its error. */
  migrateTo(migration: string): Promise<void>;
  /** Runs every migration still pending (the ones under test). */
  migrateRest(): Promise<string[]>;
  /** A row inserted and ledgered as the platform of the time did (state = the full row); the action is `<entityType>.test` unless given. */
  ledgered(table: string, entityType: string, values: Record<string, unknown>, action?: string): Promise<Record<string, unknown> & { id: string }>;
  destroy(): Promise<void>;
};

/**
 * A database of its own (not the migrated template), migrated up to `before` — the last
 * migration before the ones under test — so that a test inserts rows as the platform of that
 * time wrote them, then migrates the rest and checks what became of them.
 */
export async function createDatabaseMigratedTo(before: string): Promise<MigratingDatabase> {
  const name = `m_${randomBytes(6).toString('hex')}`;
  const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(`${inject('pgAdminBase')}postgres`, 1) }) });
  await sql.raw(`CREATE DATABASE ${name}`).execute(root);
  const db = createDb(`${inject('pgAdminBase')}${name}`, 2).db;
  const migrateTo = async (migration: string) => {
    const { error } = await new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations } }).migrateTo(migration);
    if (error) throw error;
  };
  const destroy = async () => {
    await db.destroy();
    await sql.raw(`DROP DATABASE IF EXISTS ${name}`).execute(root);
    await root.destroy();
  };
  try {
    await migrateTo(before);
  } catch (err) {
    await destroy().catch(() => {});
    throw err;
  }
  return {
    name,
    db,
    migrateTo,
    migrateRest: () => migrateToLatest(db as Kysely<unknown>),
    async ledgered(table, entityType, values, action = `${entityType}.test`) {
      const cols = Object.keys(values);
      const { rows } = await sql<Record<string, unknown> & { id: string }>`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES (${sql.join(cols.map((c) => values[c]))}) RETURNING *`.execute(db);
      await sql`INSERT INTO ledger_entries (actor_type, actor_id, action, entity_type, entity_id, state, state_digest) VALUES ('system', 'test', ${action}, ${entityType}, ${rows[0].id}, ${canonicalJson(rows[0])}::json, ${stateDigest(rows[0])})`.execute(db);
      return rows[0];
    },
    destroy,
  };
}
