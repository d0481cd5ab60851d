import { createHash } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * The write-once file put shared by the blob store and the backup store: the data goes to a new
 * temporary file (never over an existing one, owner-only), hashed as it is written and fsync'd;
 * then it is linked into place — link() fails where a file is already there, where rename()
 * would silently replace it — and the folder is fsync'd, so a file either is there whole,
 * durably, or is not there at all.
 */

export async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

export function alreadyExists(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'EEXIST';
}

/** Writes the data to the new file `file` (mode 0600), hashing as it goes, and fsyncs it; on failure the file is removed. */
export async function writeHashedFile(file: string, data: Buffer | Readable): Promise<{ sha256: string; size: number }> {
  const fd = await open(file, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    const chunks: AsyncIterable<unknown> | Buffer[] = Buffer.isBuffer(data) ? [data] : data;
    for await (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      hash.update(buf);
      size += buf.length;
      await fd.write(buf);
    }
    await fd.sync();
    await fd.close();
  } catch (err) {
    await fd.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw err;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Links the written file `tmp` into place at `target` and fsyncs the target's folder. A file
 * already at `target` is an error, unless `keepExisting` (content-addressed: it is the same
 * bytes). The caller removes `tmp`.
 */
export async function linkIntoPlace(tmp: string, target: string, opts: { keepExisting: boolean }): Promise<void> {
  await link(tmp, target).catch((err: unknown) => {
    if (!(opts.keepExisting && alreadyExists(err))) throw err;
  });
  await fsyncDir(path.dirname(target));
}
