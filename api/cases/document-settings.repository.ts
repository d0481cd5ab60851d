import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AgencyDocumentSettingsTable, Database } from '../../core/db/database.js';

export type DocumentSettingsRow = Selectable<AgencyDocumentSettingsTable>;
type Db = Kysely<Database>;

/** The agencies' document settings (行政复议机关, court, payment, contact, 较大数额). Writes take the caller's transaction. */
export const documentSettingsRepository = {
  get: (db: Db, agencyId: string) => db.selectFrom('agency_document_settings').selectAll().where('agency_id', '=', agencyId).executeTakeFirst(),
  agency: (db: Db, agencyId: string) => db.selectFrom('agencies').select(['id', 'name', 'phone']).where('id', '=', agencyId).executeTakeFirst(),
  put: (trx: Db, values: Insertable<AgencyDocumentSettingsTable>) =>
    trx
      .insertInto('agency_document_settings')
      .values(values)
      .onConflict((oc) => oc.column('agency_id').doUpdateSet((eb) => ({ ...values, version: eb('agency_document_settings.version', '+', 1), updated_at: new Date() })))
      .returningAll()
      .executeTakeFirstOrThrow(),
};
