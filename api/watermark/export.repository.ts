import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, RecordExportsTable } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';

export type RecordExportRow = Selectable<RecordExportsTable>;

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
  };
}
export type ExportRepository = ReturnType<typeof createExportRepository>;
