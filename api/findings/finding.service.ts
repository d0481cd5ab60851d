import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { deadlineFor, shanghaiDay } from '../../core/review/deadline.js';
import { loadCalendar } from '../../core/review/policy.repository.js';
import { queueFindingNotices, type NoticeEnqueue } from './finding-notices.js';
import { ledgerFinding } from './finding-trail.js';

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
  /** Enqueues each e-mail/SMS channel's 'delivery.send' job in this transaction (none: the channels wait, queued). */
  enqueue?: NoticeEnqueue | null;
};

/**
 * Opens the finding of a confirmed flag (R6, 002 §15), inside the caller's transaction (the one
 * that confirms the flag): the finding row and its notice — a delivery of the delivery module with
 * one channel per way the business agreed to be told (its verified e-mail and SMS service
 * addresses) plus the portal message, each e-mail/SMS a 'delivery.send' job enqueued in the same
 * transaction (finding-notices.ts), all ledgered.
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

  await queueFindingNotices(trx, { findingId: finding.id, businessId: flag.business_id, purpose: 'notice', at: confirmedAt, actor, requestId: input.requestId, enqueue: input.enqueue });
  return { findingId: finding.id };
}
