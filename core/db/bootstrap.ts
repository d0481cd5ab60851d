import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createPool } from './connect.js';
import { startEmbeddedPostgres } from './embedded.js';
import { ensureLoginRole, grantAppRole } from './grants.js';
import { migrateToLatest } from './migrate.js';

export type DatabaseHandle = {
  /** URL of the restricted application role. */
  appUrl: string;
  /** URL of the owner role (migrations, maintenance, verify). */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
};

const APP_ROLE = 'vigil_app';
const DB_NAME = 'vigil';

async function withAdmin<T>(url: string, fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(url, 2) }) });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** Runs migrations and role grants with the admin URL. Safe to call on every start. */
export async function prepareDatabase(adminUrl: string, appRole: string | null, log: Logger): Promise<void> {
  await withAdmin(adminUrl, async (db) => {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (appRole && appRole !== roleOf(adminUrl)) await grantAppRole(db, appRole);
  });
}

/**
 * Opens the platform database: the server at DATABASE_URL, or an embedded PostgreSQL under
 * DATA_DIR when none is given. Migrates it and returns the URLs to use.
 */
export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const adminUrl = config.databaseAdminUrl ?? config.databaseUrl;
    await prepareDatabase(adminUrl, roleOf(config.databaseUrl), log);
    return { appUrl: config.databaseUrl, adminUrl, embedded: false, stop: async () => {} };
  }
  const dir = path.join(config.dataDir, 'postgres');
  mkdirSync(dir, { recursive: true });
  const cluster = await startEmbeddedPostgres({ dir, port: config.embeddedPgPort, log });
  try {
    await withAdmin(cluster.adminUrl('postgres'), async (db) => {
      const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${DB_NAME}`.execute(db);
      if (!found.rows[0].n) await sql.raw(`CREATE DATABASE ${DB_NAME} ENCODING 'UTF8'`).execute(db);
      await ensureLoginRole(db, APP_ROLE, appPassword(dir));
    });
    const adminUrl = cluster.adminUrl(DB_NAME);
    await prepareDatabase(adminUrl, APP_ROLE, log);
    const appUrl = `postgres://${APP_ROLE}:${encodeURIComponent(appPassword(dir))}@127.0.0.1:${cluster.port}/${DB_NAME}`;
    return { appUrl, adminUrl, embedded: true, stop: () => cluster.stop() };
  } catch (err) {
    await cluster.stop().catch(() => {});
    throw err;
  }
}

function appPassword(dir: string): string {
  const file = path.join(dir, 'app-role-password');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}
