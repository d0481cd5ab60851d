import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { createPool } from '../../core/db/connect.js';
import { startEmbeddedPostgres } from '../../core/db/embedded.js';
import { ensureLoginRole, grantAppRole } from '../../core/db/grants.js';
import { migrateToLatest } from '../../core/db/migrate.js';
import { createLogger } from '../../core/log.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminBase: string;
    pgAppBase: string;
  }
}

export const TEMPLATE_DB = 'vigil_template';
export const TEST_APP_ROLE = 'vigil_app';
export const TEST_APP_PASSWORD = 'vigil-test-app';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** One embedded PostgreSQL for the whole run, with a migrated template database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-test-pg-'));
  const port = await freePort();
  const cluster = await startEmbeddedPostgres({ dir, port, log: createLogger('silent'), persistent: false });
  const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl('postgres'), 2) }) });
  await sql.raw(`CREATE DATABASE ${TEMPLATE_DB}`).execute(admin);
  await ensureLoginRole(admin, TEST_APP_ROLE, TEST_APP_PASSWORD);
  await admin.destroy();
  const tpl = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(cluster.adminUrl(TEMPLATE_DB), 2) }) });
  await migrateToLatest(tpl);
  await grantAppRole(tpl, TEST_APP_ROLE);
  await tpl.destroy();
  project.provide('pgAdminBase', cluster.adminUrl(''));
  project.provide('pgAppBase', `postgres://${TEST_APP_ROLE}:${TEST_APP_PASSWORD}@127.0.0.1:${port}/`);
  return async () => {
    await cluster.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
}
