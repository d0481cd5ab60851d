import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { meteredStream } from './metered-stream.js';

const chunks = (n: number, size: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(size, i));
const readAll = async (s: ReadableStream<Uint8Array>) => {
  let n = 0;
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) n += c.byteLength;
  return n;
};

describe('meteredStream', () => {
  it('counts every byte of a Node source read to the end, and reports once', async () => {
    const ends: number[] = [];
    const s = meteredStream(Readable.from(chunks(5, 1000)), (b) => ends.push(b));
    expect(await readAll(s)).toBe(5000);
    expect(ends).toEqual([5000]);
  });

  it('counts a web source the same way', async () => {
    const ends: number[] = [];
    const src = new ReadableStream<Uint8Array>({
      start(c) {
        for (const x of chunks(3, 10)) c.enqueue(x);
        c.close();
      },
    });
    expect(await readAll(meteredStream(src, (b) => ends.push(b)))).toBe(30);
    expect(ends).toEqual([30]);
  });

  it('a reader who leaves early is counted for what he got, and the source is destroyed', async () => {
    const ends: number[] = [];
    const src = Readable.from(chunks(100, 1000));
    const reader = meteredStream(src, (b) => ends.push(b)).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel('gone');
    expect(ends).toEqual([2000]);
    expect(src.destroyed).toBe(true);
  });

  it('a source that fails errors the stream (no throw elsewhere) and reports what was sent with the error', async () => {
    const ends: { b: number; e: unknown }[] = [];
    async function* failing() {
      yield Buffer.alloc(7);
      throw new Error('disk gone');
    }
    const reader = meteredStream(Readable.from(failing()), (b, e) => ends.push({ b, e })).getReader();
    expect((await reader.read()).value?.byteLength).toBe(7);
    await expect(reader.read()).rejects.toThrow('disk gone');
    expect(ends).toHaveLength(1);
    expect(ends[0].b).toBe(7);
    expect(String(ends[0].e)).toContain('disk gone');
  });

  it('an empty source ends at once with 0 bytes', async () => {
    const ends: number[] = [];
    expect(await readAll(meteredStream(Readable.from([]), (b) => ends.push(b)))).toBe(0);
    expect(ends).toEqual([0]);
  });

  it('a throwing meter does not break the stream', async () => {
    const s = meteredStream(Readable.from(chunks(2, 4)), () => {
      throw new Error('meter');
    });
    expect(await readAll(s)).toBe(8);
  });
});
