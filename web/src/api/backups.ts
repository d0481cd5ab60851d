import { api } from './client';

/** One off-site backup run (R10), as GET /api/backups gives it. */
export type Backup = {
  id: string;
  status: 'completed' | 'failed';
  trigger: 'schedule' | 'command';
  location: string;
  startedAt: string;
  finishedAt: string;
  recoveryPoint: string | null;
  manifestSha256: string | null;
  files: number | null;
  databaseBytes: number | null;
  blobs: number | null;
  blobsCopied: number | null;
  blobBytesCopied: number | null;
  ledgerCheckpointSize: number | null;
  ledgerCheckpointRoot: string | null;
  error: string | null;
};
export type BackupList = { configured: boolean; location: string | null; intervalHours: number; items: Backup[] };

export const listBackups = (signal?: AbortSignal) => api.get<BackupList>('/api/backups', { signal });
