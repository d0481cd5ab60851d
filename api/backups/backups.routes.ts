import { route } from '../access/access.route.js';
import { listBackupRows, type BackupRow } from '../../core/backup/backup.repository.js';
import type { Db } from '../../core/db/connect.js';
import { errorResponses, json, router, z } from '../http/openapi.js';

/** What the admin's backup page shows about the schedule (from config; null location: backups are off). */
export type BackupSettings = { location: string | null; intervalHours: number };

const BackupDto = z
  .object({
    id: z.string(),
    status: z.enum(['completed', 'failed']),
    trigger: z.enum(['schedule', 'command']),
    location: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    recoveryPoint: z.string().nullable(),
    manifestSha256: z.string().nullable(),
    files: z.number().nullable(),
    databaseBytes: z.number().nullable(),
    blobs: z.number().nullable(),
    blobsCopied: z.number().nullable(),
    blobBytesCopied: z.number().nullable(),
    ledgerCheckpointSize: z.number().nullable(),
    ledgerCheckpointRoot: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('Backup');

const num = (v: string | number | null) => (v === null ? null : Number(v));

function dto(r: BackupRow) {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    location: r.location,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    recoveryPoint: r.recovery_point?.toISOString() ?? null,
    manifestSha256: r.manifest_sha256,
    files: r.files,
    databaseBytes: num(r.database_bytes),
    blobs: r.blobs,
    blobsCopied: r.blobs_copied,
    blobBytesCopied: num(r.blob_bytes_copied),
    ledgerCheckpointSize: num(r.ledger_checkpoint_size),
    ledgerCheckpointRoot: r.ledger_checkpoint_root,
    error: r.error,
  };
}

/** Mounted at /api/backups: the list of off-site backups (R10) for whoever keeps the platform's records. */
export function backupRoutes(db: Db, settings: BackupSettings) {
  const app = router();
  app.openapi(
    route('backup.read', {
      method: 'get',
      path: '/',
      tags: ['backups'],
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: {
        200: json(z.object({ configured: z.boolean(), location: z.string().nullable(), intervalHours: z.number(), items: z.array(BackupDto) }), 'Backups, newest first, and the schedule'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const rows = await listBackupRows(db, c.req.valid('query').limit);
      return c.json({ configured: settings.location !== null, location: settings.location, intervalHours: settings.intervalHours, items: rows.map(dto) }, 200);
    },
  );
  return app;
}
