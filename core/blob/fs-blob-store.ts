import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, BlobNotFoundError, SHA256_HEX, type BlobInfo, type BlobStore } from './blob-store.js';
import { alreadyExists, fsyncDir, linkIntoPlace, writeHashedFile } from './write-once-file.js';

/**
 * Blobs as read-only files under `<dir>/ab/cd/<sha256>`. A blob is written to a temporary file,
 * fsync'd, then linked into place (never over an existing blob) and its directory fsync'd, so a
 * blob either is there whole, durably, or is not there at all. Recordings and evidence are
 * personal information: blobs are readable by the platform's own user only (files 0400,
 * folders 0700), set explicitly rather than left to the umask.
 */
const TMP = '.tmp';
const FILE_MODE = 0o400;
const DIR_MODE = 0o700;

/** Creates `dir` (and the folders up to `root`) and gives each the owner-only mode. */
async function ownerDir(root: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  for (let d = dir; d.startsWith(root); d = path.dirname(d)) {
    await chmod(d, DIR_MODE);
    if (d === root) break;
  }
}

export function createFsBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, TMP);
  const pathOf = (sha256: string) => {
    assertSha256(sha256);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  const isBlob = async (sha256: string) => (await stat(pathOf(sha256)).catch(() => null))?.isFile() ?? false;

  /** Writes the data to a fresh temp file, hashing as it goes; returns the file and its address. */
  async function writeTemp(data: Buffer | Readable): Promise<BlobInfo & { file: string }> {
    await ownerDir(root, tmpDir);
    const file = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    return { file, ...(await writeHashedFile(file, data)) };
  }

  const store: BlobStore = {
    async put(data) {
      if (Buffer.isBuffer(data)) {
        const sha256 = createHash('sha256').update(data).digest('hex');
        if (await isBlob(sha256)) return { sha256, size: data.length };
      }
      const tmp = await writeTemp(data);
      const target = pathOf(tmp.sha256);
      const targetDir = path.dirname(target);
      try {
        await chmod(tmp.file, FILE_MODE);
        await ownerDir(root, targetDir);
        // Content-addressed: a blob already there is these same bytes, and is kept.
        await linkIntoPlace(tmp.file, target, { keepExisting: true });
        await fsyncDir(path.dirname(targetDir));
      } finally {
        await unlink(tmp.file).catch(() => {});
      }
      return { sha256: tmp.sha256, size: tmp.size };
    },

    async adopt(file, blob) {
      const target = pathOf(blob.sha256);
      const targetDir = path.dirname(target);
      await chmod(file, FILE_MODE);
      await ownerDir(root, targetDir);
      // Same file system (both under DATA_DIR): a hard link, no copy. Elsewhere: copy it in.
      const linked = await link(file, target).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (alreadyExists(err)) return true;
          if (err.code === 'EXDEV') return false;
          throw err;
        },
      );
      if (!linked) {
        const copied = await store.put(createReadStream(file), 'application/octet-stream');
        if (copied.sha256 !== blob.sha256) throw new Error(`adopted file hashes to ${copied.sha256}, not ${blob.sha256}`);
      }
      await fsyncDir(targetDir);
      await fsyncDir(path.dirname(targetDir));
      await unlink(file).catch(() => {});
      return blob;
    },

    async get(sha256) {
      const file = pathOf(sha256);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new BlobNotFoundError(sha256);
      return createReadStream(file);
    },

    has: isBlob,
    async localFile(sha256) {
      return (await isBlob(sha256)) ? pathOf(sha256) : null;
    },

    async remove(sha256) {
      const file = pathOf(sha256);
      await unlink(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      await fsyncDir(path.dirname(file)).catch(() => {});
    },

    async stat(sha256) {
      const info = await stat(pathOf(sha256)).catch(() => null);
      return info?.isFile() ? { size: info.size } : null;
    },

    async *list() {
      const names = async (d: string) => (await readdir(d).catch(() => [] as string[])).filter((n) => /^[0-9a-f]{2}$/.test(n)).sort();
      for (const a of await names(root)) {
        for (const b of await names(path.join(root, a))) {
          const files = (await readdir(path.join(root, a, b))).filter((f) => SHA256_HEX.test(f)).sort();
          yield* files;
        }
      }
    },
  };
  return store;
}
