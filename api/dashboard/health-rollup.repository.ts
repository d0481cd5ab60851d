import { sql, type Transaction } from 'kysely';
import { nextDay, startOfDay } from '../../core/calendar/calendar.js';
import type { Db } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { mask, yearSlices } from '../../core/dashboard/online-days.js';

/** Tamper flags that leave a device online but blind: covered (or dark), defocused, turned away. */
export const BLIND_TYPES = ['camera_covered', 'camera_blurred', 'view_moved'] as const;
/** Tamper events: every tamper flag but a lost stream (a lost stream is a recording gap, counted as such). */
export const TAMPER_EVENT_TYPES = ['camera_covered', 'camera_blurred', 'picture_frozen', 'view_moved'] as const;

/**
 * The devices counted for the dashboard on a day that ends at `dayEnd`, as of now: of an active
 * business, under an active consent signed before the day ended; with the business's agency and
 * category (migrations/20261210T010000 says why).
 */
const countedDevices = sql`
  SELECT d.id, b.agency_id, b.category, min(c.signed_at) AS since
  FROM devices d JOIN businesses b ON b.id = d.business_id AND b.status = 'active'
  JOIN consent_devices cd ON cd.device_id = d.id JOIN consents c ON c.id = cd.consent_id AND c.status = 'active'
  WHERE c.signed_at IS NOT NULL
  GROUP BY d.id, b.agency_id, b.category`;

/**
 * The aggregates of days from..to (one calendar year at most per call is not required: the bits
 * are written per year) from their device_health_days, computed at `now`: health_region_days (the
 * counted devices per agency and category, their device seconds and summed health) and the online
 * bits of device_online_years. Re-computing replaces them; rows that do not change are not written.
 */
async function aggregate(trx: Transaction<Database>, from: string, to: string, now: Date): Promise<void> {
  const zero = sql`0::bit(366)`;
  await sql`UPDATE health_region_days SET devices = 0, device_seconds = 0, online_seconds = 0, blind_seconds = 0, gap_seconds = 0, gaps = 0, tamper_events = 0, computed_at = ${now}
            WHERE day BETWEEN ${from}::date AND ${to}::date`.execute(trx);
  await sql`
    WITH dev AS (${countedDevices}),
    days AS (SELECT d::date AS day, d::date::timestamp AT TIME ZONE 'Asia/Shanghai' AS s, (d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS e
             FROM generate_series(${from}::date, ${to}::date, interval '1 day') d)
    INSERT INTO health_region_days (day, agency_id, category, devices, device_seconds, online_seconds, blind_seconds, gap_seconds, gaps, tamper_events, computed_at)
    SELECT days.day, dev.agency_id, dev.category, count(*), count(*) * greatest(0, extract(epoch FROM least(days.e, ${now}::timestamptz) - days.s))::bigint,
           coalesce(sum(h.online_seconds), 0), coalesce(sum(h.blind_seconds), 0), coalesce(sum(h.gap_seconds), 0), coalesce(sum(h.gaps), 0), coalesce(sum(h.tamper_events), 0), ${now}
    FROM days JOIN dev ON dev.since < days.e
    LEFT JOIN device_health_days h ON h.day = days.day AND h.device_id = dev.id
    GROUP BY days.day, days.s, days.e, dev.agency_id, dev.category
    ON CONFLICT (day, agency_id, category) DO UPDATE SET devices = excluded.devices, device_seconds = excluded.device_seconds, online_seconds = excluded.online_seconds,
      blind_seconds = excluded.blind_seconds, gap_seconds = excluded.gap_seconds, gaps = excluded.gaps, tamper_events = excluded.tamper_events, computed_at = excluded.computed_at`.execute(trx);
  for (const { year, first, last } of yearSlices(from, to)) {
    const m = mask(first, last);
    await sql`
      WITH dev AS (${countedDevices}),
      nb AS (
        SELECT h.device_id, bit_or(1::bit(366) << (365 - (h.day - ${`${year}-01-01`}::date))) AS bits
        FROM device_health_days h JOIN dev ON dev.id = h.device_id AND dev.since < (h.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        WHERE h.day BETWEEN ${from}::date AND ${to}::date AND extract(year FROM h.day) = ${year} AND h.online_seconds > 0
        GROUP BY h.device_id
      ), old AS (SELECT device_id, days FROM device_online_years WHERE year = ${year} AND (days & ${m}) <> ${zero})
      INSERT INTO device_online_years (device_id, year, days)
      SELECT coalesce(nb.device_id, old.device_id), ${year}, (coalesce(old.days, ${zero}) & ~${m}) | coalesce(nb.bits, ${zero})
      FROM nb FULL JOIN old ON old.device_id = nb.device_id
      ON CONFLICT (year, device_id) DO UPDATE SET days = (device_online_years.days & ~${m}) | (excluded.days & ${m})
        WHERE (device_online_years.days & ${m}) <> (excluded.days & ${m})`.execute(trx);
  }
}

/**
 * The daily device-health rollup (device_health_days; issue 16 item 1). For one Beijing day D,
 * from S (00:00 Beijing) to E (the next midnight, or the moment of computing for today), per device:
 *   online_seconds  60 × the online samples in [S, E) (the streams process writes one a minute while
 *                   a device is live: streams/health/health-tracker.ts), at most 86,400;
 *   blind_seconds   the part of [S, E) covered by its blind tamper flags (BLIND_TYPES; open ones up to E);
 *   tamper_events   its tamper flags (TAMPER_EVENT_TYPES) started in [S, E);
 *   gaps            its recording gaps started in [S, E); gap_seconds: the part of [S, E) its gaps cover (open ones up to E).
 * Re-computing a day overwrites its rows (a job may run twice); the day is marked computed with the time.
 * With the day's rows, its aggregates (health_region_days, device_online_years: aggregate() above).
 */
export function createHealthRollupRepository(db: Db) {
  const repo = {
    /** The days of [from, to] that need computing at `now`: never computed, or computed before they ended (and they have ended since). */
    async stale(from: string, to: string, now: Date): Promise<string[]> {
      const { rows } = await sql<{ day: string }>`
        SELECT d::date::text AS day FROM generate_series(${from}::date, ${to}::date, interval '1 day') d
        LEFT JOIN device_health_rollups r ON r.day = d::date
        WHERE r.day IS NULL OR (r.computed_at < ((d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AND ((d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') <= ${now})
        ORDER BY 1`.execute(db);
      return rows.map((r) => r.day);
    },

    /** Computes one day (see above) in one transaction, serialised per day; returns the devices with a row. */
    async computeDay(day: string, now: Date): Promise<number> {
      const s = startOfDay(day);
      const dayEnd = startOfDay(nextDay(day));
      const e = dayEnd.getTime() > now.getTime() ? now : dayEnd;
      return db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtext('dashboard.rollup'), ${Number(day.replaceAll('-', ''))})`.execute(trx);
        // The application may not delete (core/db/grants.ts): a device with nothing left that day keeps a row of zeros.
        await sql`UPDATE device_health_days SET online_seconds = 0, samples = 0, blind_seconds = 0, gap_seconds = 0, gaps = 0, tamper_events = 0, computed_at = ${now} WHERE day = ${day}::date`.execute(trx);
        const r = await sql`
          INSERT INTO device_health_days (device_id, day, online_seconds, samples, blind_seconds, gap_seconds, gaps, tamper_events, computed_at)
          SELECT device_id, ${day}::date, least(86400, sum(online_s))::int, sum(samples)::int, least(86400, round(sum(blind_s)))::int,
                 least(86400, round(sum(gap_s)))::int, sum(gaps)::int, sum(tamper)::int, ${now}
          FROM (
            SELECT device_id, 60 * count(*) FILTER (WHERE online) AS online_s, count(*) AS samples, 0::numeric AS blind_s, 0::numeric AS gap_s, 0 AS gaps, 0 AS tamper
            FROM device_health_samples WHERE at >= ${s} AND at < ${e} GROUP BY device_id
            UNION ALL
            SELECT device_id, 0, 0,
                   coalesce(sum(extract(epoch FROM least(coalesce(ended_at, ${e}), ${e}) - greatest(started_at, ${s}))) FILTER (WHERE type = ANY(${[...BLIND_TYPES]}::text[])), 0),
                   0, 0, count(*) FILTER (WHERE started_at >= ${s} AND type = ANY(${[...TAMPER_EVENT_TYPES]}::text[]))
            FROM flags WHERE source = 'tamper' AND started_at < ${e} AND coalesce(ended_at, ${e}) > ${s} GROUP BY device_id
            UNION ALL
            SELECT device_id, 0, 0, 0, sum(extract(epoch FROM least(coalesce(ended_at, ${e}), ${e}) - greatest(started_at, ${s}))),
                   count(*) FILTER (WHERE started_at >= ${s}), 0
            FROM recording_gaps WHERE started_at < ${e} AND coalesce(ended_at, ${e}) > ${s} GROUP BY device_id
          ) x GROUP BY device_id
          ON CONFLICT (day, device_id) DO UPDATE SET online_seconds = excluded.online_seconds, samples = excluded.samples, blind_seconds = excluded.blind_seconds,
            gap_seconds = excluded.gap_seconds, gaps = excluded.gaps, tamper_events = excluded.tamper_events, computed_at = excluded.computed_at`.execute(trx);
        const n = Number(r.numAffectedRows ?? 0);
        await aggregate(trx, day, day, now);
        await sql`INSERT INTO device_health_rollups (day, devices, computed_at) VALUES (${day}::date, ${n}, ${now})
                  ON CONFLICT (day) DO UPDATE SET devices = excluded.devices, computed_at = excluded.computed_at`.execute(trx);
        return n;
      });
    },

    /**
     * Rolls up the days of [from, to] that are missing or were computed before they ended (stale()
     * then computeDay() each, at `now`), so readers of device_health_days over those days are exact
     * up to each day's computed_at; returns the days computed. The dashboard and the credit grades.
     */
    async ensureRolledUp(from: string, to: string, now: Date): Promise<string[]> {
      const days = await repo.stale(from, to, now);
      for (const day of days) await repo.computeDay(day, now);
      return days;
    },

    /** Re-computes the aggregates of days from..to from their device_health_days (rows loaded in bulk: bench/dashboard.bench.ts). */
    async aggregateDays(from: string, to: string, now: Date): Promise<void> {
      await db.transaction().execute((trx) => aggregate(trx, from, to, now));
    },
  };
  return repo;
}
export type HealthRollupRepository = ReturnType<typeof createHealthRollupRepository>;
