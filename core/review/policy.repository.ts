import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { loadCalendar } from '../calendar/calendar.repository.js';
import { deadlineFor, pickPolicy, shanghaiDay, type HandlingPolicy } from './deadline.js';

/** Every handling policy, as deadline.ts takes them. */
export async function loadPolicies(db: Kysely<Database>): Promise<HandlingPolicy[]> {
  const rows = await db.selectFrom('handling_policies').select(['flag_type', 'category', 'deadline_working_days', 'deadline_hours', 'two_person']).execute();
  return rows.map((r) => ({ flagType: r.flag_type, category: r.category, deadlineWorkingDays: r.deadline_working_days, deadlineHours: r.deadline_hours, twoPerson: r.two_person }));
}

/** The policy that applies to a flag of this type at a business of this category. */
export async function policyFor(db: Kysely<Database>, flagType: string, category: string): Promise<HandlingPolicy> {
  const rows = await db
    .selectFrom('handling_policies')
    .select(['flag_type', 'category', 'deadline_working_days', 'deadline_hours', 'two_person'])
    .where('flag_type', 'in', [flagType, '*'])
    .where('category', 'in', [category, '*'])
    .execute();
  return pickPolicy(
    rows.map((r) => ({ flagType: r.flag_type, category: r.category, deadlineWorkingDays: r.deadline_working_days, deadlineHours: r.deadline_hours, twoPerson: r.two_person })),
    flagType,
    category,
  );
}

// The calendar is the legal calendar's (core/calendar), shared with the cases' clock.
export { loadCalendar } from '../calendar/calendar.repository.js';

/**
 * The deadline of a flag written in this transaction, from the transaction's clock (the same
 * now() that fills the flag's created_at).
 */
export async function deadlineForNewFlag(trx: Kysely<Database>, flagType: string, category: string): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
  const now = rows[0].now;
  // One after the other: a transaction is one connection.
  const policy = await policyFor(trx, flagType, category);
  const cal = await loadCalendar(trx, shanghaiDay(now));
  return deadlineFor(now, policy, cal);
}
