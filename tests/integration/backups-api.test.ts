import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordBackup } from '../../core/backup/backup.repository.js';
import { createTestApi, type TestApi } from '../support/api-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

/** The list of off-site backups (R10): admins and archivists read it; rows are ledgered and never change. */
let t: TestDatabase;
let api: TestApi;
const sha = 'ab'.repeat(32);

beforeAll(async () => {
  t = await createTestDatabase();
  api = await createTestApi(t);
  const common = { trigger: 'schedule' as const, location: '/mnt/offsite', files: null, database_bytes: null, blobs: null, blobs_copied: null, blob_bytes_copied: null, ledger_chained: null, ledger_checkpoint_size: null, ledger_checkpoint_root: null };
  await recordBackup(t.db, { ...common, id: '20261205T184100Z-0a0b', status: 'completed', started_at: new Date('2026-12-05T18:41:00Z'), finished_at: new Date('2026-12-05T18:42:00Z'), recovery_point: new Date('2026-12-05T18:41:50Z'), manifest_sha256: sha, error: null, files: 1200, database_bytes: '52428800', blobs: 40, blobs_copied: 4, blob_bytes_copied: '1000', ledger_chained: '900', ledger_checkpoint_size: '880', ledger_checkpoint_root: 'cd'.repeat(32) }, { type: 'system', id: 'backup' });
  await recordBackup(t.db, { ...common, id: '20261206T184100Z-0c0d', status: 'failed', started_at: new Date('2026-12-06T18:41:00Z'), finished_at: new Date('2026-12-06T18:41:02Z'), recovery_point: null, manifest_sha256: null, error: 'ENOSPC: no space left on device' }, { type: 'system', id: 'backup' });
});
afterAll(async () => t.destroy());

describe('GET /api/backups', () => {
  it('lists every run, newest first, to an admin and an archivist; others are refused', async () => {
    for (const who of ['admin', 'archivist.jh']) {
      const res = await (await api.login(who)).get('/api/backups');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { configured: boolean; items: { id: string; status: string; recoveryPoint: string | null; databaseBytes: number | null; ledgerCheckpointSize: number | null; error: string | null }[] };
      expect(body.configured).toBe(false);
      expect(body.items.map((b) => [b.id, b.status])).toEqual([
        ['20261206T184100Z-0c0d', 'failed'],
        ['20261205T184100Z-0a0b', 'completed'],
      ]);
      expect(body.items[0].error).toBe('ENOSPC: no space left on device');
      expect(body.items[1]).toMatchObject({ recoveryPoint: '2026-12-05T18:41:50.000Z', databaseBytes: 52428800, ledgerCheckpointSize: 880 });
    }
    expect((await (await api.login('officer.wc')).get('/api/backups')).status).toBe(403);
  });

  it('each run is ledgered with its row; a row cannot be changed', async () => {
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'entity_id']).where('entity_type', '=', 'backup').orderBy('id').execute();
    expect(entries).toEqual([
      { action: 'backup.completed', entity_id: '20261205T184100Z-0a0b' },
      { action: 'backup.failed', entity_id: '20261206T184100Z-0c0d' },
    ]);
    await expect(sql`UPDATE backups SET error = 'x' WHERE id = '20261206T184100Z-0c0d'`.execute(t.admin)).rejects.toThrow(/never changed/);
  });
});
