import { sql, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { BusinessCategory, SelfInspectionPhotosTable, SelfInspectionReportsTable } from '../../core/db/database.js';
import { addressesInForce } from '../registry/service-address.repository.js';
import { escapeLike, type Scope } from '../access/scope.js';
import { countPeriods, type SelfReportFacts, type SelfReportFactsSource } from '../../core/self-reports/facts.js';

export type ReportRow = Selectable<SelfInspectionReportsTable>;
export type PhotoRow = Selectable<SelfInspectionPhotosTable>;
export type BusinessFacts = { id: string; name: string; category: BusinessCategory; agency_id: string; agency_name: string; created_at: Date; status: 'active' | 'archived' };
/** When a period's report first came (its first signed version), and whether an officer found it falsified. */
export type Submission = { business_id: string; period_start: string; first_signed_at: Date };

const businessCols = ['b.id', 'b.name', 'b.category', 'b.agency_id', 'a.name as agency_name', 'b.created_at', 'b.status'] as const;

/** The only queries of self-inspection reports. */
export function createSelfReportRepository(db: Db, clock: () => Date = () => new Date()) {
  const base = {
    business: (id: string): Promise<BusinessFacts | undefined> =>
      db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(businessCols).where('b.id', '=', id).executeTakeFirst(),

    /** Active businesses in a staff scope (agency subtree), with their agency's name. */
    businessesIn: (scope: Scope): Promise<BusinessFacts[]> => {
      let q = db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(businessCols).where('b.status', '=', 'active');
      q = scope.kind === 'business' ? q.where('b.id', '=', scope.businessId) : q.where('a.path', 'like', `${escapeLike(scope.path)}%`);
      return q.orderBy('a.name').orderBy('b.name').execute();
    },

    businessesById: (ids: readonly string[]): Promise<BusinessFacts[]> =>
      ids.length ? db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(businessCols).where('b.id', 'in', ids).execute() : Promise.resolve([]),

    byId: (id: string): Promise<ReportRow | undefined> => db.selectFrom('self_inspection_reports').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Every version of every report of a business, newest period and version first. */
    ofBusiness: (businessId: string): Promise<ReportRow[]> =>
      db.selectFrom('self_inspection_reports').selectAll().where('business_id', '=', businessId).orderBy('period_start', 'desc').orderBy('version', 'desc').execute(),

    /** The versions of one period's report, newest first. */
    versions: (businessId: string, periodStart: string): Promise<ReportRow[]> =>
      db.selectFrom('self_inspection_reports').selectAll().where('business_id', '=', businessId).where('period_start', '=', periodStart).orderBy('version', 'desc').execute(),

    /** The period's versions, locked (the live one and the last returned), inside the writing transaction. */
    lockVersions: (trx: Db, businessId: string, periodStart: string): Promise<ReportRow[]> =>
      trx.selectFrom('self_inspection_reports').selectAll().where('business_id', '=', businessId).where('period_start', '=', periodStart).orderBy('version', 'desc').forUpdate().execute(),

    lock: (trx: Db, id: string): Promise<ReportRow | undefined> => trx.selectFrom('self_inspection_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    insert: (trx: Db, values: Parameters<ReturnType<Db['insertInto']>['values']>[0] & object) =>
      trx.insertInto('self_inspection_reports').values(values as never).returningAll().executeTakeFirstOrThrow() as Promise<ReportRow>,

    /** Changes a report in the given status (the trigger keeps what may change); undefined when it is no longer in it. */
    update: (trx: Db, id: string, fromStatus: ReportRow['status'], set: Updateable<SelfInspectionReportsTable>): Promise<ReportRow | undefined> =>
      trx.updateTable('self_inspection_reports').set({ ...set, updated_at: new Date() }).where('id', '=', id).where('status', '=', fromStatus).returningAll().executeTakeFirst(),

    insertPhoto: (trx: Db, values: { report_id: string; business_id: string; period_start: string; item_key: string; blob_sha256: string; media_type: 'image/jpeg' | 'image/png'; size: number; uploaded_by: string }): Promise<PhotoRow> =>
      trx.insertInto('self_inspection_photos').values(values).returningAll().executeTakeFirstOrThrow(),

    /** Photos taken for a business's period (any version). */
    photosOf: (businessId: string, periodStart: string): Promise<PhotoRow[]> =>
      db.selectFrom('self_inspection_photos').selectAll().where('business_id', '=', businessId).where('period_start', '=', periodStart).orderBy('created_at').execute(),

    photo: (id: string): Promise<PhotoRow | undefined> => db.selectFrom('self_inspection_photos').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Submitted (or other) reports of a staff scope, oldest signature first: the review queue. */
    queue: (scope: Scope, statuses: readonly ReportRow['status'][], limit = 200) => {
      let q = db
        .selectFrom('self_inspection_reports as r')
        .innerJoin('businesses as b', 'b.id', 'r.business_id')
        .innerJoin('agencies as a', 'a.id', 'r.agency_id')
        .selectAll('r')
        .select(['b.name as business_name', 'a.name as agency_name'])
        .where('r.status', 'in', statuses);
      q = scope.kind === 'business' ? q.where('r.business_id', '=', scope.businessId) : q.where('a.path', 'like', `${escapeLike(scope.path)}%`);
      return q.orderBy('r.signed_at').limit(limit).execute();
    },

    /** For each business and period, when its report was first signed (any version, returned ones included). */
    submissions: async (businessIds: readonly string[]): Promise<Submission[]> => {
      if (!businessIds.length) return [];
      return db
        .selectFrom('self_inspection_reports')
        .select(['business_id', 'period_start', sql<Date>`min(signed_at)`.as('first_signed_at')])
        .where('business_id', 'in', businessIds)
        .where('signed_at', 'is not', null)
        .groupBy(['business_id', 'period_start'])
        .execute();
    },

    /** The latest time an officer found a report of each business falsified, within [from, to). */
    falsified: async (businessIds: readonly string[], from: Date, to: Date): Promise<{ business_id: string; at: Date }[]> => {
      if (!businessIds.length) return [];
      return db
        .selectFrom('self_inspection_reports')
        .select(['business_id', sql<Date>`max(reviewed_at)`.as('at')])
        .where('business_id', 'in', businessIds)
        .where('status', '=', 'falsified')
        .where('reviewed_at', '>=', from)
        .where('reviewed_at', '<', to)
        .groupBy('business_id')
        .execute();
    },

    /** Display names of users (reviewers, those who closed a check). */
    userNames: async (ids: readonly (string | null)[]): Promise<Map<string, string>> => {
      const want = [...new Set(ids.filter((x): x is string => !!x))];
      if (!want.length) return new Map();
      const rows = await db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', want).execute();
      return new Map(rows.map((u) => [u.id, u.display_name || u.username]));
    },

    /** Where a signing code may go: the business's service addresses in force, else the user's own. */
    async codeAddresses(businessId: string, userId: string) {
      const [addresses, user] = await Promise.all([addressesInForce(db, businessId), db.selectFrom('users').select(['email', 'phone']).where('id', '=', userId).executeTakeFirst()]);
      const email = addresses.find((a) => a.method === 'email')?.address ?? user?.email ?? null;
      const sms = addresses.find((a) => a.method === 'sms')?.address ?? user?.phone ?? null;
      return { email: email || null, sms: sms || null };
    },
  };
  /** The credit score's port (SelfReportFactsSource): the lead passes `repo.facts` to the credit module. */
  return { ...base, facts: createSelfReportFacts(base, clock) };
}
export type SelfReportRepository = ReturnType<typeof createSelfReportRepository>;
type BaseRepository = {
  businessesById: (ids: readonly string[]) => Promise<BusinessFacts[]>;
  submissions: (ids: readonly string[]) => Promise<Submission[]>;
  falsified: (ids: readonly string[], from: Date, to: Date) => Promise<{ business_id: string; at: Date }[]>;
};

/**
 * The credit score's self-report facts (SelfReportFactsSource, core/self-reports/facts.ts): per
 * business, the periods whose deadline fell within [from, to) (and has passed), how many came on
 * time, late or not at all, and the latest report found falsified within [from, to). Businesses
 * that do not exist are absent from the map.
 */
export function createSelfReportFacts(repo: BaseRepository, clock: () => Date = () => new Date()): SelfReportFactsSource {
  return async (businessIds, from, to) => {
    const ids = [...new Set(businessIds)];
    const [businesses, subs, falsified] = await Promise.all([repo.businessesById(ids), repo.submissions(ids), repo.falsified(ids, from, to)]);
    const now = clock();
    const out = new Map<string, SelfReportFacts>();
    for (const b of businesses) {
      const firstSigned = new Map(subs.filter((s) => s.business_id === b.id).map((s) => [s.period_start, new Date(s.first_signed_at)]));
      const f = falsified.find((x) => x.business_id === b.id);
      out.set(b.id, { ...countPeriods({ id: b.id, category: b.category, createdAt: b.created_at }, firstSigned, from, to, now), falsifiedAt: f ? new Date(f.at) : null });
    }
    return out;
  };
}
