import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { BusinessCategory, Database, InspectionItemsTable, InspectionPlansTable, InspectionStratum, Role } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

type Db = Kysely<Database>;
const SH = sql.lit('Asia/Shanghai');

/** The queries of rotation and random inspection (issue 16 item 2). Writes take the caller's transaction. */
export const inspectionRepository = {
  agency: (db: Db, id: string) => db.selectFrom('agencies').select(['id', 'name', 'path', 'level']).where('id', '=', id).executeTakeFirst(),

  /** Active businesses of the subtree (and category, if given), with their agency's path: a random inspection's population. */
  businessesOf: (db: Db, path: string, category: BusinessCategory | null) => {
    let q = db
      .selectFrom('businesses as b')
      .innerJoin('agencies as a', 'a.id', 'b.agency_id')
      .select(['b.id', 'b.name', 'a.path as agency_path'])
      .where('b.status', '=', 'active')
      .where('a.path', 'like', `${escapeLike(path)}%`);
    if (category) q = q.where('b.category', '=', category);
    return q.orderBy('b.id').execute();
  },

  /**
   * Active businesses of the subtree and category that no device covers: none of their devices in use
   * (not retired) is listed on a consent in force today (signed, active, within its validity,
   * Asia/Shanghai) — 002 §5: those that monitoring cannot cover go into the rotation.
   */
  uncoveredBusinesses: (db: Db, path: string, category: BusinessCategory) =>
    db
      .selectFrom('businesses as b')
      .innerJoin('agencies as a', 'a.id', 'b.agency_id')
      .select(['b.id', 'b.name'])
      .where('b.status', '=', 'active')
      .where('b.category', '=', category)
      .where('a.path', 'like', `${escapeLike(path)}%`)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('devices as d')
              .innerJoin('consent_devices as cd', 'cd.device_id', 'd.id')
              .innerJoin('consents as c', 'c.id', 'cd.consent_id')
              .whereRef('d.business_id', '=', 'b.id')
              .where('d.status', '!=', 'retired')
              .where('c.status', '=', 'active')
              .where(sql<boolean>`c.valid_from::date <= (now() AT TIME ZONE ${SH})::date AND c.valid_until::date >= (now() AT TIME ZONE ${SH})::date`)
              .select('d.id'),
          ),
        ),
      )
      .orderBy('b.id')
      .execute(),

  /** Active officers of the subtree who may be paired (the role that records results), with their agency's path. */
  officersOf: (db: Db, path: string, roles: readonly Role[]) =>
    db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.display_name', 'a.path as agency_path', 'a.name as agency_name'])
      .where('u.status', '=', 'active')
      .where('u.role', 'in', [...roles])
      .where('a.path', 'like', `${escapeLike(path)}%`)
      .orderBy('u.id')
      .execute(),

  namesOfBusinesses: async (db: Db, ids: readonly string[]) =>
    new Map(ids.length ? (await db.selectFrom('businesses').select(['id', 'name']).where('id', 'in', [...ids]).execute()).map((b) => [b.id, b.name]) : []),
  namesOfUsers: async (db: Db, ids: readonly string[]) =>
    new Map(ids.length ? (await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', [...ids]).execute()).map((u) => [u.id, u.display_name]) : []),

  insertPlan: (trx: Db, values: Insertable<InspectionPlansTable>) => trx.insertInto('inspection_plans').values(values).returningAll().executeTakeFirstOrThrow(),
  updatePlan: (trx: Db, id: string, values: Updateable<InspectionPlansTable>) =>
    trx
      .updateTable('inspection_plans')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  /** The plan with its agency's path and name; locked when asked inside a transaction that writes. */
  plan: (db: Db, id: string, lock = false) => {
    const q = db.selectFrom('inspection_plans as p').innerJoin('agencies as a', 'a.id', 'p.agency_id').selectAll('p').select(['a.path as agency_path', 'a.name as agency_name']).where('p.id', '=', id);
    return (lock ? q.forUpdate('p') : q).executeTakeFirst();
  },
  /** Plans of agencies inside the subtree, newest first, with their progress. */
  plans: (db: Db, path: string) =>
    db
      .selectFrom('inspection_plans as p')
      .innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .select(['p.id', 'p.title', 'p.category', 'p.period_from', 'p.period_to', 'p.status', 'p.population_size', 'p.drawn_at', 'p.published_at', 'p.created_at', 'a.name as agency_name'])
      .select((eb) => [
        eb.selectFrom('inspection_items as i').whereRef('i.plan_id', '=', 'p.id').select((e) => e.fn.countAll<number>().as('n')).as('items'),
        eb.selectFrom('inspection_items as i').whereRef('i.plan_id', '=', 'p.id').where('i.result', 'is not', null).select((e) => e.fn.countAll<number>().as('n')).as('recorded'),
      ])
      .where('a.path', 'like', `${escapeLike(path)}%`)
      .orderBy('p.created_at', 'desc')
      .limit(200)
      .execute(),

  insertItems: (trx: Db, rows: Insertable<InspectionItemsTable>[]) => (rows.length ? trx.insertInto('inspection_items').values(rows).returningAll().execute() : Promise.resolve([])),
  items: (db: Db, planId: string) =>
    db
      .selectFrom('inspection_items as i')
      .innerJoin('businesses as b', 'b.id', 'i.business_id')
      .leftJoin('self_inspection_reports as sr', 'sr.id', 'i.self_report_id')
      .selectAll('i')
      .select(['b.name as business_name', 'b.address as business_address', 'sr.period_key as self_report_period', 'sr.routine_check_closed as self_report_closed_check'])
      .where('i.plan_id', '=', planId)
      .orderBy('i.position')
      .execute(),
  item: (trx: Db, id: string, lock = false) => {
    const q = trx.selectFrom('inspection_items').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },
  /** A self-inspection report as a result's document review needs it: whose, reviewed how, its routine check closed or not. */
  selfReport: (db: Db, id: string) => db.selectFrom('self_inspection_reports').select(['id', 'business_id', 'status', 'period_key', 'routine_check_closed']).where('id', '=', id).executeTakeFirst(),
  updateItem: (trx: Db, id: string, values: Updateable<InspectionItemsTable>) =>
    trx
      .updateTable('inspection_items')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  /** The items an officer is paired on (我的检查任务), open ones first. */
  itemsOf: (db: Db, userId: string) =>
    db
      .selectFrom('inspection_items as i')
      .innerJoin('inspection_plans as p', 'p.id', 'i.plan_id')
      .innerJoin('businesses as b', 'b.id', 'i.business_id')
      .leftJoin('self_inspection_reports as sr', 'sr.id', 'i.self_report_id')
      .selectAll('i')
      .select(['p.title as plan_title', 'p.period_from', 'p.period_to', 'p.status as plan_status', 'b.name as business_name', 'b.address as business_address', 'sr.period_key as self_report_period', 'sr.routine_check_closed as self_report_closed_check'])
      .where(sql<boolean>`i.officer_ids @> ARRAY[${userId}]::uuid[]`)
      .orderBy(sql`i.result IS NOT NULL`)
      .orderBy('p.period_to')
      .orderBy('i.position')
      .limit(500)
      .execute(),

  /**
   * The latest rotation revision of a region and year for the category (null: of every category),
   * each with its entries and business names.
   */
  latestRotations: async (db: Db, agencyId: string, category: BusinessCategory | null, year: number) => {
    let q = db.selectFrom('inspection_rotations').selectAll().distinctOn('category').where('agency_id', '=', agencyId).where('year', '=', year);
    if (category) q = q.where('category', '=', category);
    const rotations = await q.orderBy('category').orderBy('revision', 'desc').execute();
    if (!rotations.length) return [];
    const entries = await db
      .selectFrom('inspection_rotation_entries as e')
      .innerJoin('businesses as b', 'b.id', 'e.business_id')
      .select(['e.rotation_id', 'e.business_id', 'e.stratum', 'e.visits', 'e.months', 'b.name as business_name'])
      .where('e.rotation_id', 'in', rotations.map((r) => r.id))
      .orderBy('b.name')
      .execute();
    return rotations.map((rotation) => ({ rotation, entries: entries.filter((e) => e.rotation_id === rotation.id) }));
  },
  /** Every revision of a region and year for the category (null: of every category), newest first. */
  revisions: (db: Db, agencyId: string, category: BusinessCategory | null, year: number) => {
    let q = db.selectFrom('inspection_rotations').select(['id', 'category', 'revision', 'joined', 'left', 'computed_at', 'computed_by']).where('agency_id', '=', agencyId).where('year', '=', year);
    if (category) q = q.where('category', '=', category);
    return q.orderBy('computed_at', 'desc').orderBy('category').orderBy('revision', 'desc').execute();
  },
  /** The revision and its entries as written (the ledger records both: core/ledger/entity-check.ts). */
  insertRotation: async (trx: Db, r: { agency_id: string; category: BusinessCategory; year: number; revision: number; joined: string[]; left: string[]; computed_by: string }, entries: { business_id: string; stratum: InspectionStratum; visits: number; months: number[] }[]) => {
    const row = await trx
      .insertInto('inspection_rotations')
      .values({ ...r, joined: JSON.stringify(r.joined), left: JSON.stringify(r.left) })
      .returningAll()
      .executeTakeFirstOrThrow();
    const written = entries.length ? await trx.insertInto('inspection_rotation_entries').values(entries.map((e) => ({ ...e, rotation_id: row.id }))).returningAll().execute() : [];
    return { row, entries: written };
  },
};
