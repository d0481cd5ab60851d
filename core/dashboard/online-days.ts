import { sql, type RawBuilder } from 'kysely';

// Days a device was online, one bit per day of a calendar year (device_online_years.days: bit 0 =
// 1 January; migrations/20261210T010000): written by the dashboard's rollup
// (api/dashboard/health-rollup.repository.ts), read by the dashboard's coverage and the business
// list's coverage filter, so both count the same businesses.

/** The slices of [from, to] (whole days) per calendar year: the year and the first and last day's index in it (0 = 1 January). */
export function yearSlices(from: string, to: string): { year: number; first: number; last: number }[] {
  const index = (d: string) => Math.round((Date.parse(`${d}T00:00:00Z`) - Date.parse(`${d.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000);
  const out: { year: number; first: number; last: number }[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const a = y === Number(from.slice(0, 4)) ? from : `${y}-01-01`;
    const b = y === Number(to.slice(0, 4)) ? to : `${y}-12-31`;
    out.push({ year: y, first: index(a), last: index(b) });
  }
  return out;
}

/** The bits of days first..last of a year's bit(366) (device_online_years.days). */
export const mask = (first: number, last: number) => sql`((~0::bit(366) << ${365 - (last - first)}::int) >> ${first}::int)`;

/**
 * A predicate on a device_online_years row `alias`: the device was online (and counted) on some day
 * of [from, to]. `EXISTS (SELECT 1 FROM device_online_years y WHERE y.device_id = … AND ${onlineIn('y', …)})`.
 */
export function onlineIn(alias: string, from: string, to: string): RawBuilder<boolean> {
  const parts = yearSlices(from, to).map(({ year, first, last }) => sql`(${sql.ref(`${alias}.year`)} = ${year}::int AND (${sql.ref(`${alias}.days`)} & ${mask(first, last)}) <> 0::bit(366))`);
  return sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

