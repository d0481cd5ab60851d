import { sql } from 'kysely';
import { rolesWith } from '../../core/access/permissions.js';
import type { Db } from '../../core/db/connect.js';
import { escapeLike } from '../access/scope.js';
import { onlineIn } from '../../core/dashboard/online-days.js';

/** What the figures are asked over: an agency's subtree, a category or all, a period [start, end) of whole days from..to. */
export type Over = { root: { id: string; path: string }; tree: readonly AgencyRegion[]; category: string | null; from: string; to: string; start: Date; end: Date; now: Date };
/** An agency of the subtree and the direct child of the root it lies under (its region; '' for the root itself). */
export type AgencyRegion = { id: string; region: string };
/** 'total': the region as a whole; 'region': per direct child agency; 'category': per business category. */
export type GroupKey = { kind: 'total' } | { kind: 'region'; id: string } | { kind: 'category'; category: string };
export type Grouped<T> = { key: GroupKey; row: T }[];

const DECIDED = sql`review_status IN ('confirmed', 'dismissed')`;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The dashboard's reads (issue 16 item 1). Every figure is aggregated in PostgreSQL over the
 * agency subtree, grouped at once per direct child agency (region), per category and in total
 * (GROUPING SETS), so medians are exact per group. `region` of a row is the first agency below the
 * root on its agency path ('' for the root's own businesses, which count in the total only).
 */
export function createDashboardRepository(db: Db) {
  /**
   * The subtree's agencies as a relation `a(id, region)` — a VALUES list, so the planner knows how
   * many there are (a LIKE on the path looked like one row and made it loop over every business).
   */
  const tree = (o: Over) => sql`(VALUES ${sql.join(o.tree.map((t) => sql`(${t.id}::uuid, ${t.region}::text)`))}) AS a(id, region)`;
  const SETS = sql.raw('GROUPING SETS ((), (region), (category))');
  const keyOf = (g: number, region: string | null, category: string | null): GroupKey | null =>
    g === 3 ? { kind: 'total' } : g === 1 ? (region ? { kind: 'region', id: region } : null) : category ? { kind: 'category', category } : null;
  const group = <T extends { g: number; region: string | null; category: string | null }>(rows: T[]): Grouped<T> =>
    rows.flatMap((row) => {
      const key = keyOf(Number(row.g), row.region, row.category);
      return key ? [{ key, row }] : [];
    });

  return {
    /** The agency and its direct children. */
    async agency(id: string) {
      return db.selectFrom('agencies').select(['id', 'name', 'level', 'parent_id', 'path']).where('id', '=', id).executeTakeFirst();
    },
    /** The agencies of the subtree of `root` (itself included) with their regions. */
    async tree(root: { id: string; path: string }): Promise<AgencyRegion[]> {
      const rows = await db.selectFrom('agencies').select(['id', 'path']).where('path', 'like', `${escapeLike(root.path)}%`).execute();
      return rows.map((r) => ({ id: r.id, region: r.path.slice(root.path.length).split('/')[0] }));
    },
    children: (id: string) => db.selectFrom('agencies').select(['id', 'name', 'level', 'path']).where('parent_id', '=', id).orderBy('code').orderBy('name').execute(),

    /**
     * businesses: active businesses; onlineDevices: their devices online on some day of the period
     * while counted (under an active consent: device_online_years); coveredBusinesses: those with
     * one such device (grouped by the business's agency and category now).
     */
    async businesses(o: Over) {
      const { rows } = await sql<{ g: number; region: string | null; category: string | null; businesses: string; covered: string; online_devices: string }>`
        WITH biz AS (
          SELECT b.id, b.category, a.region AS region
          FROM businesses b JOIN ${tree(o)} ON a.id = b.agency_id
          WHERE b.status = 'active' ${o.category ? sql`AND b.category = ${o.category}` : sql``}
        ), online AS (
          SELECT d.business_id, count(*) AS devices FROM devices d
          WHERE EXISTS (SELECT 1 FROM device_online_years y WHERE y.device_id = d.id AND y.year BETWEEN ${Number(o.from.slice(0, 4))} AND ${Number(o.to.slice(0, 4))} AND ${onlineIn('y', o.from, o.to)})
          GROUP BY d.business_id
        )
        SELECT grouping(region, category) AS g, region, category, count(*) AS businesses, count(c.business_id) AS covered, coalesce(sum(c.devices), 0) AS online_devices
        FROM biz LEFT JOIN online c ON c.business_id = biz.id
        GROUP BY ${SETS}`.execute(db);
      return group(rows).map(({ key, row }) => ({ key, row: { businesses: num(row.businesses), coveredBusinesses: num(row.covered), onlineDevices: num(row.online_devices) } }));
    },

    /**
     * devices: counted on the period's last day (under an active consent then: health_region_days);
     * the health sums and device seconds (the devices counted each day × the day's seconds) over the period's
     * days from the daily aggregates (health_region_days; health-rollup.repository.ts says what each is).
     */
    async devices(o: Over) {
      const { rows } = await sql<{ g: number; region: string | null; category: string | null; devices: string | null; device_s: string; online: string; blind: string; gap_s: string; gaps: string; tamper: string }>`
        SELECT grouping(region, category) AS g, region, category, sum(h.devices) FILTER (WHERE h.day = ${o.to}::date) AS devices,
               sum(h.device_seconds) AS device_s, sum(h.online_seconds) AS online, sum(h.blind_seconds) AS blind,
               sum(h.gap_seconds) AS gap_s, sum(h.gaps) AS gaps, sum(h.tamper_events) AS tamper
        FROM (SELECT h.*, a.region AS region FROM health_region_days h JOIN ${tree(o)} ON a.id = h.agency_id
              WHERE h.day BETWEEN ${o.from}::date AND ${o.to}::date ${o.category ? sql`AND h.category = ${o.category}` : sql``}) h
        GROUP BY ${SETS}`.execute(db);
      return group(rows).map(({ key, row }) => ({
        key,
        row: { devices: num(row.devices), onlineSeconds: num(row.online), deviceSeconds: num(row.device_s), blindSeconds: num(row.blind), gapSeconds: num(row.gap_s), gaps: num(row.gaps), tamperEvents: num(row.tamper) },
      }));
    },

    /**
     * Flags raised (created_at) in the period, of the subtree's agencies (and the flag's category):
     * decided = confirmed or dismissed by now; triage = decided_at − created_at; overdue = decided
     * after deadline_at, or undecided with deadline_at before now (openOverdue: the latter).
     */
    async flags(o: Over) {
      const { rows } = await sql<{ g: number; region: string | null; category: string | null; flags: string; decided: string; confirmed: string; dismissed: string; triage: number | null; overdue: string; open_overdue: string }>`
        SELECT grouping(region, category) AS g, region, category, count(*) AS flags,
               count(*) FILTER (WHERE ${DECIDED}) AS decided,
               count(*) FILTER (WHERE review_status = 'confirmed') AS confirmed,
               count(*) FILTER (WHERE review_status = 'dismissed') AS dismissed,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 60) FILTER (WHERE ${DECIDED}) AS triage,
               count(*) FILTER (WHERE (${DECIDED} AND decided_at > deadline_at) OR (NOT ${DECIDED} AND deadline_at < ${o.now})) AS overdue,
               count(*) FILTER (WHERE NOT ${DECIDED} AND deadline_at < ${o.now}) AS open_overdue
        FROM (
          SELECT f.review_status, f.decided_at, f.created_at, f.deadline_at, f.category, a.region AS region FROM flags f JOIN ${tree(o)} ON a.id = f.agency_id
          WHERE f.created_at >= ${o.start} AND f.created_at < ${o.end} ${o.category ? sql`AND f.category = ${o.category}` : sql``}
        ) f
        GROUP BY ${SETS}`.execute(db);
      return group(rows).map(({ key, row }) => ({
        key,
        row: { flags: num(row.flags), decided: num(row.decided), confirmed: num(row.confirmed), dismissed: num(row.dismissed), medianTriageMinutes: numOrNull(row.triage), overdue: num(row.overdue), openOverdue: num(row.open_overdue) },
      }));
    },

    /**
     * Cases of the subtree (category: the party business's): casesFiled = filed_at in the period;
     * filing days = filed_at − filing_clock_from (the day the filing time limit runs from) of those;
     * case days = closed_at − filed_at of cases closed in the period; service hours = served_at −
     * created_at of deliveries served in the period; overdueStages = case clocks due in the period
     * and stopped after due_at or still running past it now.
     */
    async cases(o: Over) {
      const cat = o.category ? sql`AND b.category = ${o.category}` : sql``;
      const { rows } = await sql<{ g: number; region: string | null; category: string | null; filed: string; filing_days: number | null; case_days: number | null; service_hours: number | null; overdue_stages: string }>`
        SELECT grouping(region, category) AS g, region, category,
               count(*) FILTER (WHERE kind = 'filed') AS filed,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE kind = 'filed') AS filing_days,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE kind = 'closed') AS case_days,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE kind = 'served') AS service_hours,
               count(*) FILTER (WHERE kind = 'overdue_stage') AS overdue_stages
        FROM (
          SELECT 'filed' AS kind, extract(epoch FROM c.filed_at - c.filing_clock_from) / 86400 AS v, b.category, a.region AS region
          FROM cases c JOIN businesses b ON b.id = c.business_id JOIN ${tree(o)} ON a.id = c.agency_id
          WHERE c.filed_at >= ${o.start} AND c.filed_at < ${o.end} ${cat}
          UNION ALL
          SELECT 'closed', extract(epoch FROM c.closed_at - c.filed_at) / 86400, b.category, a.region
          FROM cases c JOIN businesses b ON b.id = c.business_id JOIN ${tree(o)} ON a.id = c.agency_id
          WHERE c.closed_at >= ${o.start} AND c.closed_at < ${o.end} AND c.filed_at IS NOT NULL ${cat}
          UNION ALL
          SELECT 'served', extract(epoch FROM d.served_at - d.created_at) / 3600, b.category, a.region
          FROM deliveries d JOIN businesses b ON b.id = d.business_id JOIN ${tree(o)} ON a.id = d.agency_id
          WHERE d.served_at >= ${o.start} AND d.served_at < ${o.end} ${cat}
          UNION ALL
          SELECT 'overdue_stage', NULL, b.category, a.region
          FROM case_clocks k JOIN cases c ON c.id = k.case_id JOIN businesses b ON b.id = c.business_id JOIN ${tree(o)} ON a.id = c.agency_id
          WHERE k.due_at >= ${o.start} AND k.due_at < ${o.end} AND coalesce(k.stopped_at, ${o.now}) > k.due_at ${cat}
        ) x
        GROUP BY ${SETS}`.execute(db);
      return group(rows).map(({ key, row }) => ({
        key,
        row: { casesFiled: num(row.filed), medianFilingDays: numOrNull(row.filing_days), medianCaseDays: numOrNull(row.case_days), medianServiceHours: numOrNull(row.service_hours), overdueStages: num(row.overdue_stages) },
      }));
    },

    /** Flags of the period per type, with their decisions. */
    async flagTypes(o: Over) {
      const { rows } = await sql<{ type: string; flags: string; confirmed: string; dismissed: string }>`
        SELECT f.type, count(*) AS flags, count(*) FILTER (WHERE f.review_status = 'confirmed') AS confirmed, count(*) FILTER (WHERE f.review_status = 'dismissed') AS dismissed
        FROM flags f JOIN ${tree(o)} ON a.id = f.agency_id
        WHERE f.created_at >= ${o.start} AND f.created_at < ${o.end} ${o.category ? sql`AND f.category = ${o.category}` : sql``}
        GROUP BY f.type ORDER BY count(*) DESC, f.type`.execute(db);
      return rows.map((r) => ({ type: r.type, flags: num(r.flags), confirmed: num(r.confirmed), dismissed: num(r.dismissed) }));
    },

    /**
     * Recording gaps of the subtree's devices under an active consent (of an active business) per
     * reason: started in the period, and minutes within it (open gaps up to the period's end).
     */
    async gapReasons(o: Over) {
      const { rows } = await sql<{ reason: string; gaps: string; seconds: string }>`
        SELECT g.reason, count(*) FILTER (WHERE g.started_at >= ${o.start}) AS gaps,
               coalesce(sum(extract(epoch FROM least(coalesce(g.ended_at, ${o.end}), ${o.end}) - greatest(g.started_at, ${o.start}))), 0) AS seconds
        FROM recording_gaps g JOIN devices d ON d.id = g.device_id JOIN businesses b ON b.id = d.business_id AND b.status = 'active' JOIN ${tree(o)} ON a.id = b.agency_id
        WHERE g.started_at < ${o.end} AND coalesce(g.ended_at, ${o.end}) > ${o.start} ${o.category ? sql`AND b.category = ${o.category}` : sql``}
          AND EXISTS (SELECT 1 FROM consent_devices cd JOIN consents c ON c.id = cd.consent_id AND c.status = 'active' WHERE cd.device_id = d.id)
        GROUP BY g.reason ORDER BY 2 DESC, g.reason`.execute(db);
      return rows.map((r) => ({ reason: r.reason, gaps: num(r.gaps), seconds: num(r.seconds) }));
    },

    /**
     * Workload: every active officer and manager of the subtree, and anyone assigned a flag of the
     * period there: flags assigned (assigned_to now), decided, confirmed, overdue, open overdue, median triage.
     */
    async officers(o: Over) {
      const { rows } = await sql<{ user_id: string; name: string; agency_id: string | null; agency_name: string | null; assigned: string; decided: string; confirmed: string; overdue: string; open_overdue: string; triage: number | null }>`
        WITH w AS (
          SELECT f.assigned_to AS user_id, count(*) AS assigned, count(*) FILTER (WHERE ${DECIDED}) AS decided,
                 count(*) FILTER (WHERE f.review_status = 'confirmed') AS confirmed,
                 count(*) FILTER (WHERE (${DECIDED} AND f.decided_at > f.deadline_at) OR (NOT ${DECIDED} AND f.deadline_at < ${o.now})) AS overdue,
                 count(*) FILTER (WHERE NOT ${DECIDED} AND f.deadline_at < ${o.now}) AS open_overdue,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.decided_at - f.created_at) / 60) FILTER (WHERE ${DECIDED}) AS triage
          FROM flags f JOIN ${tree(o)} ON a.id = f.agency_id
          WHERE f.assigned_to IS NOT NULL AND f.created_at >= ${o.start} AND f.created_at < ${o.end} ${o.category ? sql`AND f.category = ${o.category}` : sql``}
          GROUP BY f.assigned_to
        ), staff AS (
          SELECT u.id FROM users u JOIN ${tree(o)} ON a.id = u.agency_id
          WHERE u.status = 'active' AND u.role = ANY(${[...rolesWith('flag.assignee')]}::text[])
        )
        SELECT u.id AS user_id, u.display_name AS name, a.id AS agency_id, a.name AS agency_name,
               coalesce(w.assigned, 0) AS assigned, coalesce(w.decided, 0) AS decided, coalesce(w.confirmed, 0) AS confirmed,
               coalesce(w.overdue, 0) AS overdue, coalesce(w.open_overdue, 0) AS open_overdue, w.triage
        FROM (SELECT id FROM staff UNION SELECT user_id FROM w) x
        JOIN users u ON u.id = x.id LEFT JOIN agencies a ON a.id = u.agency_id LEFT JOIN w ON w.user_id = u.id
        ORDER BY coalesce(w.assigned, 0) DESC, u.display_name`.execute(db);
      return rows.map((r) => ({
        userId: r.user_id, name: r.name, agencyId: r.agency_id ?? '', agencyName: r.agency_name ?? '',
        assigned: num(r.assigned), decided: num(r.decided), confirmed: num(r.confirmed), overdue: num(r.overdue), openOverdue: num(r.open_overdue), medianTriageMinutes: numOrNull(r.triage),
      }));
    },

    /** Per Beijing day of creation: the day's flags, how many are decided and overdue (as in flags()); and the day's online and device seconds (as in devices()). */
    async daily(o: Over) {
      const [flags, health] = await Promise.all([
        // Grouped by the date itself: its statistics (flags_beijing_day_stats) tell the planner how few days there are.
        sql<{ day: string; flags: string; decided: string; overdue: string }>`
          SELECT (f.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS flags, count(*) FILTER (WHERE ${DECIDED}) AS decided,
                 count(*) FILTER (WHERE (${DECIDED} AND decided_at > deadline_at) OR (NOT ${DECIDED} AND deadline_at < ${o.now})) AS overdue
          FROM flags f JOIN ${tree(o)} ON a.id = f.agency_id
          WHERE f.created_at >= ${o.start} AND f.created_at < ${o.end} ${o.category ? sql`AND f.category = ${o.category}` : sql``}
          GROUP BY 1`.execute(db),
        sql<{ day: string; online: string; device_s: string }>`
          SELECT h.day::text AS day, sum(h.online_seconds) AS online, sum(h.device_seconds) AS device_s FROM health_region_days h JOIN ${tree(o)} ON a.id = h.agency_id
          WHERE h.day BETWEEN ${o.from}::date AND ${o.to}::date ${o.category ? sql`AND h.category = ${o.category}` : sql``}
          GROUP BY h.day`.execute(db),
      ]);
      return {
        flags: new Map(flags.rows.map((r) => [r.day, { flags: num(r.flags), decided: num(r.decided), overdue: num(r.overdue) }])),
        health: new Map(health.rows.map((r) => [r.day, { online: num(r.online), deviceSeconds: num(r.device_s) }])),
      };
    },
  };
}
export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
