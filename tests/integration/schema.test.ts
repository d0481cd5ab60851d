import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLedger } from '../../core/ledger/append.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('append-only ledger tables', () => {
  it('the app role can append but cannot update or delete ledger rows', async () => {
    const id = await appendLedger(t.db, {
      actor: { type: 'system', id: 'test' },
      action: 'test.event',
      entityType: 'test',
      entityId: '1',
      state: { a: 1 },
    });
    expect(Number(id)).toBeGreaterThan(0);
    await expect(sql`UPDATE ledger_entries SET action = 'x' WHERE id = ${id}`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM ledger_entries WHERE id = ${id}`.execute(t.db)).rejects.toThrow(/permission denied/);
    // Even the owner is stopped by the trigger unless it disables it deliberately.
    await expect(sql`UPDATE ledger_entries SET action = 'x' WHERE id = ${id}`.execute(t.admin)).rejects.toThrow(/append-only/);
  });

  it('registry rows cannot be hard-deleted', async () => {
    await expect(sql`DELETE FROM businesses`.execute(t.db)).rejects.toThrow(/permission denied/);
  });
});
