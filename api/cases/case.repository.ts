import { sql, type Kysely, type Insertable, type Selectable } from 'kysely';
import type { CaseClockExtensionsTable, CaseClockPausesTable, CaseClocksTable, CaseDocumentsTable, CaseEvidenceTable, CasesTable, CaseStagesTable, Database } from '../../core/db/database.js';
import { escapeLike, type Scope } from '../access/scope.js';

export type CaseRow = Selectable<CasesTable>;
export type StageRow = Selectable<CaseStagesTable>;
export type EvidenceRow = Selectable<CaseEvidenceTable>;
export type ClockRow = Selectable<CaseClocksTable>;
export type PauseRow = Selectable<CaseClockPausesTable>;
export type ExtensionRow = Selectable<CaseClockExtensionsTable>;
export type CaseDocumentRow = Selectable<CaseDocumentsTable>;

/** `filedFrom`/`filedTo` (issue 16, the dashboard's 立案): filed in [from, to). */
export type CaseListFilter = { state?: string; procedure?: string; overdue?: boolean; officerId?: string; businessId?: string; flagId?: string; filedFrom?: Date; filedTo?: Date; limit: number; offset: number };

type Db = Kysely<Database>;
const json = (v: unknown) => JSON.stringify(v);

/** The queries of cases (R7, R8). Writes take the caller's transaction. */
export const caseRepository = {
  filingLimit: (db: Db) => db.selectFrom('case_settings').selectAll().where('key', '=', 'filing_limit').executeTakeFirst(),
  putFilingLimit: (trx: Db, value: Record<string, unknown>, by: string, at: Date) =>
    trx
      .insertInto('case_settings')
      .values({ key: 'filing_limit', value: json(value), updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: json(value), updated_by: by, updated_at: at, version: eb('case_settings.version', '+', 1) })))
      .returningAll()
      .executeTakeFirstOrThrow(),

  /** The flags to file from, with their finding and business; locked so two officers cannot file one flag twice. */
  flagsForFiling: (trx: Db, flagIds: string[]) =>
    trx
      .selectFrom('flags as f')
      .leftJoin('findings as fd', 'fd.flag_id', 'f.id')
      .leftJoin('case_flags as cf', 'cf.flag_id', 'f.id')
      .select(['f.id', 'f.business_id', 'f.site_id', 'f.agency_id', 'f.type', 'f.category', 'f.review_status', 'f.decided_at', 'f.started_at', 'f.ended_at', 'f.snapshot_sha256', 'f.detail', 'fd.id as finding_id', 'fd.status as finding_status', 'fd.statement', 'fd.responded_at', 'fd.confirmed_at', 'cf.case_id as in_case'])
      .where('f.id', 'in', flagIds)
      .forUpdate('f')
      .execute(),
  finalClip: (trx: Db, flagId: string) => trx.selectFrom('flag_clips').selectAll().where('flag_id', '=', flagId).orderBy('final', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst(),
  coveringSegments: (trx: Db, flagId: string) =>
    trx
      .selectFrom('flag_segments as fs')
      .innerJoin('recording_segments as s', 's.id', 'fs.segment_id')
      .select(['s.id', 's.blob_sha256', 's.started_at', 's.ended_at', 's.retention_class', 's.purged_at'])
      .where('fs.flag_id', '=', flagId)
      .orderBy('s.started_at')
      .execute(),
  /** Gives segments the case file's retention class; held material keeps its class. */
  freezeSegments: (trx: Db, ids: string[]) =>
    ids.length
      ? trx.updateTable('recording_segments').set({ retention_class: 'case' }).where('id', 'in', ids).where('retention_class', 'in', ['ordinary', 'evidence']).returningAll().execute()
      : Promise.resolve([]),
  finding: (trx: Db, id: string) => trx.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  findingEvent: (trx: Db, input: { findingId: string; actorId: string; detail: Record<string, unknown>; at: Date }) =>
    trx.insertInto('finding_events').values({ finding_id: input.findingId, kind: 'case_filed', actor_type: 'user', actor_id: input.actorId, detail: json(input.detail), at: input.at }).execute(),

  officers: (db: Db, ids: string[]) => (ids.length ? db.selectFrom('users').select(['id', 'display_name', 'role', 'certificate_no', 'agency_id', 'status']).where('id', 'in', ids).execute() : Promise.resolve([])),
  /** Whether agency `over` is `agencyId` or one of its ancestors. */
  agencyCovers: async (db: Db, over: string, agencyId: string) => {
    const rows = await db.selectFrom('agencies').select(['id', 'path']).where('id', 'in', [over, agencyId]).execute();
    const a = rows.find((r) => r.id === over);
    const b = rows.find((r) => r.id === agencyId);
    return !!a && !!b && b.path.startsWith(a.path); // paths end with '/', as scope.ts reads them
  },
  business: (db: Db, id: string) => db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(['b.id', 'b.name', 'b.credit_code', 'b.address', 'b.category', 'b.contacts', 'b.agency_id', 'a.path as agency_path', 'a.name as agency_name']).where('b.id', '=', id).executeTakeFirst(),

  insertCase: (trx: Db, values: Insertable<CasesTable>) => trx.insertInto('cases').values(values).returningAll().executeTakeFirstOrThrow(),
  linkFlag: (trx: Db, values: { case_id: string; flag_id: string; finding_id: string | null }) => trx.insertInto('case_flags').values(values).returningAll().executeTakeFirstOrThrow(),
  lock: (trx: Db, id: string) => trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  get: (db: Db, id: string) => db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst(),
  /** Moves the case on at the version the caller saw; null when it was not that version. */
  advance: (trx: Db, input: { id: string; expectedVersion: number; set: Partial<{ state: CaseRow['state']; filed_at: Date; decided_at: Date; closed_at: Date }>; at: Date }) =>
    trx
      .updateTable('cases')
      .set((eb) => ({ ...input.set, version: eb('version', '+', 1), updated_at: input.at }))
      .where('id', '=', input.id)
      .where('version', '=', input.expectedVersion)
      .returningAll()
      .executeTakeFirst(),
  caseFlags: (db: Db, caseId: string) => db.selectFrom('case_flags').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute(),

  insertEvidence: (trx: Db, values: Insertable<CaseEvidenceTable>) => trx.insertInto('case_evidence').values(values).returningAll().executeTakeFirstOrThrow(),
  evidence: (db: Db, caseId: string) => db.selectFrom('case_evidence').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute(),
  lockEvidence: (trx: Db, id: string) => trx.selectFrom('case_evidence').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  reviewEvidence: (trx: Db, input: { id: string; expectedVersion: number; checklist: Record<string, unknown>; complete: boolean; by: string; at: Date }) =>
    trx
      .updateTable('case_evidence')
      .set((eb) => ({ checklist: json(input.checklist), checklist_complete: input.complete, reviewed_by: input.by, reviewed_at: input.at, version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('version', '=', input.expectedVersion)
      .returningAll()
      .executeTakeFirst(),

  stages: (db: Db, caseId: string) => db.selectFrom('case_stages').selectAll().where('case_id', '=', caseId).orderBy('seq').execute(),
  insertStage: (trx: Db, values: Insertable<CaseStagesTable>) => trx.insertInto('case_stages').values(values).returningAll().executeTakeFirstOrThrow(),
  documents: (db: Db, caseId: string) => db.selectFrom('case_documents').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute(),
  insertDocument: (trx: Db, values: Insertable<CaseDocumentsTable>) => trx.insertInto('case_documents').values(values).returningAll().executeTakeFirstOrThrow(),
  /** The stage a document of the case was attached to (its latest version's link). */
  stageOfDocument: (db: Db, caseId: string, documentId: string) => db.selectFrom('case_documents').select(['stage_id']).where('case_id', '=', caseId).where('document_id', '=', documentId).orderBy('version', 'desc').limit(1).executeTakeFirst(),

  clocks: (db: Db, caseId: string) => db.selectFrom('case_clocks').selectAll().where('case_id', '=', caseId).orderBy('started_at').execute(),
  pauses: (db: Db, clockIds: string[]) => (clockIds.length ? db.selectFrom('case_clock_pauses').selectAll().where('clock_id', 'in', clockIds).orderBy('from_at').execute() : Promise.resolve([] as PauseRow[])),
  extensions: (db: Db, clockIds: string[]) => (clockIds.length ? db.selectFrom('case_clock_extensions').selectAll().where('clock_id', 'in', clockIds).orderBy('requested_at').execute() : Promise.resolve([] as ExtensionRow[])),
  insertClock: (trx: Db, values: Insertable<CaseClocksTable>) => trx.insertInto('case_clocks').values(values).returningAll().executeTakeFirstOrThrow(),
  updateClock: (trx: Db, id: string, set: { stopped_at?: Date; stopped_by?: string; due_at: Date | null }) =>
    trx
      .updateTable('case_clocks')
      .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  insertPause: (trx: Db, values: Insertable<CaseClockPausesTable>) => trx.insertInto('case_clock_pauses').values(values).returningAll().executeTakeFirstOrThrow(),
  endPause: (trx: Db, id: string, at: Date, by: string) =>
    trx
      .updateTable('case_clock_pauses')
      .set((eb) => ({ to_at: at, resumed_by: by, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('to_at', 'is', null)
      .returningAll()
      .executeTakeFirst(),
  insertExtension: (trx: Db, values: Insertable<CaseClockExtensionsTable>) => trx.insertInto('case_clock_extensions').values(values).returningAll().executeTakeFirstOrThrow(),
  lockExtension: (trx: Db, id: string) => trx.selectFrom('case_clock_extensions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),
  decideExtension: (trx: Db, input: { id: string; status: 'approved' | 'refused'; by: string; at: Date; note: string | null }) =>
    trx
      .updateTable('case_clock_extensions')
      .set((eb) => ({ status: input.status, decided_by: input.by, decided_at: input.at, note: input.note, version: eb('version', '+', 1) }))
      .where('id', '=', input.id)
      .where('status', '=', 'requested')
      .returningAll()
      .executeTakeFirst(),
  clockOfExtension: (db: Db, id: string) => db.selectFrom('case_clock_extensions as e').innerJoin('case_clocks as c', 'c.id', 'e.clock_id').select(['c.case_id', 'c.id as clock_id']).where('e.id', '=', id).executeTakeFirst(),

  users: (db: Db, ids: string[]) => (ids.length ? db.selectFrom('users').select(['id', 'display_name', 'role', 'certificate_no']).where('id', 'in', ids).execute() : Promise.resolve([])),

  /** Cases in scope with the filters, newest first, and their running clocks' earliest due time. */
  list: (db: Db, scope: Scope, f: CaseListFilter, now: Date) => {
    let q = db
      .selectFrom('cases as c')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .select(['c.id', 'c.state', 'c.procedure', 'c.cause', 'c.source', 'c.version', 'c.accepted_at', 'c.filed_at', 'c.decided_at', 'c.closed_at', 'c.investigators', 'c.business_id', 'b.name as business_name', 'a.name as agency_name'])
      .select((eb) => [
        eb.selectFrom('case_clocks as k').select((k) => k.fn.min('k.due_at').as('d')).whereRef('k.case_id', '=', 'c.id').where('k.stopped_at', 'is', null).as('next_due_at'),
        eb.selectFrom('case_clocks as k').select((k) => k.fn.countAll<string>().as('n')).whereRef('k.case_id', '=', 'c.id').where('k.stopped_at', 'is', null).where('k.due_at', '<', now).as('overdue_clocks'),
      ]);
    q = scope.kind === 'agency' ? q.where('a.path', 'like', `${escapeLike(scope.path)}%`) : q.where('c.business_id', '=', scope.businessId);
    if (f.state) q = q.where('c.state', '=', f.state as CaseRow['state']);
    if (f.procedure) q = q.where('c.procedure', '=', f.procedure as CaseRow['procedure']);
    if (f.businessId) q = q.where('c.business_id', '=', f.businessId);
    if (f.flagId) q = q.where((eb) => eb.exists(eb.selectFrom('case_flags as cf').select('cf.case_id').whereRef('cf.case_id', '=', 'c.id').where('cf.flag_id', '=', f.flagId!)));
    if (f.officerId) q = q.where(sql<boolean>`c.investigators @> ${json([{ id: f.officerId }])}::jsonb`);
    if (f.overdue) q = q.where((eb) => eb.exists(eb.selectFrom('case_clocks as k').select('k.id').whereRef('k.case_id', '=', 'c.id').where('k.stopped_at', 'is', null).where('k.due_at', '<', now)));
    if (f.filedFrom) q = q.where('c.filed_at', '>=', f.filedFrom);
    if (f.filedTo) q = q.where('c.filed_at', '<', f.filedTo);
    return q.orderBy('c.accepted_at', 'desc').orderBy('c.id').limit(f.limit).offset(f.offset).execute();
  },
  /** Open cases and overdue open cases in scope, by state. */
  counts: (db: Db, scope: Scope, now: Date) => {
    let q = db
      .selectFrom('cases as c')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .select((eb) => ['c.state', eb.fn.countAll<string>().as('total'), sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_clocks k WHERE k.case_id = c.id AND k.stopped_at IS NULL AND k.due_at < ${now}))`.as('overdue')])
      .groupBy('c.state');
    q = scope.kind === 'agency' ? q.where('a.path', 'like', `${escapeLike(scope.path)}%`) : q.where('c.business_id', '=', scope.businessId);
    return q.execute();
  },
  /**
   * Active staff in scope who may take part in a case (investigators, a hearing chair), with their
   * certificate numbers; and the heads (managers) of the agencies above, who may be named as the
   * unit head on a case of this agency (案件受理记录).
   */
  staff: (db: Db, scope: Scope) =>
    db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.display_name', 'u.role', 'u.certificate_no', 'a.name as agency_name'])
      .where('u.status', '=', 'active')
      .where('u.role', 'in', ['officer', 'manager', 'legal_reviewer'])
      .where((eb) =>
        scope.kind === 'agency'
          ? eb.or([eb('a.path', 'like', `${escapeLike(scope.path)}%`), eb.and([eb('u.role', '=', 'manager'), eb(eb.val(scope.path), 'like', sql<string>`${sql.ref('a.path')} || '%'`)])])
          : eb.val(false),
      )
      .orderBy('u.role')
      .orderBy('u.display_name')
      .limit(500)
      .execute(),
  /** The unit head's queue: filing reports to approve, extension requests, cases awaiting approval or decision. */
  approvals: (db: Db, scope: Scope) =>
    db
      .selectFrom('cases as c')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .select(['c.id', 'c.state', 'c.cause', 'c.version', 'c.updated_at', 'b.name as business_name'])
      .select((eb) => eb.selectFrom('case_clock_extensions as e').innerJoin('case_clocks as k', 'k.id', 'e.clock_id').select((x) => x.fn.countAll<string>().as('n')).whereRef('k.case_id', '=', 'c.id').where('e.status', '=', 'requested').as('pending_extensions'))
      .where('a.path', 'like', scope.kind === 'agency' ? `${escapeLike(scope.path)}%` : '\u0000')
      .where((eb) =>
        eb.or([
          eb('c.state', 'in', ['filing_submitted', 'investigation_ended', 'notified']),
          eb.exists(eb.selectFrom('case_clock_extensions as e').innerJoin('case_clocks as k', 'k.id', 'e.clock_id').select('e.id').whereRef('k.case_id', '=', 'c.id').where('e.status', '=', 'requested')),
        ]),
      )
      .orderBy('c.updated_at')
      .limit(500)
      .execute(),
  /** The legal reviewer's queue: cases whose review materials are in and the review not yet recorded. */
  reviews: (db: Db, scope: Scope) =>
    db
      .selectFrom('case_clocks as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .innerJoin('agencies as a', 'a.id', 'c.agency_id')
      .innerJoin('businesses as b', 'b.id', 'c.business_id')
      .select(['c.id', 'c.state', 'c.cause', 'c.version', 'b.name as business_name', 'k.started_at', 'k.due_at'])
      .where('k.kind', '=', 'legal_review')
      .where('k.stopped_at', 'is', null)
      .where('a.path', 'like', scope.kind === 'agency' ? `${escapeLike(scope.path)}%` : '\u0000')
      .orderBy('k.due_at')
      .limit(500)
      .execute(),
};
export type CaseRepository = typeof caseRepository;
