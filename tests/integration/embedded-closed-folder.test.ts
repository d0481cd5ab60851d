import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, realpathSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../core/db/embedded.js';
import { isRoot, packageNative, pgPrograms, postgresUser } from '../../core/db/pg-binaries.js';
import { createLogger } from '../../core/log.js';
import { freePort } from '../support/platform-process.js';

// A clone in root's home folder (mode 700): PostgreSQL runs as 'postgres', which cannot enter
// it. Both the data and the programs must still work. Only meaningful as root.
const closed = mkdtempSync(path.join(os.tmpdir(), 'vigil-closed-'));
chmodSync(closed, 0o700);
afterAll(() => rmSync(closed, { recursive: true, force: true }));

describe.skipIf(!isRoot())('embedded PostgreSQL under a folder only root may enter (skipped: not running as root)', () => {
  it('starts with DATA_DIR inside it, keeps the data where postgres can reach it, and connects', async () => {
    const dir = path.join(closed, 'clone', 'var', 'postgres');
    const cluster = await startEmbeddedPostgres({ dir, port: await freePort(), log: createLogger('silent'), persistent: false });
    try {
      const link = path.join(dir, 'pgdata');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(realpathSync(link).startsWith(closed)).toBe(false);
      const client = new pg.Client(cluster.adminUrl('postgres'));
      await client.connect();
      expect((await client.query<{ ok: number }>('SELECT 1 AS ok')).rows[0].ok).toBe(1);
      await client.end();
    } finally {
      await cluster.stop();
    }
  });

  it('runs programs that sit inside it from a copy the postgres user can reach', () => {
    const from = packageNative();
    const inside = path.join(closed, 'node_modules-native');
    cpSync(from.native, inside, { recursive: true, verbatimSymlinks: true });
    const stage = mkdtempSync(path.join(os.tmpdir(), 'vigil-stage-'));
    chmodSync(stage, 0o755);
    try {
      const programs = pgPrograms(postgresUser(), { native: inside, version: from.version }, path.join(stage, 'pg'));
      expect(programs.postgres.startsWith(stage)).toBe(true);
      const out = execFileSync('runuser', ['-u', 'postgres', '--', programs.postgres, '--version']).toString();
      expect(out).toMatch(/PostgreSQL\) 18/);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  });
});
