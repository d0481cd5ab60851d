import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Zip, ZipDeflate, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';

/**
 * A zip written as a stream (fflate), one file after another, each hashed as it goes: nothing is
 * held in memory but the chunk in hand, and the writer waits while the reader is slow (an hour
 * of video goes out at the pace of the connection). Media and PDFs are stored as they are (they
 * do not compress); text files are deflated.
 */
export type Written = { path: string; size: number; sha256: string };

/**
 * A stored (uncompressed) zip entry whose CRC-32 is zlib's (native): fflate's own ZipPassThrough
 * computes it in JavaScript, which cost as much CPU as the SHA-256 (1.1 s per 430 MB here).
 */
class StoredEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 0;
  ondata?: AsyncFlateStreamHandler;
  private running = 0;

  constructor(readonly filename: string) {}

  push(chunk: Uint8Array, final: boolean): void {
    this.running = crc32(chunk, this.running);
    this.size += chunk.length;
    if (final) this.crc = this.running;
    this.ondata!(null, chunk as Uint8Array<ArrayBuffer>, final);
  }
}

/** A plain zip keeps sizes and offsets in 32 bits (fflate writes no zip64). */
export const ZIP_LIMIT_BYTES = 0xffff_0000;

export class ZipStreamWriter {
  readonly stream = new PassThrough({ highWaterMark: 1 << 20 });
  private readonly zip: Zip;
  private written = 0;
  private closed = false;

  constructor() {
    this.zip = new Zip((err, chunk, final) => {
      if (err) return void this.stream.destroy(err);
      this.written += chunk.length;
      this.stream.write(chunk);
      if (final) this.stream.end();
    });
    this.stream.on('close', () => (this.closed = true));
  }

  /** True once the reader went away (the download was cancelled): stop producing. */
  get aborted(): boolean {
    return this.closed || this.stream.destroyed;
  }

  private async drained(): Promise<void> {
    if (this.written > ZIP_LIMIT_BYTES) throw new Error('the case file is larger than a plain zip can hold (4 GB)');
    if (!this.stream.writableNeedDrain || this.aborted) return;
    const ac = new AbortController();
    await Promise.race([once(this.stream, 'drain', { signal: ac.signal }), once(this.stream, 'close', { signal: ac.signal })]).finally(() => ac.abort());
  }

  private checkOpen() {
    if (this.aborted) throw new Error('the reader went away');
  }

  /** Adds a small file (JSON, PEM, HTML), deflated. */
  async addBytes(path: string, data: Buffer | string): Promise<Written> {
    this.checkOpen();
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const file = new ZipDeflate(path, { level: 6 });
    this.zip.add(file);
    file.push(bytes, true);
    await this.drained();
    return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Adds a stream's bytes as they are (stored), hashing them on the way. */
  async addStream(path: string, source: Readable): Promise<Written> {
    this.checkOpen();
    const file = new StoredEntry(path);
    this.zip.add(file);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of source) {
        const b = chunk as Buffer;
        hash.update(b);
        size += b.length;
        file.push(b, false);
        await this.drained();
        this.checkOpen();
      }
    } catch (err) {
      source.destroy();
      throw err;
    }
    file.push(new Uint8Array(0), true);
    await this.drained();
    return { path, size, sha256: hash.digest('hex') };
  }

  /** Writes the table of contents; the stream ends when it is out. */
  end(): void {
    this.zip.end();
  }

  /** Breaks the download off: the reader gets a cut-short zip, which no verifier accepts. */
  fail(err: Error): void {
    this.zip.terminate();
    this.stream.destroy(err);
  }
}
