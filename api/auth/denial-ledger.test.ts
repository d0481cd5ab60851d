import { describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/connect.js';
import type { LedgerInput } from '../../core/ledger/append.js';
import { createLogger } from '../../core/log.js';
import { createDenialLedger } from './denial-ledger.js';

type Ctx = { count: number; account: string; address: string | null; first: string; last: string };

function rig(failFirst = 0) {
  let now = 1_700_000_000_000;
  let failures = failFirst;
  const written: LedgerInput[] = [];
  const denials = createDenialLedger({
    db: {} as Db,
    log: createLogger('silent'),
    windowMs: 60_000,
    now: () => now,
    append: async (input) => {
      if (failures-- > 0) throw new Error('database away');
      written.push(input);
    },
  });
  return { denials, written, tick: (ms: number) => (now += ms) };
}
const d = (account: string, address: string | null = '192.0.2.1') => ({ action: 'auth.login_throttled', account, address, requestId: 'r' });

describe('DenialLedger', () => {
  it('writes one entry per key per window with the count, when the window has ended', async () => {
    const { denials, written, tick } = rig();
    for (let i = 0; i < 50; i++) denials.record(d('alice'));
    denials.record(d('bob'));
    tick(30_000);
    for (let i = 0; i < 25; i++) denials.record(d('alice'));
    await denials.flush();
    expect(written).toHaveLength(0);
    tick(30_000);
    await denials.flush();
    expect(written.map((w) => [(w.context as Ctx).account, (w.context as Ctx).count])).toEqual([
      ['alice', 75],
      ['bob', 1],
    ]);
    expect(written[0]).toMatchObject({ action: 'auth.login_throttled', actor: { type: 'anonymous' } });
    expect((written[0].context as Ctx).first < (written[0].context as Ctx).last).toBe(true);
    denials.record(d('alice'));
    await denials.close();
    expect(written).toHaveLength(3);
    expect(denials.pending()).toBe(0);
  });

  it('keeps the count of a failed write and adds it to the next one', async () => {
    const { denials, written, tick } = rig(1);
    for (let i = 0; i < 7; i++) denials.record(d('carol'));
    tick(60_000);
    await denials.flush();
    expect(written).toHaveLength(0);
    expect(denials.pending()).toBe(7);
    for (let i = 0; i < 3; i++) denials.record(d('carol'));
    await denials.close();
    expect(written.map((w) => (w.context as Ctx).count)).toEqual([10]);
  });
});
