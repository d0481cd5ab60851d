import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, RecordExportJobsTable, RecordExportsTable } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';

export type RecordExportRow = Selectable<RecordExportsTable>;
export type ExportJobRow = Selectable<RecordExportJobsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a leaked copy is traced by: its export id, any fragment of its watermark's text, or its SHA-256. */
export type TraceQuery = { exportId?: string; text?: string; sha256?: string };

/** The queries of the export log and of the records it copies. */
export function createExportRepository(db: Kysely<Database>) {
  return {
    /** Writes one export (in the caller's transaction, with its ledger entry). */
    insert(trx: Kysely<Database>, row: Insertable<RecordExportsTable>) {
      return trx.insertInto('record_exports').values(row).returningAll().executeTakeFirstOrThrow();
    },
    /** A flag's evidence: its newest clip and its snapshot, and whose it is. */
    flagEvidence(flagId: string) {
      if (!UUID.test(flagId)) return Promise.resolve(undefined);
      return db.selectFrom('flags').select(['id', 'agency_id', 'business_id', 'clip_sha256', 'snapshot_sha256']).where('id', '=', flagId).executeTakeFirst();
    },
    /** A flag's clip of one version. */
    clipVersion(flagId: string, version: number) {
      return db.selectFrom('flag_clips').select('blob_sha256').where('flag_id', '=', flagId).where('version', '=', version).executeTakeFirst();
    },
    /** One version of an issued document (the newest when none is named), with its business when it is about one. */
    documentVersion(documentId: string, version: number | undefined) {
      if (!UUID.test(documentId)) return Promise.resolve(undefined);
      let q = db.selectFrom('documents').selectAll().where('document_id', '=', documentId);
      q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
      return q.executeTakeFirst();
    },
    /**
     * Exports matching every given key, within the scope (the record's agency subtree), newest
     * first. The text fragment matches the watermark's text case-insensitively, as typed off a copy.
     */
    trace(q: TraceQuery, scope: Scope | 'all', limit: number) {
      let query = db
        .selectFrom('record_exports as e')
        .innerJoin('agencies as a', 'a.id', 'e.agency_id')
        .selectAll('e');
      if (q.exportId) query = query.where('e.id', '=', q.exportId.toUpperCase());
      if (q.sha256) query = query.where('e.file_sha256', '=', q.sha256.toLowerCase());
      if (q.text) query = query.where('e.watermark_text', 'ilike', `%${escapeLike(q.text)}%`);
      if (scope !== 'all') query = scope.kind === 'agency' ? query.where('a.path', 'like', `${escapeLike(scope.path)}%`) : query.where('e.business_id', '=', scope.businessId);
      return query.orderBy('e.created_at', 'desc').limit(limit).execute();
    },

    /** Queues a clip export job's row (in the caller's transaction, with its ledger entry and its pg-boss job). */
    insertJob(trx: Kysely<Database>, row: Insertable<RecordExportJobsTable>) {
      return trx.insertInto('record_export_jobs').values(row).returningAll().executeTakeFirstOrThrow();
    },
    job(id: string) {
      if (!UUID.test(id)) return Promise.resolve(undefined);
      return db.selectFrom('record_export_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** The export a done job made. */
    exportOf(exportId: string) {
      return db.selectFrom('record_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
    },
    /** Who asked, as the watermark names him now. */
    requester(userId: string) {
      return db.selectFrom('users').select(['id', 'display_name', 'username', 'status']).where('id', '=', userId).executeTakeFirst();
    },
    /** queued → running; undefined when the job is not queued (already run, or failed): a job runs once. */
    startJob(trx: Kysely<Database>, id: string) {
      return trx.updateTable('record_export_jobs').set({ status: 'running', started_at: new Date() }).where('id', '=', id).where('status', '=', 'queued').returningAll().executeTakeFirst();
    },
    setPercent(id: string, percent: number) {
      return db.updateTable('record_export_jobs').set({ percent }).where('id', '=', id).where('status', '=', 'running').where('percent', '<', percent).execute();
    },
    /** running → done, naming the export (in the transaction writing the export's row); undefined when no longer running. */
    finishJob(trx: Kysely<Database>, id: string, exportId: string) {
      return trx.updateTable('record_export_jobs').set({ status: 'done', percent: 100, export_id: exportId, finished_at: new Date() }).where('id', '=', id).where('status', '=', 'running').returningAll().executeTakeFirst();
    },
    /** queued or running → failed with the reason; undefined when the job had already ended. */
    failJob(trx: Kysely<Database>, id: string, error: string) {
      return trx.updateTable('record_export_jobs').set({ status: 'failed', error, finished_at: new Date() }).where('id', '=', id).where('status', 'in', ['queued', 'running']).returningAll().executeTakeFirst();
    },
    /** Jobs left running (by a process that stopped mid-copy), for the start-up to fail. */
    running() {
      return db.selectFrom('record_export_jobs').select(['id']).where('status', '=', 'running').execute();
    },
  };
}
export type ExportRepository = ReturnType<typeof createExportRepository>;
