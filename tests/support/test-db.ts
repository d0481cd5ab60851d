import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { inject } from 'vitest';
import { createDb, createPool, type Db } from '../../core/db/connect.js';

export type TestDatabase = {
  name: string;
  /** Restricted application role, as the platform uses it. */
  db: Db;
  /** Owner role: for tampering in tests and for checks the app role may not do. */
  admin: Db;
  appUrl: string;
  adminUrl: string;
  destroy(): Promise<void>;
};

/** A fresh database cloned from the migrated template (call once per test file). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminBase = inject('pgAdminBase');
  const appBase = inject('pgAppBase');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const root = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: createPool(`${adminBase}postgres`, 1) }) });
  await sql.raw(`CREATE DATABASE ${name} TEMPLATE vigil_template`).execute(root);
  // Database-level grants are not copied from a template.
  await sql.raw(`GRANT CREATE ON DATABASE ${name} TO vigil_app`).execute(root);
  await root.destroy();
  const adminUrl = `${adminBase}${name}`;
  const appUrl = `${appBase}${name}`;
  const { db } = createDb(appUrl, 10);
  const { db: admin } = createDb(adminUrl, 2);
  return {
    name,
    db,
    admin,
    appUrl,
    adminUrl,
    async destroy() {
      await db.destroy();
      await admin.destroy();
    },
  };
}
