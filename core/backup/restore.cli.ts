// `npm run restore -- <backup folder or id> --data-dir <fresh folder>`: see restore.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { BACKUP_ID } from './backup-store.js';
import { createDirBackupStore, MANIFEST } from './dir-backup-store.js';
import { restoreBackup } from './restore.js';

const USAGE = 'usage: npm run restore -- <backup folder (BACKUP_DIR/backups/<id>) or backup id> --data-dir <fresh folder>\n';

/** The store and id named by a backup's folder, or by its id in BACKUP_DIR. */
function resolveSource(arg: string, backupDir: string | null): { root: string; id: string } {
  const abs = path.resolve(arg);
  if (existsSync(path.join(abs, MANIFEST)) || (existsSync(abs) && !BACKUP_ID.test(arg))) {
    if (path.basename(path.dirname(abs)) !== 'backups' || !BACKUP_ID.test(path.basename(abs))) throw new Error(`${abs} is not a backup folder (BACKUP_DIR/backups/<id>)`);
    return { root: path.dirname(path.dirname(abs)), id: path.basename(abs) };
  }
  if (!BACKUP_ID.test(arg)) throw new Error(`${arg}: neither a backup folder nor a backup id (like 20261205T184100Z-1a2b)`);
  const dir = backupDir;
  if (!dir) throw new Error(`backup id ${arg} given but BACKUP_DIR is not set: give the backup's folder instead`);
  return { root: dir, id: arg };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--data-dir');
  const dataDir = at >= 0 ? args[at + 1] : undefined;
  const rest = args.filter((_, i) => i !== at && i !== at + 1);
  if (!dataDir || rest.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig(undefined, []);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { root, id } = resolveSource(rest[0], config.backup.dir);
  const log = createLogger(['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'warn');
  const r = await restoreBackup({ store: createDirBackupStore(root), backupId: id, dataDir, log });
  const abs = path.resolve(dataDir);
  process.stdout.write(
    `restored backup ${id} into ${abs}: ${r.files} files and ${r.blobs} blobs, every hash checked\n` +
      `  recovery point: ${r.manifest.recoveryPoint.at}\n` +
      `  ledger: latest checkpoint ${r.manifest.ledger.checkpoint ? `tree size ${r.manifest.ledger.checkpoint.treeSize}, root ${r.manifest.ledger.checkpoint.rootHash}` : 'none'}; ${r.sealed} entries committed before the recovery point chained now\n` +
      `check it:  DATA_DIR=${abs} npm run verify\n` +
      `run it:    DATA_DIR=${abs} npm start\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`restore failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
