import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { createDirBackupStore } from '../../core/backup/dir-backup-store.js';
import { runBackup } from '../../core/backup/run-backup.js';
import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';

/**
 * 'backups.run' (cron from BACKUP_INTERVAL_HOURS): one off-site backup (core/backup/run-backup.ts).
 * Idempotent enough to run twice: a second run while one is going answers 'busy' and does
 * nothing; a run after it makes the next backup (blobs already there are not copied again).
 * Without BACKUP_DIR, or with an external database (its own server's backups apply), it does nothing.
 */
export function backupWorker(deps: { db: Db; adminUrl: string | null; dataDir: string; backupDir: string | null; blobs: BlobStore; log: Logger }) {
  return async () => {
    if (!deps.backupDir || !deps.adminUrl) {
      deps.log.warn('scheduled backup skipped: BACKUP_DIR is not set or the database is not the embedded one');
      return;
    }
    const outcome = await runBackup({
      db: deps.db,
      adminUrl: deps.adminUrl,
      pgdata: realpathSync(path.join(deps.dataDir, 'postgres', 'pgdata')),
      dataDir: deps.dataDir,
      blobs: deps.blobs,
      store: createDirBackupStore(deps.backupDir),
      log: deps.log,
      trigger: 'schedule',
      actor: { type: 'system', id: 'backup' },
    });
    if (outcome.status === 'busy') deps.log.info('scheduled backup skipped: another backup is running');
    // A failed run is recorded (row + ledger) and shown on the admin page; the next run tries again.
  };
}
