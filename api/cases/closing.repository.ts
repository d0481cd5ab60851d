import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CaseArchivesTable, CasePaymentsTable, Database } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';

export type PaymentRow = Selectable<CasePaymentsTable>;
export type ArchiveRow = Selectable<CaseArchivesTable>;
type Db = Kysely<Database>;

/** The queries of payments, the archive and its read log (issue 14 items 4–5). Writes take the caller's transaction. */
export const closingRepository = {
  payments: (db: Db, caseId: string) => db.selectFrom('case_payments').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').orderBy('id').execute(),
  insertPayment: (trx: Db, values: Insertable<CasePaymentsTable>) => trx.insertInto('case_payments').values(values).returningAll().executeTakeFirstOrThrow(),
  /** Whether a blob is stored (a receipt's file is uploaded before the payment names it). */
  blobExists: (db: Db, sha256: string) => db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst(),
  blob: (db: Db, sha256: string) => db.selectFrom('blobs').select(['sha256', 'media_type']).where('sha256', '=', sha256).executeTakeFirst(),

  archive: (db: Db, caseId: string) => db.selectFrom('case_archives').selectAll().where('case_id', '=', caseId).executeTakeFirst(),
  insertArchive: (trx: Db, values: Insertable<CaseArchivesTable>) => trx.insertInto('case_archives').values(values).returningAll().executeTakeFirstOrThrow(),
  /** Whether the case is archived (it has its archive row): its file is read-only. */
  isArchived: async (db: Db, caseId: string) => !!(await db.selectFrom('case_archives').select('id').where('case_id', '=', caseId).executeTakeFirst()),
  agency: (db: Db, id: string) => db.selectFrom('agencies').select(['id', 'name', 'area_abbreviation']).where('id', '=', id).executeTakeFirst(),
  /** The case a document is about, when it is an archived case's. */
  archivedCaseOfDocument: (db: Db, documentId: string) =>
    db
      .selectFrom('documents as d')
      .innerJoin('case_archives as r', 'r.case_id', 'd.subject_id')
      .select(['r.case_id as id'])
      .where('d.subject_type', '=', 'case')
      .where((eb) => eb.or([eb('d.document_id', '=', documentId), eb('d.id', '=', documentId)]))
      .limit(1)
      .executeTakeFirst(),
  /** The archived cases a flag's evidence belongs to. */
  archivedCasesOfFlag: (db: Db, flagId: string) =>
    db.selectFrom('case_flags as cf').innerJoin('case_archives as r', 'r.case_id', 'cf.case_id').select('r.case_id as id').where('cf.flag_id', '=', flagId).execute(),
  /** The reads of an archived case, newest first (ledger entries 'case_archive.read'). */
  reads: (db: Db, caseId: string, limit = 50) =>
    db
      .selectFrom('ledger_entries as e')
      .leftJoin('users as u', (j) => j.on((eb) => eb.and([eb('e.actor_type', '=', 'user'), eb(eb.cast('u.id', 'text'), '=', eb.ref('e.actor_id'))])))
      .select(['e.id', 'e.recorded_at', 'e.actor_id', 'e.context', 'u.display_name', 'u.role'])
      .where('e.action', '=', 'case_archive.read')
      .where('e.entity_type', '=', 'case')
      .where('e.entity_id', '=', caseId)
      .orderBy('e.id', 'desc')
      .limit(limit)
      .execute(),

  /** The archivist's queue (待归档): closed (or not filed) cases in scope not yet archived, with the archive clock's due time. */
  queue: (db: Db, scope: Scope) =>
    db
      .selectFrom('cases as c')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .leftJoin('case_clocks as k', (j) => j.onRef('k.case_id', '=', 'c.id').on('k.kind', '=', 'archive').on('k.stopped_at', 'is', null))
      .select(['c.id', 'c.cause', 'c.procedure', 'c.version', 'c.closed_at', 'c.updated_at', 'b.name as business_name', 'a.name as agency_name', 'k.due_at'])
      .where('c.state', 'in', ['closed', 'not_filed'])
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_archives as r').select('r.id').whereRef('r.case_id', '=', 'c.id'))))
      .where('a.path', 'like', scope.kind === 'agency' ? `${escapeLike(scope.path)}%` : '\u0000')
      .orderBy('k.due_at')
      .orderBy('c.closed_at')
      .limit(500)
      .execute(),
  /** Cases archived lately in scope (the queue's second list). */
  archived: (db: Db, scope: Scope, limit = 20) =>
    db
      .selectFrom('case_archives as r')
      .innerJoin('cases as c', 'c.id', 'r.case_id')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .select(['c.id', 'c.cause', 'r.archive_no', 'r.archived_at', 'r.retention_class', 'r.destroy_from', 'b.name as business_name'])
      .where('a.path', 'like', scope.kind === 'agency' ? `${escapeLike(scope.path)}%` : '\u0000')
      .orderBy('r.archived_at', 'desc')
      .limit(limit)
      .execute(),
};
