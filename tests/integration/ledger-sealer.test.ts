import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { inclusionProof, verifyInclusion } from '../../core/ledger/proof.js';
import { createSealer, type Sealer } from '../../core/ledger/sealer.js';
import { loadOrCreateSigner, PRIVATE_KEY_FILE, type LedgerSigner } from '../../core/ledger/signer.js';
import { verifyLedger } from '../../core/ledger/verify.js';
import { createLogger } from '../../core/log.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let t: TestDatabase;
let keysDir: string;
let signer: LedgerSigner;
const log = createLogger(process.env.TEST_LOG ?? 'silent');
const sealers: Sealer[] = [];

function newSealer(db: Db = t.db, over: Partial<Parameters<typeof createSealer>[0]> = {}): Sealer {
  const s = createSealer({ db, log, signer, intervalMs: 20, checkpointIntervalMs: 60_000, checkpointEveryEntries: 1000, ...over });
  sealers.push(s);
  return s;
}

async function append(db: Db, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(await appendLedger(db, { actor: { type: 'system', id: 'test' }, action: `${tag}.event`, entityType: 'test', entityId: String(i), state: { i, tag, at: new Date(0) } }));
  }
  return ids;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const chained = async (ids: string[]) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ledger_chain WHERE entry_id = ANY(${ids}::bigint[])`.execute(t.db)).rows[0].n) === ids.length;

beforeAll(async () => {
  t = await createTestDatabase();
  keysDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-keys-'));
  signer = loadOrCreateSigner(path.join(keysDir, 'keys'));
});
// One sealer holds the lock at a time: each test's sealers give it up when the test ends.
afterEach(async () => {
  for (const s of sealers.splice(0)) await s.stop();
});
afterAll(async () => {
  await t.destroy();
  rmSync(keysDir, { recursive: true, force: true });
});

describe('ledger sealer', () => {
  it('creates the signing key once, private file mode 0600', () => {
    const file = path.join(keysDir, 'keys', PRIVATE_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSigner(path.join(keysDir, 'keys')).keyId).toBe(signer.keyId);
    expect(signer.keyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('chains committed entries with contiguous seqs; a rolled-back entry is never chained', async () => {
    const sealer = newSealer();
    const before = await append(t.db, 5, 'a');
    let rolledBack = '';
    await t.db
      .transaction()
      .execute(async (trx) => {
        [rolledBack] = await append(trx, 1, 'rollback');
        throw new Error('roll back');
      })
      .catch(() => {});
    const after = await append(t.db, 4, 'b');
    expect(await sealer.sealOnce()).toBe(9);
    expect(await sealer.sealOnce()).toBe(0);
    const rows = (await t.db.selectFrom('ledger_chain').select(['seq', 'entry_id']).orderBy('seq').execute()).map((r) => [Number(r.seq), r.entry_id]);
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows.map((r) => r[1])).toEqual([...before, ...after]);
    expect(rows.map((r) => r[1])).not.toContain(rolledBack);
    const cp = await sealer.checkpointNow();
    expect(cp?.treeSize).toBe(9);
    const result = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem });
    expect(result.problems).toEqual([]);
    expect(result).toMatchObject({ ok: true, entries: 9, checkpoints: 1 });
  });

  it('an entry committed while another transaction is open is chained once that one ends too', async () => {
    const sealer = newSealer();
    const trx = await t.db.startTransaction().execute();
    let early: string;
    try {
      [early] = await append(trx, 1, 'open');
      const [late] = await append(t.db, 1, 'late');
      await sealer.sealOnce();
      expect(await chained([late])).toBe(true);
      expect(await chained([early])).toBe(false);
    } finally {
      await trx.commit().execute();
    }
    const [late] = await append(t.db, 1, 'later');
    await sealer.sealOnce();
    expect(await chained([early, late])).toBe(true);
  });

  it('running, it chains new entries within moments and checkpoints every N entries', async () => {
    const sizes = async () => (await t.db.selectFrom('ledger_checkpoints').select('tree_size').orderBy('tree_size').execute()).map((r) => Number(r.tree_size));
    const before = await sizes();
    const sealer = newSealer(t.db, { checkpointEveryEntries: 10 });
    sealer.start();
    await waitFor('the lock', async () => sealer.holdsLock());
    const ids = await append(t.db, 25, 'live');
    await waitFor('entries chained', () => chained(ids));
    const total = Number((await sql<{ n: string }>`SELECT max(seq) AS n FROM ledger_chain`.execute(t.db)).rows[0].n);
    // Checkpointed as soon as 10 entries are waiting: at most 9 are left over.
    await waitFor('a checkpoint within 9 of the head', async () => ((await sizes()).at(-1) ?? 0) >= total - 9);
    const made = (await sizes()).slice(before.length);
    expect(made.length).toBeGreaterThanOrEqual(1);
    const prev = before.at(-1);
    [...(prev === undefined ? [] : [prev]), ...made].forEach((size, i, all) => i > 0 && expect(size - all[i - 1]).toBeGreaterThanOrEqual(10));
    await sealer.stop();
    expect(sealer.holdsLock()).toBe(false);
  });

  it('of two sealers racing, one holds the lock and no seq is used twice', async () => {
    const [a, b] = [newSealer(), newSealer()];
    const ids = await append(t.db, 300, 'race');
    const runs = await Promise.all([a.sealOnce(), b.sealOnce(), a.sealOnce(), b.sealOnce()]);
    expect(runs.reduce((x, y) => x + y, 0)).toBe(300);
    expect([a.holdsLock(), b.holdsLock()].filter(Boolean)).toHaveLength(1);
    expect(await chained(ids)).toBe(true);
    const { rows } = await sql<{ n: string; max: string }>`SELECT count(*) AS n, max(seq) AS max FROM ledger_chain`.execute(t.db);
    expect(rows[0].n).toBe(rows[0].max);
    await a.stop();
    await b.stop();
  });

  it('an inclusion proof from the database verifies against the signed checkpoint root', async () => {
    const sealer = newSealer();
    const ids = await append(t.db, 37, 'proof');
    await sealer.sealOnce();
    const cp = await sealer.checkpointNow();
    for (const id of [ids[0], ids[17], ids[36]]) {
      const proof = await inclusionProof(t.db, id);
      expect(proof?.checkpoint?.treeSize).toBe(cp?.treeSize);
      expect(proof!.rootHash).toBe(cp!.rootHash.toString('hex'));
      expect(verifyInclusion(proof!.leafHash, proof!.leafIndex, proof!.treeSize, proof!.auditPath, proof!.checkpoint!.rootHash)).toBe(true);
      expect(verifyInclusion(proof!.leafHash, proof!.leafIndex + 1, proof!.treeSize, proof!.auditPath, proof!.rootHash)).toBe(false);
    }
    const older = await inclusionProof(t.db, ids[0], Number(proof0Size(cp!.treeSize)));
    expect(verifyInclusion(older!.leafHash, older!.leafIndex, older!.treeSize, older!.auditPath, older!.rootHash)).toBe(true);
    expect(await inclusionProof(t.db, '999999999')).toBeNull();
    const result = await verifyLedger({ db: t.admin, publicKeyPem: signer.publicKeyPem });
    expect(result.problems).toEqual([]);
  });

  it('the app role cannot rewrite the chain', async () => {
    await expect(sql`UPDATE ledger_chain SET chain_hash = leaf_hash`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM ledger_chain`.execute(t.db)).rejects.toThrow(/permission denied/);
    await expect(sql`UPDATE ledger_checkpoints SET root_hash = chain_hash`.execute(t.db)).rejects.toThrow(/permission denied/);
  });
});

/** A tree size between the first checkpoint-free entries and the latest checkpoint. */
function proof0Size(latest: number): number {
  return Math.max(1, latest - 3);
}
