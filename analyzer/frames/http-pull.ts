import type { Writable } from 'node:stream';

export type HttpPull = {
  /** Resolves when the pull ends: null when the body ended, else why it stopped. */
  done: Promise<string | null>;
  stop(): void;
};

/**
 * Reads an HTTP body in this process and writes it into `sink` (ffmpeg's stdin), so the request's
 * headers — the internal bearer token — never appear on a command line (`ps` shows ffmpeg's
 * argv to every user of the machine). Gives up when no bytes arrive for `silenceMs` (a silent
 * publisher; ffmpeg's own `-rw_timeout` did this before). It leaves the sink open: the caller ends
 * its reader (a live reader is killed, not sent end of input, so it flushes nothing old as new).
 */
export function pullHttp(url: string, headers: Record<string, string>, sink: Writable, silenceMs = 10_000, onChunk?: (chunk: Uint8Array, arrivalMs: number) => void): HttpPull {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let why: string | null = null;
  const stop = (reason: string) => {
    why ??= reason;
    abort.abort();
  };
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => stop(`no data for ${silenceMs} ms`), silenceMs);
  };
  sink.on('error', () => stop('reader gone')); // ffmpeg exited: EPIPE on its stdin
  const done = (async () => {
    arm();
    try {
      const res = await fetch(url, { headers, signal: abort.signal });
      if (!res.ok || !res.body) {
        why ??= `HTTP ${res.status}`;
        return why;
      }
      const reader = res.body.getReader();
      for (;;) {
        const { done: ended, value: chunk } = await reader.read();
        if (ended) break;
        arm();
        onChunk?.(chunk, Date.now());
        if (sink.destroyed) break;
        if (!sink.write(chunk)) await new Promise<void>((r) => (sink.once('drain', r), sink.once('close', r)));
      }
      return why;
    } catch (err) {
      return why ?? (err as Error).message;
    } finally {
      if (timer) clearTimeout(timer);
      abort.abort(); // releases the connection if the reader left early
    }
  })();
  return { done, stop: () => stop('stopped') };
}
