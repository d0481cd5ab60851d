import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.js';
import { createSegmentSpool, type SpoolEntry } from './segment-spool.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const log = createLogger('silent');
const end = (sessionId: string): SpoolEntry => ({ kind: 'session_end', sessionId, deviceId: 'd', at: new Date(0).toISOString(), reason: 'publisher_left', video: '{}' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function spoolIn(apply: (e: SpoolEntry) => Promise<void>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-spool-'));
  dirs.push(dir);
  const spool = createSegmentSpool({ db: null as never, dir, log, apply: (_db, e) => apply(e), retryMs: 60_000 });
  return { dir, spool };
}

describe('segment spool', () => {
  it('keeps entries on disk while the database refuses, then writes them in the order spooled', async () => {
    let down = true;
    const written: string[] = [];
    const { dir, spool } = spoolIn(async (e) => {
      if (down) throw refused();
      if (e.kind === 'session_end') written.push(e.sessionId);
    });
    for (const id of ['a', 'b', 'c']) spool.put(end(id));
    expect(await spool.replay()).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(3);
    expect(spool.pending()).toBe(3);
    down = false;
    expect(await spool.replay()).toBe(3);
    expect(written).toEqual(['a', 'b', 'c']);
    expect(readdirSync(dir)).toEqual([]);
    expect(spool.pending()).toBe(0);
    spool.stop();
  });

  it('a spool found at start (left by a stopped process) is replayed; an entry the database rejects for another reason is kept aside, not lost', async () => {
    const first = spoolIn(async () => {
      throw refused();
    });
    first.spool.put(end('x'));
    first.spool.put(end('y'));
    first.spool.stop();
    const written: string[] = [];
    const again = createSegmentSpool({
      db: null as never,
      dir: first.dir,
      log,
      retryMs: 60_000,
      apply: async (_db, e) => {
        if (e.kind === 'session_end' && e.sessionId === 'x') throw new Error('violates check constraint');
        if (e.kind === 'session_end') written.push(e.sessionId);
      },
    });
    expect(again.pending()).toBe(2);
    expect(await again.replay()).toBe(1);
    expect(written).toEqual(['y']);
    expect(readdirSync(first.dir).filter((n) => n.endsWith('.failed'))).toHaveLength(1);
    again.stop();
  });
});
