import { sql, type Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { deadlineFor, shanghaiDay } from '../../core/review/deadline.js';
import { loadCalendar } from '../../core/review/policy.repository.js';
import { queueFindingNotices } from './finding-notices.js';
import { FINDING_CHANNEL, ledgerFinding } from './finding-trail.js';

/**
 * How long the business has to confirm or dispute a notified finding: working days after the
 * confirmation (weekends and the admin's holiday calendar skipped, 调休 workdays counted), due at
 * the end of the last one, Asia/Shanghai — the same calendar the officers' deadlines use.
 */
export const FINDING_RESPONSE_WORKING_DAYS = 5;

export type OpenFindingInput = {
  flagId: string;
  /** The officer who confirmed the flag. */
  confirmedBy: string;
  requestId?: string | null;
  /** When the flag was confirmed (default: now). */
  confirmedAt?: Date;
  /** The business's deadline to answer (default: FINDING_RESPONSE_WORKING_DAYS working days after confirmedAt). */
  respondBy?: Date;
};

/**
 * Opens the finding of a confirmed flag (R6, 002 §15), inside the caller's transaction (the one
 * that confirms the flag): the finding row, one delivery per channel the business agreed to
 * (its verified e-mail and SMS service addresses) plus the portal message, their ledger entries,
 * and a notification at commit that wakes the sender ('findings.notify' sweeps the rest).
 * Idempotent per flag: a second call returns the first finding and queues nothing.
 */
export async function openFindingForConfirmedFlag(trx: Kysely<Database>, input: OpenFindingInput): Promise<{ findingId: string }> {
  const flag = await trx.selectFrom('flags').select(['id', 'business_id', 'site_id', 'device_id', 'agency_id']).where('id', '=', input.flagId).executeTakeFirst();
  if (!flag) throw new AppError('not_found', 'flag not found');
  const confirmedAt = input.confirmedAt ?? new Date();
  const respondBy = input.respondBy ?? deadlineFor(confirmedAt, { deadlineWorkingDays: FINDING_RESPONSE_WORKING_DAYS, deadlineHours: null }, await loadCalendar(trx, shanghaiDay(confirmedAt)));
  if (respondBy <= confirmedAt) throw new AppError('validation_failed', '', [{ path: ['respondBy'], message: 'must be after the confirmation' }]);
  const finding = await trx
    .insertInto('findings')
    .values({
      flag_id: flag.id,
      business_id: flag.business_id,
      site_id: flag.site_id,
      device_id: flag.device_id,
      agency_id: flag.agency_id,
      confirmed_by: input.confirmedBy,
      confirmed_at: confirmedAt,
      respond_by: respondBy,
    })
    .onConflict((oc) => oc.column('flag_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!finding) {
    const existing = await trx.selectFrom('findings').select('id').where('flag_id', '=', flag.id).executeTakeFirstOrThrow();
    return { findingId: existing.id };
  }
  const actor = { type: 'user' as const, id: input.confirmedBy };
  await ledgerFinding(trx, finding, 'finding.opened', actor, input.requestId, { flagId: flag.id, respondBy: respondBy.toISOString() });

  await queueFindingNotices(trx, { findingId: finding.id, businessId: flag.business_id, purpose: 'notice', at: confirmedAt, actor, requestId: input.requestId });
  await sql`SELECT pg_notify(${FINDING_CHANNEL}, ${JSON.stringify({ findingId: finding.id })})`.execute(trx);
  return { findingId: finding.id };
}
