import type { Readable } from 'node:stream';

/** Where the bytes come from: a web stream or a Node stream (a blob, a file). */
export type Source = ReadableStream<Uint8Array> | Readable;

const isWeb = (s: Source): s is ReadableStream<Uint8Array> => typeof (s as ReadableStream).getReader === 'function';

/**
 * A web stream over a source that counts the bytes actually handed on, and calls `onEnd` exactly
 * once with that count: when the source ends, fails, or the reader leaves early (cancel).
 *
 * Written by hand with a pull/cancel pair rather than `Readable.toWeb`: toWeb can throw outside
 * any handler when the client leaves mid-stream (ERR_INVALID_STATE on a closed controller), which
 * would bring the process down. Here a source error only errors this stream, and a cancel only
 * destroys the source; nothing throws past them. A Node source is read in paused mode, one chunk
 * per pull, so nothing is buffered beyond what the reader asks for.
 */
export function meteredStream(source: Source, onEnd: (bytes: number, error?: unknown) => void): ReadableStream<Uint8Array> {
  let bytes = 0;
  let ended = false;
  const finish = (error?: unknown) => {
    if (ended) return;
    ended = true;
    try {
      onEnd(bytes, error);
    } catch {
      // The meter never breaks the stream it counts.
    }
  };
  const next = isWeb(source) ? webNext(source) : nodeNext(source);
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const chunk = await next.read();
        if (chunk === null) {
          finish();
          ctrl.close();
          return;
        }
        if (ended) return;
        bytes += chunk.byteLength;
        ctrl.enqueue(chunk);
      } catch (err) {
        finish(err);
        try {
          ctrl.error(err);
        } catch {
          // Already closed by a cancel: nothing to tell.
        }
      }
    },
    async cancel(reason) {
      finish();
      await next.cancel(reason).catch(() => undefined);
    },
  });
}

type Next = { read(): Promise<Uint8Array | null>; cancel(reason?: unknown): Promise<void> };

function webNext(source: ReadableStream<Uint8Array>): Next {
  const reader = source.getReader();
  return {
    async read() {
      const { done, value } = await reader.read();
      return done ? null : value;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

function nodeNext(source: Readable): Next {
  let failure: unknown = null;
  let done = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  source.on('readable', poke);
  source.on('end', () => {
    done = true;
    poke();
  });
  source.on('error', (err) => {
    failure = err;
    poke();
  });
  source.on('close', () => {
    done = true;
    poke();
  });
  return {
    async read() {
      for (;;) {
        if (failure) throw failure;
        const chunk = source.read() as Buffer | string | null;
        if (chunk !== null) return typeof chunk === 'string' ? Buffer.from(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        if (done || source.readableEnded) return null;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async cancel() {
      source.destroy();
    },
  };
}
