import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, Role, SamplingFindingsTable, SamplingItemsTable, SamplingPlansTable } from '../../core/db/database.js';
import { escapeLike } from '../access/scope.js';

type Db = Kysely<Database>;
const SH = sql.lit('Asia/Shanghai');

/** The queries of sampling audits (R13). Writes take the caller's transaction. */
export const samplingRepository = {
  agency: (db: Db, id: string) => db.selectFrom('agencies').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirst(),

  insertPlan: (trx: Db, values: Insertable<SamplingPlansTable>) => trx.insertInto('sampling_plans').values(values).returningAll().executeTakeFirstOrThrow(),
  updatePlan: (trx: Db, id: string, values: Updateable<SamplingPlansTable>) =>
    trx
      .updateTable('sampling_plans')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  /** The plan with its agency's path (for scope); locked when asked inside a transaction that writes. */
  plan: (db: Db, id: string, lock = false) => {
    const q = db.selectFrom('sampling_plans as p').innerJoin('agencies as a', 'a.id', 'p.agency_id').selectAll('p').select(['a.path as agency_path', 'a.name as agency_name']).where('p.id', '=', id);
    return (lock ? q.forUpdate('p') : q).executeTakeFirst();
  },
  /** Plans of agencies inside the subtree, newest first, with their progress. */
  plans: (db: Db, path: string) =>
    db
      .selectFrom('sampling_plans as p')
      .innerJoin('agencies as a', 'a.id', 'p.agency_id')
      .select(['p.id', 'p.title', 'p.kinds', 'p.period_from', 'p.period_to', 'p.status', 'p.sample_size', 'p.rate_percent', 'p.population_size', 'p.drawn_at', 'p.created_at', 'a.name as agency_name'])
      .select((eb) => [
        eb.selectFrom('sampling_items as i').whereRef('i.plan_id', '=', 'p.id').select((e) => e.fn.countAll<number>().as('n')).as('items'),
        eb.selectFrom('sampling_items as i').whereRef('i.plan_id', '=', 'p.id').where('i.reviewed_at', 'is not', null).select((e) => e.fn.countAll<number>().as('n')).as('reviewed'),
        eb.selectFrom('sampling_findings as f').whereRef('f.plan_id', '=', 'p.id').where('f.status', '=', 'open').select((e) => e.fn.countAll<number>().as('n')).as('open_findings'),
      ])
      .where('a.path', 'like', `${escapeLike(path)}%`)
      .orderBy('p.created_at', 'desc')
      .limit(200)
      .execute(),

  /** Cases of the subtree accepted in the period (Asia/Shanghai days): one key per case. */
  casePopulation: async (db: Db, path: string, from: string, to: string) =>
    (
      await db
        .selectFrom('cases as c')
        .innerJoin('agencies as a', 'a.id', 'c.agency_id')
        .select(sql<string>`'case:' || c.id::text`.as('key'))
        .where('a.path', 'like', `${escapeLike(path)}%`)
        .where(sql<string>`(c.accepted_at AT TIME ZONE ${SH})::date`, '>=', from)
        .where(sql<string>`(c.accepted_at AT TIME ZONE ${SH})::date`, '<=', to)
        .execute()
    ).map((r) => r.key),

  /**
   * Camera device-days of the subtree's businesses: every day of the period from the day the
   * camera was registered (Asia/Shanghai). Each such day must show its recording or the recorded
   * reason it has none (002-音像 §18), so days without any recording are in the population too.
   */
  recordingPopulation: async (db: Db, path: string, from: string, to: string) =>
    (
      await sql<{ key: string }>`
        SELECT 'recording:' || d.id::text || ':' || to_char(day, 'YYYY-MM-DD') AS key
        FROM devices d
        JOIN businesses b ON b.id = d.business_id
        JOIN agencies a ON a.id = b.agency_id
        CROSS JOIN LATERAL generate_series(greatest(${from}::date, (d.created_at AT TIME ZONE ${SH})::date)::timestamp, ${to}::date::timestamp, interval '1 day') AS day
        WHERE d.kind = 'camera' AND a.path LIKE ${`${escapeLike(path)}%`}
      `.execute(db)
    ).rows.map((r) => r.key),

  caseLabels: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('cases as c')
          .innerJoin('businesses as b', 'b.id', 'c.business_id')
          .select(['c.id', 'c.cause', 'c.state', 'b.name as business_name', sql<string>`to_char(c.accepted_at AT TIME ZONE ${SH}, 'YYYY-MM-DD')`.as('accepted_on')])
          .where('c.id', 'in', ids)
          .execute(),
  deviceLabels: (db: Db, ids: string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('devices as d')
          .innerJoin('sites as s', 's.id', 'd.site_id')
          .innerJoin('businesses as b', 'b.id', 'd.business_id')
          .select(['d.id', 'd.name as device_name', 's.name as site_name', 'b.name as business_name'])
          .where('d.id', 'in', ids)
          .execute(),

  insertItems: (trx: Db, rows: Insertable<SamplingItemsTable>[]) => (rows.length ? trx.insertInto('sampling_items').values(rows).returningAll().execute() : Promise.resolve([])),
  items: (db: Db, planId: string) => db.selectFrom('sampling_items').selectAll().where('plan_id', '=', planId).orderBy('position').execute(),
  item: (trx: Db, id: string, lock = false) => {
    const q = trx.selectFrom('sampling_items').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },
  updateItem: (trx: Db, id: string, values: Updateable<SamplingItemsTable>) =>
    trx
      .updateTable('sampling_items')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),

  findings: (db: Db, planId: string) =>
    db
      .selectFrom('sampling_findings as f')
      .innerJoin('users as u', 'u.id', 'f.owner_id')
      .selectAll('f')
      .select('u.display_name as owner_name')
      .where('f.plan_id', '=', planId)
      .orderBy('f.created_at')
      .execute(),
  finding: (trx: Db, id: string, lock = false) => {
    const q = trx.selectFrom('sampling_findings').selectAll().where('id', '=', id);
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  },
  insertFinding: (trx: Db, values: Insertable<SamplingFindingsTable>) => trx.insertInto('sampling_findings').values(values).returningAll().executeTakeFirstOrThrow(),
  updateFinding: (trx: Db, id: string, values: Updateable<SamplingFindingsTable>) =>
    trx
      .updateTable('sampling_findings')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  /** Follow-ups a person owns, open first. */
  followUpsOf: (db: Db, userId: string) =>
    db
      .selectFrom('sampling_findings as f')
      .innerJoin('sampling_plans as p', 'p.id', 'f.plan_id')
      .selectAll('f')
      .select('p.title as plan_title')
      .where('f.owner_id', '=', userId)
      .orderBy('f.status', 'desc')
      .orderBy('f.due_on')
      .limit(200)
      .execute(),

  /** An active staff account with its agency's path (who may own a follow-up). */
  staffUser: (db: Db, id: string) =>
    db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.role', 'u.status', 'u.display_name', 'a.path as agency_path'])
      .where('u.id', '=', id)
      .executeTakeFirst(),
  /** Active staff of the subtree who may own a follow-up (for the form's choice). */
  staffOf: (db: Db, path: string, roles: readonly Role[]) =>
    db
      .selectFrom('users as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.display_name', 'u.role', 'a.name as agency_name'])
      .where('a.path', 'like', `${escapeLike(path)}%`)
      .where('u.status', '=', 'active')
      .where('u.role', 'in', [...roles])
      .orderBy('a.path')
      .orderBy('u.display_name')
      .execute(),
};
