import { Readable } from 'node:stream';

export type ByteRange = { start: number; end: number };

/**
 * One `Range: bytes=…` range (RFC 9110 §14): `a-b`, `a-` or `-n`. Null when there is no range
 * to honour (absent, another unit, several ranges, malformed: the whole body is sent);
 * 'unsatisfiable' when it starts past the end (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/** Bytes start…end (inclusive) of a stream, stopping the source once they are out. */
export function sliceStream(source: Readable, range: ByteRange): Readable {
  async function* slice() {
    let pos = 0;
    try {
      for await (const chunk of source) {
        const buf = chunk as Buffer;
        const from = Math.max(range.start - pos, 0);
        const to = Math.min(range.end + 1 - pos, buf.length);
        pos += buf.length;
        if (to > from) yield buf.subarray(from, to);
        if (pos > range.end) break;
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(slice());
}
