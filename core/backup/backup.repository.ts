import type { Kysely, Selectable } from 'kysely';
import type { BackupsTable, Database } from '../db/database.js';
import { appendLedger, type Actor } from '../ledger/append.js';

export type BackupRow = Selectable<BackupsTable>;
export type NewBackup = Omit<BackupRow, 'recorded_at'>;

/**
 * The list of backups: one row per backup run, written once it has ended (completed or failed),
 * with its ledger entry in the same transaction. Rows are never changed (a trigger refuses it).
 * The row is written after the backup, so a backup never holds its own row: the restored
 * platform lists the backups made before it.
 */
export async function recordBackup(db: Kysely<Database>, row: NewBackup, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const saved = await trx.insertInto('backups').values(row).returningAll().executeTakeFirstOrThrow();
    await appendLedger(trx, {
      actor,
      action: row.status === 'completed' ? 'backup.completed' : 'backup.failed',
      entityType: 'backup',
      entityId: row.id,
      state: saved,
    });
  });
}

export async function listBackupRows(db: Kysely<Database>, limit = 100): Promise<BackupRow[]> {
  return db.selectFrom('backups').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

export async function lastCompletedBackup(db: Kysely<Database>): Promise<BackupRow | null> {
  return (await db.selectFrom('backups').selectAll().where('status', '=', 'completed').orderBy('started_at', 'desc').limit(1).executeTakeFirst()) ?? null;
}
