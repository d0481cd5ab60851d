import type { backupsZh } from './backups.zh-CN';

/** Off-site backups (R10), English. Same keys as backups.zh-CN.ts. */
export const backupsEn: typeof backupsZh = {
  nav: 'Backups',
  title: 'Off-site backups',
  hint: 'The database, the keys and every file are copied to a second store on a schedule; each backup has a manifest (every file’s SHA-256), checked file by file on restore.',
  schedule: 'A backup every {{hours}} h, kept in {{location}}.',
  notConfigured: 'Off-site backup is not configured (BACKUP_DIR unset, or the database is not the embedded one): no scheduled backups.',
  recoveryHint: 'Recovery point: every record committed before it is in the backup. Restore: npm run restore -- <backup folder> --data-dir <empty folder>, then npm run verify.',
  lastOk: 'Latest successful backup’s recovery point: {{at}}',
  noneOk: 'No successful backup yet.',
  empty: 'No backups yet.',
  id: 'Backup',
  status: 'Status',
  statuses: { completed: 'completed', failed: 'failed' },
  trigger: 'By',
  triggers: { schedule: 'schedule', command: 'command' },
  started: 'Started',
  recoveryPoint: 'Recovery point',
  size: 'Database',
  blobs: 'Files',
  blobsValue: '{{count}} ({{copied}} copied now)',
  checkpoint: 'Ledger checkpoint',
  checkpointValue: 'entry {{size}}',
  manifest: 'Manifest SHA-256',
  error: 'Why it failed',
};
