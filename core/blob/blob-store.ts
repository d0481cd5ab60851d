import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Content-addressed, write-once storage for evidence bytes (snapshots, clips, documents). A blob
 * is named by the hex SHA-256 of its bytes. The file-system store implements it today; an
 * S3-compatible store can implement it later, which is why every method is asynchronous.
 *
 * Writers put() the bytes first (durably) and only then record the blob row in their
 * transaction (recordBlob), so a row never points to bytes that are not there.
 */
export type BlobInfo = { sha256: string; size: number };

export interface BlobStore {
  /** Stores the bytes (once: an existing blob is left untouched) and returns their address. */
  put(data: Buffer | Readable, mediaType: string): Promise<BlobInfo>;
  /**
   * Adopts a finished, fsynced file whose SHA-256 the writer computed while writing it (a
   * recorded segment): it becomes the blob without being copied. The file is consumed.
   */
  adopt(file: string, blob: BlobInfo): Promise<BlobInfo>;
  /** The blob's bytes; rejects with code 'ENOENT' when there is no such blob. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /**
   * A local file holding the blob's bytes, to be read in place by a tool that needs a file
   * (ffmpeg joining recorded segments), or null where the store keeps no such file (then the
   * reader copies the bytes from get()). Optional: stores without local files leave it out.
   */
  localFile?(sha256: string): Promise<string | null>;
  /**
   * Removes a blob's bytes. Only the retention purge calls it, after committing the signed
   * deletion record; removing a blob that is already gone is not an error.
   */
  remove(sha256: string): Promise<void>;
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Every stored blob's sha256. */
  list(): AsyncIterable<string>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a blob address: ${JSON.stringify(sha256)}`);
}

/** Hashes a stream without holding it in memory. */
export async function hashStream(stream: Readable): Promise<BlobInfo> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    hash.update(buf);
    size += buf.length;
  }
  return { sha256: hash.digest('hex'), size };
}

export class BlobNotFoundError extends Error {
  readonly code = 'ENOENT';
  constructor(public readonly sha256: string) {
    super(`blob ${sha256} is not in the store`);
    this.name = 'BlobNotFoundError';
  }
}
