import { sql, type Kysely } from 'kysely';

// Frozen in time: imports nothing from the app.
// The managers' dashboard at province scale (issue 16 item 1: 10,000 businesses, 30,000 devices,
// a year of history, answer in ≤ 300 ms). Summing a year of device_health_days (11 M rows) per
// request takes seconds, so the daily rollup also keeps, for each day:
// - health_region_days: per agency (the business's) and category, the devices counted that day —
//   under an active consent signed before the day ended, of an active business, when the day was
//   rolled up — their device seconds (devices × the day's seconds, up to the moment of computing
//   for today) and the sums of their health (online, blind, gap seconds, gaps, tamper events).
//   These add up over days and agencies: ~100 small rows a day for a province.
// - device_online_years: per device and calendar year, one bit per day of the year (bit 0 = 1 Jan)
//   set when the device, counted as above, was online that day. "Devices online in the period" and
//   "businesses with a device online in the period" are distinct counts that do not add up over
//   days; the bits answer them exact from ≤ 2 rows per device.
// The rows of days already rolled up are filled here from device_health_days with today's consents.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE health_region_days (
      day             date NOT NULL,
      agency_id       uuid NOT NULL REFERENCES agencies (id),
      category        text NOT NULL,
      devices         integer NOT NULL CHECK (devices >= 0),
      device_seconds  bigint NOT NULL CHECK (device_seconds >= 0),
      online_seconds  bigint NOT NULL CHECK (online_seconds >= 0),
      blind_seconds   bigint NOT NULL CHECK (blind_seconds >= 0),
      gap_seconds     bigint NOT NULL CHECK (gap_seconds >= 0),
      gaps            integer NOT NULL CHECK (gaps >= 0),
      tamper_events   integer NOT NULL CHECK (tamper_events >= 0),
      computed_at     timestamptz NOT NULL,
      PRIMARY KEY (day, agency_id, category)
    );
    CREATE TABLE device_online_years (
      device_id  uuid NOT NULL REFERENCES devices (id),
      year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
      days       bit(366) NOT NULL,
      PRIMARY KEY (year, device_id)
    );
    -- The dashboard counts flags per Beijing day of creation: without statistics on that expression
    -- the planner guesses a group per flag and sorts a year of flags on disk instead of hashing 366 days.
    CREATE STATISTICS flags_beijing_day_stats ON ((created_at AT TIME ZONE 'Asia/Shanghai')::date) FROM flags;
  `.execute(db);
  await sql`
    WITH dev AS (
      SELECT d.id, b.agency_id, b.category, min(c.signed_at) AS since
      FROM devices d JOIN businesses b ON b.id = d.business_id AND b.status = 'active'
      JOIN consent_devices cd ON cd.device_id = d.id JOIN consents c ON c.id = cd.consent_id AND c.status = 'active'
      GROUP BY d.id, b.agency_id, b.category
    ), days AS (
      SELECT r.day, r.day::timestamp AT TIME ZONE 'Asia/Shanghai' AS s, (r.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS e, r.computed_at FROM device_health_rollups r
    )
    INSERT INTO health_region_days (day, agency_id, category, devices, device_seconds, online_seconds, blind_seconds, gap_seconds, gaps, tamper_events, computed_at)
    SELECT days.day, dev.agency_id, dev.category, count(*), count(*) * greatest(0, extract(epoch FROM least(days.e, days.computed_at) - days.s))::bigint,
           coalesce(sum(h.online_seconds), 0), coalesce(sum(h.blind_seconds), 0), coalesce(sum(h.gap_seconds), 0), coalesce(sum(h.gaps), 0), coalesce(sum(h.tamper_events), 0), days.computed_at
    FROM days JOIN dev ON dev.since IS NOT NULL AND dev.since < days.e
    LEFT JOIN device_health_days h ON h.day = days.day AND h.device_id = dev.id
    GROUP BY days.day, days.s, days.e, days.computed_at, dev.agency_id, dev.category
  `.execute(db);
  await sql`
    WITH dev AS (
      SELECT d.id, min(c.signed_at) AS since
      FROM devices d JOIN businesses b ON b.id = d.business_id AND b.status = 'active'
      JOIN consent_devices cd ON cd.device_id = d.id JOIN consents c ON c.id = cd.consent_id AND c.status = 'active'
      GROUP BY d.id
    )
    INSERT INTO device_online_years (device_id, year, days)
    SELECT h.device_id, extract(year FROM h.day)::int, bit_or(1::bit(366) << (365 - (h.day - date_trunc('year', h.day)::date)))
    FROM device_health_days h JOIN dev ON dev.id = h.device_id AND dev.since < (h.day + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
    JOIN device_health_rollups r ON r.day = h.day
    WHERE h.online_seconds > 0
    GROUP BY 1, 2
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP STATISTICS flags_beijing_day_stats; DROP TABLE device_online_years; DROP TABLE health_region_days;`.execute(db);
}
