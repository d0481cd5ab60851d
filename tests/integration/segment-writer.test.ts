import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SegmentWriter } from '../../streams/recording/segment-writer.js';
import type { ClosedSegment } from '../../streams/recording/segment-store.js';

// On a real file system: what is written is what is hashed; a failing disk never throws into
// the media server's loop (one bad stream must not take the process down).
const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ids = { deviceId: '11111111-1111-4111-8111-111111111111', sessionId: '22222222-2222-4222-8222-222222222222' };

describe('segment writer', () => {
  it('writes, fsyncs and hashes exactly the bytes of each segment', () => {
    const closed: ClosedSegment[] = [];
    const w = new SegmentWriter(path.join(dir, 'ok'), ids, (s) => closed.push(s));
    w.open(1, 0);
    w.write(Buffer.from('FLV header'));
    w.write(Buffer.from(' and tags'));
    w.close(1, 10_000);
    expect(closed).toHaveLength(1);
    const bytes = readFileSync(closed[0].file);
    expect(bytes.toString()).toBe('FLV header and tags');
    expect(closed[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(closed[0]).toMatchObject({ size: bytes.length, seq: 1, partial: false, streamStartMs: 0, streamEndMs: 10_000 });
  });

  it('a segment opened while the stream runs ahead of the clock starts where the previous one ended: no overlap', () => {
    const closed: ClosedSegment[] = [];
    let wall = 1_000_000;
    const w = new SegmentWriter(path.join(dir, 'burst'), ids, (s) => closed.push(s), () => {}, () => wall);
    w.open(1, 0);
    w.close(1, 2000); // 2 s of stream…
    wall += 500; // …arrived in 0.5 s (a publisher's first burst)
    w.open(2, 2000);
    w.close(2, 4000);
    expect(closed.map((s) => [s.startedAt.getTime(), s.endedAt.getTime()])).toEqual([
      [1_000_000, 1_002_000],
      [1_002_000, 1_004_000],
    ]);
  });

  it("segment files and their folders are the platform user's only, whatever the umask (0600, 0700)", () => {
    const closed: ClosedSegment[] = [];
    const base = path.join(dir, 'modes');
    const previous = process.umask(0);
    try {
      const w = new SegmentWriter(base, ids, (s) => closed.push(s));
      w.open(1, 0);
      w.write(Buffer.from('FLV'));
      w.close(1, 1000);
    } finally {
      process.umask(previous);
    }
    expect(statSync(closed[0].file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(base, ids.deviceId)).mode & 0o777).toBe(0o700);
    expect(statSync(base).mode & 0o777).toBe(0o700);
  });

  it('a file that cannot be written is reported once, never thrown, and nothing is handed on as complete', () => {
    const base = path.join(dir, 'bad');
    mkdirSync(path.join(base, ids.deviceId), { recursive: true });
    writeFileSync(path.join(base, ids.deviceId, `${ids.sessionId}-000001.flv.part`), 'in the way'); // open('wx') fails
    const errors: Error[] = [];
    const closed: ClosedSegment[] = [];
    const w = new SegmentWriter(base, ids, (s) => closed.push(s), (e) => errors.push(e));
    expect(() => {
      w.open(1, 0);
      w.write(Buffer.from('tag'));
      w.close(1, 5000);
      w.open(2, 5000);
    }).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(closed).toEqual([]);
  });
});
