// `npm run backup`: one backup now, to BACKUP_DIR (the schedule runs the same code: api/jobs/backup.worker.ts).
import path from 'node:path';
import { realpathSync } from 'node:fs';
import { createFsBlobStore } from '../blob/fs-blob-store.js';
import { openDatabase } from '../db/bootstrap.js';
import { createDb } from '../db/connect.js';
import { bootConfig } from '../process.js';
import { createDirBackupStore } from './dir-backup-store.js';
import { runBackup } from './run-backup.js';

async function main(): Promise<number> {
  const { config, log } = bootConfig();
  if (!config.backup.dir) {
    process.stderr.write('BACKUP_DIR is not set: give the folder (another disk or mount) that backups go to.\n');
    return 2;
  }
  if (config.databaseUrl) {
    process.stderr.write('The database is an external server (DATABASE_URL): back it up with that server\'s own base backups (pg_basebackup, WAL archiving). `npm run backup` backs up the embedded PostgreSQL.\n');
    return 2;
  }
  const handle = await openDatabase(config, log);
  const { db } = createDb(handle.adminUrl, 3);
  try {
    const outcome = await runBackup({
      db,
      adminUrl: handle.adminUrl,
      pgdata: realpathSync(path.join(config.dataDir, 'postgres', 'pgdata')),
      dataDir: config.dataDir,
      blobs: createFsBlobStore(path.join(config.dataDir, 'blobs')),
      store: createDirBackupStore(config.backup.dir),
      log,
      trigger: 'command',
      actor: { type: 'system', id: 'backup-cli' },
    });
    if (outcome.status === 'busy') {
      process.stderr.write('another backup is running; try again when it has finished\n');
      return 3;
    }
    if (outcome.status === 'failed') {
      process.stderr.write(`backup ${outcome.id} FAILED: ${outcome.error}\n`);
      return 1;
    }
    const m = outcome.manifest;
    process.stdout.write(
      `backup ${outcome.id} written to ${path.join(config.backup.dir, 'backups', outcome.id)}\n` +
        `  recovery point: ${m.recoveryPoint.at} (everything committed before it; WAL ${m.recoveryPoint.stopLsn})\n` +
        `  ledger: ${m.ledger.chained} entries chained; latest checkpoint ${m.ledger.checkpoint ? `tree size ${m.ledger.checkpoint.treeSize}, root ${m.ledger.checkpoint.rootHash}` : 'none yet'}\n` +
        `  files: ${m.files.length}; blobs: ${m.blobs.count} (${m.blobs.copied} copied now, ${m.blobs.copiedBytes} bytes)\n` +
        `  manifest SHA-256: ${outcome.manifestSha256}\n`,
    );
    return 0;
  } finally {
    await db.destroy();
    await handle.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backup failed to run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
