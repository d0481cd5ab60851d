import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { hashStream, type BlobInfo } from '../../core/blob/blob-store.js';

/**
 * The bytes of uploads in progress: one file per upload, `<dir>/<id>.part` (DATA_DIR/uploads, owner
 * only, like the blob store), appended to at the offset the client says. What arrived before a lost
 * connection stays, so the client resumes from there (tus 1.0 HEAD). The file's size is the offset.
 */
export function createUploadParts(dir: string) {
  const root = path.resolve(dir);
  const fileOf = (id: string) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not an upload id: ${id}`);
    return path.join(root, `${id}.part`);
  };
  const ready = mkdir(root, { recursive: true, mode: 0o700 }).then(() => chmod(root, 0o700));

  return {
    fileOf,
    async create(id: string): Promise<void> {
      await ready;
      const fd = await open(fileOf(id), 'wx', 0o600);
      await fd.close();
    },
    /** Bytes received so far (0 when the file is gone). */
    async size(id: string): Promise<number> {
      return (await stat(fileOf(id)).catch(() => null))?.size ?? 0;
    },
    /**
     * Appends the body at the end of the file, at most `max` bytes (a body longer than the upload
     * declared is cut there and reported). Bytes written before the stream broke stay written.
     */
    async append(id: string, body: Readable, max: number): Promise<{ written: number; overflow: boolean; broken: boolean }> {
      const fd = await open(fileOf(id), 'a');
      let written = 0;
      let overflow = false;
      let broken = false;
      try {
        for await (const chunk of body) {
          const buf = chunk as Buffer;
          const room = max - written;
          if (buf.length > room) {
            if (room > 0) await fd.write(buf, 0, room);
            written += Math.max(room, 0);
            overflow = true;
            break;
          }
          await fd.write(buf);
          written += buf.length;
        }
      } catch {
        broken = true;
      } finally {
        await fd.sync().catch(() => {});
        await fd.close();
      }
      return { written, overflow, broken };
    },
    hash: (id: string): Promise<BlobInfo> => hashStream(createReadStream(fileOf(id))),
    remove: (id: string) => unlink(fileOf(id)).catch(() => {}),
  };
}
export type UploadParts = ReturnType<typeof createUploadParts>;
