import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { HolidayCalendar } from './calendar.js';

/** The active holidays and adjusted workdays from a Shanghai day on (the table is small: a few dozen days a year). */
export async function loadCalendar(db: Kysely<Database>, fromDay: string): Promise<HolidayCalendar> {
  const rows = await db.selectFrom('holidays').select(['day', 'kind']).where('active', '=', true).where('day', '>=', fromDay).execute();
  return { holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)), workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)) };
}
