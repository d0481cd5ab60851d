import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CasePartyFilesTable, Database } from '../../core/db/database.js';
import type { Scope } from '../access/scope.js';

export type PartyFileRow = Selectable<CasePartyFilesTable>;
type Db = Kysely<Database>;

/** The queries of the party's side of its cases (issue 14 item 3). Writes take the caller's transaction. */
export const casePartyRepository = {
  /** The business's cases, open ones first by their next due time, then the newest. */
  cases: (db: Db, scope: Scope & { kind: 'business' }) =>
    db
      .selectFrom('cases as c')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .select(['c.id', 'c.state', 'c.procedure', 'c.cause', 'c.version', 'c.accepted_at', 'c.decided_at', 'c.closed_at', 'a.name as agency_name'])
      .select((eb) => [
        eb.selectFrom('case_clocks as k').select((k) => k.fn.min('k.due_at').as('d')).whereRef('k.case_id', '=', 'c.id').where('k.stopped_at', 'is', null).where('k.kind', 'in', ['statement', 'hearing_request', 'reminder']).as('party_due_at'),
      ])
      .where('c.business_id', '=', scope.businessId)
      .where('c.state', '!=', 'not_filed')
      .orderBy('c.accepted_at', 'desc')
      .limit(200)
      .execute(),
  agencyName: (db: Db, agencyId: string) => db.selectFrom('agencies').select(['name', 'phone']).where('id', '=', agencyId).executeTakeFirst(),
  businessName: (db: Db, businessId: string) => db.selectFrom('businesses').select('name').where('id', '=', businessId).executeTakeFirst(),
  userNames: (db: Db, ids: string[]) => (ids.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute() : Promise.resolve([])),
  /** The finding of each flag of the case (the party watches its clip through its finding). */
  findingsOf: (db: Db, caseId: string) => db.selectFrom('case_flags').select(['flag_id', 'finding_id']).where('case_id', '=', caseId).execute(),

  files: (db: Db, caseId: string) => db.selectFrom('case_party_files').selectAll().where('case_id', '=', caseId).orderBy('uploaded_at').orderBy('id').execute(),
  file: (db: Db, caseId: string, id: string) => db.selectFrom('case_party_files').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst(),
  unboundCount: async (db: Db, caseId: string) => Number((await db.selectFrom('case_party_files').select((eb) => eb.fn.countAll<string>().as('n')).where('case_id', '=', caseId).where('stage_id', 'is', null).executeTakeFirstOrThrow()).n),
  insertFile: (trx: Db, values: Insertable<CasePartyFilesTable>) => trx.insertInto('case_party_files').values(values).returningAll().executeTakeFirstOrThrow(),
  /** Binds files not yet sent to the stage that sends them; only those still unbound are returned. */
  bindFiles: (trx: Db, caseId: string, ids: string[], stageId: string) =>
    ids.length
      ? trx
          .updateTable('case_party_files')
          .set((eb) => ({ stage_id: stageId, version: eb('version', '+', 1) }))
          .where('case_id', '=', caseId)
          .where('id', 'in', ids)
          .where('stage_id', 'is', null)
          .returningAll()
          .execute()
      : Promise.resolve([] as PartyFileRow[]),
};
