import { describe, expect, it } from 'vitest';
import { createFlvClock } from './flv-clock.js';

const header = () => Uint8Array.from([0x46, 0x4c, 0x56, 1, 1, 0, 0, 0, 9, 0, 0, 0, 0]);
/** One FLV tag (type 9 video, 8 audio, 18 script) with a body of `size` bytes and its back pointer. */
function tag(type: number, ts: number, size = 20): Uint8Array {
  const b = new Uint8Array(11 + size + 4);
  b[0] = type;
  b[1] = (size >> 16) & 0xff;
  b[2] = (size >> 8) & 0xff;
  b[3] = size & 0xff;
  b[4] = (ts >> 16) & 0xff;
  b[5] = (ts >> 8) & 0xff;
  b[6] = ts & 0xff;
  b[7] = (ts >>> 24) & 0xff;
  b.fill(0xaa, 11, 11 + size); // a body that looks like nothing in particular
  return b;
}
const join = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('FLV clock: stream time → wall clock', () => {
  it('a pick-up in mid-stream: the cached GOP (seconds old, in one burst) does not set the origin; the live tags do, to the millisecond', () => {
    const origin = 1_000_000; // the publisher started here
    const clock = createFlvClock();
    expect(clock.origin()).toBeNull();
    // Picked up at origin + 62 s: metadata (ts 0), the sequence header (ts 0), then 2 s of cached GOP
    // (ts 60 000…61 960), all arriving at once; audio and script tags are not pictures.
    const burst = join([header(), tag(18, 0, 300), tag(9, 0, 40), ...Array.from({ length: 50 }, (_, k) => tag(9, 60_000 + k * 40, 3000 + k)), tag(8, 61_950)]);
    // Fed in odd pieces: tags straddle the chunks.
    for (let i = 0; i < burst.length; i += 997) clock.push(burst.subarray(i, i + 997), origin + 62_000);
    expect(clock.tags()).toBe(51);
    // The newest cached tag was sent at +61.96 s and arrived at +62 s: 40 ms of lateness at most.
    expect(clock.origin()! - origin).toBe(40);
    // Live: each tag arrives 3–9 ms after it was sent.
    for (let k = 0; k < 25; k++) clock.push(tag(9, 62_000 + k * 40, 5000), origin + 62_000 + k * 40 + 3 + (k % 7));
    expect(clock.origin()! - origin).toBe(3);
  });

  it('follows a camera clock that drifts, and forgets a start burst that ran ahead of real time', () => {
    const clock = createFlvClock({ windowMs: 60_000, bucketMs: 10_000 });
    clock.push(header(), 0);
    // The first second comes in 200 ms: timestamps ahead of the wall clock.
    for (let k = 0; k < 25; k++) clock.push(tag(9, k * 40), 1000 + k * 8);
    expect(clock.origin()).toBe(1000 - 24 * 40 + 24 * 8);
    // Then real time, for two minutes, with a camera clock 1 % slow (its ms are 1.01 of ours).
    let last = 0;
    for (let t = 2000; t <= 122_000; t += 40) {
      last = t;
      clock.push(tag(9, Math.round((t - 1000) / 1.01)), t + 5);
    }
    const expected = last + 5 - Math.round((last - 1000) / 1.01);
    expect(Math.abs(clock.origin()! - expected)).toBeLessThan(0.01 * 60_000 + 50); // within the window's drift
    expect(clock.origin()).toBeGreaterThan(1000); // the burst is forgotten
  });

  it('reads the extended timestamp byte (streams older than 4.6 hours)', () => {
    const clock = createFlvClock();
    const ts = 5 * 3600_000; // needs the 8 bits above the 24
    clock.push(join([header(), tag(9, ts)]), 2_000_000_000_000);
    expect(clock.origin()).toBe(2_000_000_000_000 - ts);
  });
});
