import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BlobNotFoundError } from '../blob/blob-store.js';
import { createFsBlobStore } from '../blob/fs-blob-store.js';
import { linkIntoPlace, writeHashedFile } from '../blob/write-once-file.js';
import { assertBackupId, assertObjectName, BACKUP_ID, type BackupStore } from './backup-store.js';

/**
 * A BackupStore in a folder, meant to be another disk or a network mount (BACKUP_DIR):
 *   BACKUP_DIR/backups/<backupId>/<name>   a backup's objects (manifest.json last)
 *   BACKUP_DIR/blobs/ab/cd/<sha256>        replicated blobs (the platform's own layout)
 * Objects are written to a temporary file, fsync'd and linked into place (never over an
 * existing one), as the blob store does (core/blob/write-once-file.ts); files are the owner's
 * only (they hold personal data and the platform's keys).
 */
export const MANIFEST = 'manifest.json';

export function createDirBackupStore(dir: string): BackupStore {
  const root = path.resolve(dir);
  const backups = path.join(root, 'backups');
  const fileOf = (backupId: string, name: string) => {
    assertBackupId(backupId);
    assertObjectName(name);
    return path.join(backups, backupId, ...name.split('/'));
  };
  return {
    location: root,
    blobs: createFsBlobStore(path.join(root, 'blobs')),

    async writeObject(backupId, name, data) {
      const target = fileOf(backupId, name);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const tmp = `${target}.${randomBytes(6).toString('hex')}.partial`;
      try {
        const written = await writeHashedFile(tmp, data);
        // Never over an existing object: a second write of the same name is an error.
        await linkIntoPlace(tmp, target, { keepExisting: false });
        return written;
      } finally {
        await unlink(tmp).catch(() => {});
      }
    },

    async readObject(backupId, name) {
      const file = fileOf(backupId, name);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw Object.assign(new BlobNotFoundError(name), { message: `${backupId}/${name} is not in the backup store` });
      return createReadStream(file);
    },

    async hasObject(backupId, name) {
      return (await stat(fileOf(backupId, name)).catch(() => null))?.isFile() ?? false;
    },

    async listBackups() {
      const ids = (await readdir(backups).catch(() => [] as string[])).filter((n) => BACKUP_ID.test(n)).sort();
      const complete: string[] = [];
      for (const id of ids) if ((await stat(path.join(backups, id, MANIFEST)).catch(() => null))?.isFile()) complete.push(id);
      return complete;
    },
  };
}
