import { sql, type Insertable } from 'kysely';
import { nextDay, shanghaiDay, startOfDay } from '../../core/calendar/calendar.js';
import type { Db } from '../../core/db/connect.js';
import type { BusinessCategory, CreditGradesTable } from '../../core/db/database.js';
import type { CreditGrade } from '../../core/credit/grade.js';
import { EXPLAINED_GAP_REASONS, INTERRUPTION_MIN_MINUTES, type CreditInputs } from '../../core/credit/inputs.js';
import { escapeLike } from '../access/scope.js';

/** The inputs of the score that the platform's own records give (self-reports come through their port). */
export type RecordedInputs = Omit<CreditInputs, 'selfReports'>;
type InputRow = { id: string; history_days: number; violations: string; in_time: string; late: string; tamper: string; interruptions: string; online_s: string | null; expected_s: string | null };

export type GradeListFilter = { path: string; agencyPath: string | null; grade: CreditGrade | null; category: BusinessCategory | null; limit: number; offset: number };

/**
 * The part of the scoring window [from, to) uptime is read over: whole Beijing days of the daily
 * rollup, from the first midnight at or after `from` (the rollup's first day would count online
 * time before `from`: at most a day of 365 left out) to `to` — or to where the rollup of to's day
 * ends, when it was computed before `to` (the hourly 'dashboard.rollup'). `firstDay`..`lastDay`:
 * the days to roll up and read.
 */
export function uptimeWindow(from: Date, to: Date) {
  const fromDay = shanghaiDay(from);
  const firstDay = startOfDay(fromDay).getTime() === from.getTime() ? fromDay : nextDay(fromDay);
  const lastDay = shanghaiDay(to);
  return { start: startOfDay(firstDay), firstDay, lastDay, lastDayStart: startOfDay(lastDay), lastDayEnd: startOfDay(nextDay(lastDay)) };
}

/** The queries of credit grades (R13). Writes take the caller's transaction. */
export const creditRepository = {
  /**
   * Each business's recorded inputs over [from, to), in one statement for a batch of businesses:
   * findings and decided cases (violations, timeliness), tamper flags not dismissed, interruptions
   * (gaps of ≥ INTERRUPTION_MIN_MINUTES whose reason is not explained), and camera uptime: the
   * online seconds of the daily rollup (device_health_days: 60 × the minute samples online, per
   * Beijing day) over the seconds each camera was expected to stream in the uptime window
   * (uptimeWindow above) — from its first sample (or the window's start) to the window's end, less
   * the explained gaps in that time. The caller rolls the window's days up first
   * (HealthRollupRepository.ensureRolledUp); the window ends where the last day's rollup ends.
   */
  async inputs(db: Db, businessIds: readonly string[], from: Date, to: Date): Promise<Map<string, RecordedInputs>> {
    if (businessIds.length === 0) return new Map();
    const { rows } = await creditRepository.inputsQuery(businessIds, from, to).execute(db);
    return new Map(
      rows.map((r) => {
        const expected = Number(r.expected_s ?? 0);
        const uptime = expected > 0 ? Math.min(1, Number(r.online_s ?? 0) / expected) : null;
        return [r.id, { businessId: r.id, historyDays: r.history_days, confirmedViolations: Number(r.violations), findingsAnsweredInTime: Number(r.in_time), findingsAnsweredLate: Number(r.late), tamperEvents: Number(r.tamper), interruptions: Number(r.interruptions), uptime }];
      }),
    );
  },

  /** The statement of inputs() (the bench explains it). */
  inputsQuery(businessIds: readonly string[], from: Date, to: Date) {
    const explained = sql.val([...EXPLAINED_GAP_REASONS]);
    const w = uptimeWindow(from, to);
    return sql<InputRow>`
      WITH ids AS (SELECT DISTINCT unnest(${sql.val([...businessIds])}::uuid[]) AS id),
      win AS (
        SELECT ${w.start}::timestamptz AS s,
          greatest(${w.start}::timestamptz, least(${to}::timestamptz, coalesce(
            (SELECT least(r.computed_at, ${w.lastDayEnd}::timestamptz) FROM device_health_rollups r WHERE r.day = ${w.lastDay}::date),
            ${w.lastDayStart}::timestamptz))) AS e
      ),
      cams AS (
        SELECT d.id, d.business_id, greatest(win.s, first.at) AS start_at, win.e
        FROM devices d
        JOIN ids ON ids.id = d.business_id
        CROSS JOIN win
        CROSS JOIN LATERAL (SELECT min(s.at) AS at FROM device_health_samples s WHERE s.device_id = d.id) first
        WHERE d.kind = 'camera' AND first.at IS NOT NULL AND first.at < win.e
      ),
      up AS (
        SELECT c.business_id,
          sum(coalesce((SELECT sum(h.online_seconds) FROM device_health_days h WHERE h.device_id = c.id AND h.day BETWEEN ${w.firstDay}::date AND ${w.lastDay}::date), 0)) AS online_s,
          sum(greatest(0, extract(epoch FROM c.e - c.start_at) - coalesce((
            SELECT sum(extract(epoch FROM least(coalesce(g.ended_at, c.e), c.e) - greatest(g.started_at, c.start_at)))
            FROM recording_gaps g
            WHERE g.device_id = c.id AND g.reason = ANY(${explained}::text[]) AND g.started_at < c.e AND coalesce(g.ended_at, c.e) > c.start_at
          ), 0))) AS expected_s
        FROM cams c GROUP BY c.business_id
      )
      SELECT b.id,
        greatest(0, least(365, floor(extract(epoch FROM ${to}::timestamptz - greatest(b.created_at, ${from}::timestamptz)) / 86400)))::int AS history_days,
        (SELECT count(*) FROM findings f WHERE f.business_id = b.id AND f.status IN ('confirmed', 'upheld') AND f.confirmed_at >= ${from} AND f.confirmed_at < ${to})
          + (SELECT count(*) FROM cases c WHERE c.business_id = b.id AND c.decided_at >= ${from} AND c.decided_at < ${to}
               AND coalesce((SELECT st.fields->>'outcome' FROM case_stages st WHERE st.case_id = c.id AND st.kind IN ('decision', 'on_the_spot_decision') ORDER BY st.seq DESC LIMIT 1), 'penalty') = 'penalty') AS violations,
        (SELECT count(*) FROM findings f WHERE f.business_id = b.id AND f.confirmed_at >= ${from} AND f.confirmed_at < ${to} AND f.responded_at IS NOT NULL AND f.responded_at <= f.respond_by) AS in_time,
        (SELECT count(*) FROM findings f WHERE f.business_id = b.id AND f.confirmed_at >= ${from} AND f.confirmed_at < ${to}
           AND (f.responded_at > f.respond_by OR (f.responded_at IS NULL AND f.respond_by <= ${to} AND f.status <> 'withdrawn'))) AS late,
        (SELECT count(*) FROM flags fl WHERE fl.business_id = b.id AND fl.source = 'tamper' AND fl.started_at >= ${from} AND fl.started_at < ${to} AND fl.review_status <> 'dismissed') AS tamper,
        (SELECT count(*) FROM recording_gaps g JOIN devices d ON d.id = g.device_id
           WHERE d.business_id = b.id AND g.started_at >= ${from} AND g.started_at < ${to} AND NOT (g.reason = ANY(${explained}::text[]))
             AND coalesce(g.ended_at, ${to}) - g.started_at >= make_interval(mins => ${INTERRUPTION_MIN_MINUTES})) AS interruptions,
        up.online_s, up.expected_s
      FROM businesses b JOIN ids ON ids.id = b.id LEFT JOIN up ON up.business_id = b.id
    `;
  },

  /** Active businesses after `afterId` in id order: the scheduled computation's batches. */
  activeBusinessIds: async (db: Db, afterId: string | null, limit: number) =>
    (
      await db
        .selectFrom('businesses')
        .select('id')
        .where('status', '=', 'active')
        .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map((r) => r.id),

  /** The latest row of each business (its current grade); locked for the writer when asked. */
  latest: async (db: Db, businessIds: readonly string[]) =>
    businessIds.length === 0
      ? []
      : db
          .selectFrom('credit_grades as g')
          .selectAll('g')
          .distinctOn('g.business_id')
          .where('g.business_id', 'in', [...businessIds])
          .orderBy('g.business_id')
          .orderBy('g.seq', 'desc')
          .execute(),

  /** Serialises writers of these businesses' histories (the daily job and a recompute racing), in one statement, in id order. */
  lockBusinesses: (trx: Db, businessIds: readonly string[]) =>
    sql`SELECT pg_advisory_xact_lock(hashtextextended('credit_grades:' || id::text, 0)) FROM unnest(${sql.val([...businessIds].sort())}::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n`.execute(trx),

  /** One statement for the batch's new rows. */
  insertMany: (trx: Db, values: Insertable<CreditGradesTable>[]) => (values.length === 0 ? Promise.resolve([]) : trx.insertInto('credit_grades').values(values).returningAll().execute()),

  history: (db: Db, businessId: string, limit = 50) =>
    db
      .selectFrom('credit_grades as g')
      .leftJoin('users as u', 'u.id', 'g.computed_by')
      .selectAll('g')
      .select('u.display_name as computed_by_name')
      .where('g.business_id', '=', businessId)
      .orderBy('g.seq', 'desc')
      .limit(limit)
      .execute(),

  business: (db: Db, id: string) =>
    db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select(['b.id', 'b.name', 'b.category', 'b.status', 'b.agency_id', 'a.name as agency_name', 'a.path as agency_path']).where('b.id', '=', id).executeTakeFirst(),

  agencyPath: async (db: Db, id: string) => (await db.selectFrom('agencies').select('path').where('id', '=', id).executeTakeFirst())?.path ?? null,

  /** The businesses of a subtree with their current grade (never graded: grade null), paged; `total` for the pager. */
  async list(db: Db, f: GradeListFilter) {
    const base = db
      .selectFrom('businesses as b')
      .innerJoin('agencies as a', 'a.id', 'b.agency_id')
      .leftJoinLateral(
        (eb) => eb.selectFrom('credit_grades as g').select(['g.grade', 'g.score', 'g.computed_at', 'g.override']).whereRef('g.business_id', '=', 'b.id').orderBy('g.seq', 'desc').limit(1).as('cg'),
        (join) => join.onTrue(),
      )
      .where('b.status', '=', 'active')
      .where('a.path', 'like', `${escapeLike(f.path)}%`)
      .$if(f.agencyPath !== null, (q) => q.where('a.path', 'like', `${escapeLike(f.agencyPath!)}%`))
      .$if(f.grade !== null, (q) => q.where('cg.grade', '=', f.grade!))
      .$if(f.category !== null, (q) => q.where('b.category', '=', f.category!));
    const [items, total] = await Promise.all([
      base
        .select(['b.id', 'b.name', 'b.category', 'a.name as agency_name', 'cg.grade', 'cg.score', 'cg.computed_at', 'cg.override'])
        .orderBy(sql`coalesce(cg.score, 101)`)
        .orderBy('b.name')
        .orderBy('b.id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  },
};
