import { sql, type Kysely } from 'kysely';

/** Tables the application may only read and append to: no UPDATE, DELETE or TRUNCATE. */
export const APPEND_ONLY_TABLES = ['ledger_entries', 'ledger_chain', 'ledger_tree_nodes', 'ledger_keys', 'ledger_checkpoints', 'blobs', 'blob_deletions'] as const;

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Ensures a login role exists with this password (embedded mode only). */
export async function ensureLoginRole(admin: Kysely<unknown>, role: string, password: string): Promise<void> {
  const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ${role}`.execute(admin);
  const literal = `'${password.replace(/'/g, "''")}'`;
  const verb = exists.rows[0].n ? 'ALTER' : 'CREATE';
  await sql.raw(`${verb} ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal}`).execute(admin);
}

/**
 * Gives the application role what it needs and no more: full use of domain tables (deletes are
 * refused by triggers), SELECT + INSERT only on the append-only ledger and blob tables.
 */
export async function grantAppRole(admin: Kysely<unknown>, role: string): Promise<void> {
  const r = ident(role);
  const dbName = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(admin)).rows[0].d;
  const stmts = [
    // pg-boss runs CREATE SCHEMA IF NOT EXISTS on start, which needs CREATE on the database.
    `GRANT CREATE ON DATABASE "${dbName.replace(/"/g, '""')}" TO ${r}`,
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `REVOKE DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `GRANT DELETE ON sessions TO ${r}`,
    ...APPEND_ONLY_TABLES.map((t) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${ident(t)} FROM ${r}`),
    `REVOKE ALL ON kysely_migration, kysely_migration_lock FROM ${r}`,
    `CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION ${r}`,
  ];
  for (const s of stmts) await sql.raw(s).execute(admin);
}
