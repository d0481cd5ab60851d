import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import { addWorkingDays, shanghaiDay } from '../../core/review/deadline.js';
import { loadCalendar } from '../../core/review/policy.repository.js';

/**
 * How long the officer has to answer a business's dispute: working days after it came in, on the
 * same holiday calendar as every other deadline (Asia/Shanghai, due at the end of the last day).
 * 行政处罚法 art. 45 requires the party's facts, reasons and evidence to be reviewed (复核) but sets
 * no number, nor do the other laws in shared/law; art. 54 asks for filing "及时". Five working
 * days is this platform's own limit, the same as the business's time to answer.
 */
export const DISPUTE_REVIEW_WORKING_DAYS = 5;

/** A function giving each dispute's deadline, with the calendar loaded once from the earliest. */
export async function disputeDeadlines(db: Kysely<Database>, respondedAt: Date[]): Promise<(respondedAt: Date) => Date> {
  if (!respondedAt.length) return (d) => d;
  const earliest = new Date(Math.min(...respondedAt.map((d) => d.getTime())));
  const cal = await loadCalendar(db, shanghaiDay(earliest));
  return (d) => addWorkingDays(d, DISPUTE_REVIEW_WORKING_DAYS, cal);
}
