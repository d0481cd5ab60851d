import type { Readable } from 'node:stream';
import type { BlobInfo, BlobStore } from '../blob/blob-store.js';

/**
 * The second store that backups go to (R10: 异地备份): another mount today (dir-backup-store.ts),
 * an S3-compatible bucket later. Two kinds of content:
 *  - objects under a backup's own prefix (`<backupId>/…`: the database's files, the keys, the
 *    blob list, the manifest), written once each;
 *  - blobs, content-addressed and shared by every backup (a blob is copied once, ever), through
 *    the same BlobStore interface the platform keeps its own blobs behind.
 * A backup is complete exactly when its manifest object exists: it is written last.
 * An S3 implementation maps objects to keys `backups/<backupId>/<name>` and blobs to
 * `blobs/<ab>/<cd>/<sha256>` (PUT with x-amz-checksum-sha256), and `listBackups` to a
 * delimiter listing of `backups/`.
 */
export interface BackupStore {
  /** Where it is, for people (a folder, a bucket URL). */
  readonly location: string;
  /** Writes one object whole (never over an existing one) and returns its SHA-256 and size. */
  writeObject(backupId: string, name: string, data: Buffer | Readable): Promise<BlobInfo>;
  /** An object's bytes; rejects with code 'ENOENT' when there is none. */
  readObject(backupId: string, name: string): Promise<Readable>;
  hasObject(backupId: string, name: string): Promise<boolean>;
  /** Ids of the backups whose manifest is there (complete backups), oldest first. */
  listBackups(): Promise<string[]>;
  /** Replicated blobs. */
  readonly blobs: BlobStore;
}

/** `<UTC time>-<4 hex>`: sortable, safe as a folder or key name. */
export const BACKUP_ID = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

/** Object names: relative paths of plain segments (no '..', no absolute paths, no odd characters). */
export const OBJECT_NAME = /^(?!\/)(?:[A-Za-z0-9_.-]+\/)*[A-Za-z0-9_.-]+$/;

export function assertObjectName(name: string): void {
  if (!OBJECT_NAME.test(name) || name.split('/').some((s) => s === '.' || s === '..')) throw new Error(`not a backup object name: ${JSON.stringify(name)}`);
}

export function assertBackupId(id: string): void {
  if (!BACKUP_ID.test(id)) throw new Error(`not a backup id: ${JSON.stringify(id)}`);
}
