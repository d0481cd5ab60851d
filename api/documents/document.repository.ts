import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, DocumentsTable } from '../../core/db/database.js';

export type DocumentRow = Selectable<DocumentsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The queries of issued documents (one row per version; rows never change). */
export function createDocumentRepository(db: Kysely<Database>) {
  return {
    /** The issuing agency: its full name and the 区域简称 of its 文号. */
    agency(id: string) {
      return db.selectFrom('agencies').select(['id', 'name', 'area_abbreviation', 'path']).where('id', '=', id).executeTakeFirst();
    },
    insert(row: Insertable<DocumentsTable>) {
      return db.insertInto('documents').values(row).returningAll().executeTakeFirstOrThrow();
    },
    /** The newest version of a document, locked against a concurrent correction. */
    latestForUpdate(documentId: string) {
      if (!UUID.test(documentId)) return Promise.resolve(undefined);
      return db.selectFrom('documents').selectAll().where('document_id', '=', documentId).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
    },
    /** Every version of a document, oldest first ([] when there is none). */
    versions(documentId: string): Promise<DocumentRow[]> {
      if (!UUID.test(documentId)) return Promise.resolve([]);
      return db.selectFrom('documents').selectAll().where('document_id', '=', documentId).orderBy('version').execute();
    },
    /** Every version of the document printed with this public ref, oldest first. */
    byPublicRef(publicRef: string): Promise<DocumentRow[]> {
      return db.selectFrom('documents').selectAll().where('public_ref', '=', publicRef).orderBy('version').execute();
    },
    agencyName(id: string) {
      return db.selectFrom('agencies').select('name').where('id', '=', id).executeTakeFirst();
    },
  };
}
export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
