import type { FlagRow } from '../../core/db/database.js';
import { secondsLeft } from '../../core/review/deadline.js';
import { DISMISS_REASONS } from '../../core/review/dismiss-reasons.js';
import { FlagCoreFields } from '../analysis/flag.dto.js';
import { z } from '../http/openapi.js';
import type { HistoryRow, QueueRow, ReviewRepository } from './review.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const ReviewStatusEnum = z.enum(['new', 'in_review', 'awaiting_second', 'confirmed', 'dismissed', 'escalated']);
export const DismissReasonEnum = z.enum(DISMISS_REASONS);

const ReviewStateFields = {
  reviewStatus: ReviewStatusEnum,
  reviewVersion: z.number().int(),
  deadlineAt: z.string(),
  /** Seconds until the deadline when the answer was made; negative once overdue. */
  secondsLeft: z.number().int(),
  overdue: z.boolean(),
  assignedTo: z.string().nullable(),
  overdueEscalatedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  dismissReason: DismissReasonEnum.nullable(),
};

export const QueueItemDto = z
  .object({
    ...FlagCoreFields,
    agencyId: z.string(),
    agencyName: z.string(),
    category: z.string(),
    ruleId: z.string().nullable(),
    ruleName: z.string().nullable(),
    startedAt: z.string(),
    createdAt: z.string(),
    peakScore: z.number().nullable(),
    evidenceStatus: z.enum(['pending', 'ready', 'unavailable']),
    hasSnapshot: z.boolean(),
    assigneeName: z.string().nullable(),
    ...ReviewStateFields,
  })
  .openapi('ReviewQueueItem');

export const QueueCountsDto = z.object({
  new: z.number().int(),
  in_review: z.number().int(),
  awaiting_second: z.number().int(),
  escalated: z.number().int(),
  confirmed: z.number().int(),
  dismissed: z.number().int(),
  overdue: z.number().int(),
});
export const QueuePageDto = z
  .object({
    items: z.array(QueueItemDto),
    nextCursor: z.string().nullable(),
    /** Open statuses: all of them; confirmed and dismissed: decided since `decidedSince`. */
    counts: QueueCountsDto,
    decidedSince: z.string(),
    now: z.string(),
  })
  .openapi('ReviewQueuePage');

export const ReviewStateDto = z.object({ id: z.string(), ...ReviewStateFields, firstConfirmedBy: z.string().nullable(), decidedBy: z.string().nullable() }).openapi('ReviewState');

export const HistoryItemDto = z.object({
  id: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  assignedTo: z.string().nullable(),
  assigneeName: z.string().nullable(),
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
});

export const ReviewDetailDto = z
  .object({
    review: ReviewStateDto,
    twoPerson: z.boolean(),
    assigneeName: z.string().nullable(),
    history: z.array(HistoryItemDto),
    earlier: z.array(z.object({ id: z.string(), type: z.string(), createdAt: z.string(), startedAt: z.string(), reviewStatus: z.string(), dismissReason: z.string().nullable(), deviceName: z.string() })),
  })
  .openapi('ReviewDetail');

function state(f: Pick<FlagRow, 'review_status' | 'review_version' | 'deadline_at' | 'assigned_to' | 'overdue_escalated_at' | 'decided_at' | 'dismiss_reason'>, now: Date) {
  const deadline = new Date(f.deadline_at);
  const open = f.review_status !== 'confirmed' && f.review_status !== 'dismissed';
  return {
    reviewStatus: f.review_status,
    reviewVersion: f.review_version,
    deadlineAt: deadline.toISOString(),
    secondsLeft: secondsLeft(deadline, now),
    overdue: open && deadline.getTime() < now.getTime(),
    assignedTo: f.assigned_to,
    overdueEscalatedAt: iso(f.overdue_escalated_at),
    decidedAt: iso(f.decided_at),
    dismissReason: f.dismiss_reason,
  };
}

export function toQueueItem(r: QueueRow, now: Date): z.infer<typeof QueueItemDto> {
  return {
    id: r.id,
    type: r.type,
    source: r.source,
    state: r.state,
    deviceId: r.device_id,
    deviceName: r.device_name,
    siteName: r.site_name,
    businessId: r.business_id,
    businessName: r.business_name,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    category: r.category,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    startedAt: iso(r.started_at)!,
    createdAt: iso(r.created_at)!,
    peakScore: r.peak_score,
    evidenceStatus: r.evidence_status,
    hasSnapshot: r.snapshot_sha256 !== null,
    assigneeName: r.assignee_name,
    ...state(r, now),
  };
}

export function toReviewState(f: FlagRow, now: Date): z.infer<typeof ReviewStateDto> {
  return { id: f.id, ...state(f, now), firstConfirmedBy: f.first_confirmed_by, decidedBy: f.decided_by };
}

export function toHistoryItem(h: HistoryRow): z.infer<typeof HistoryItemDto> {
  return {
    id: h.id,
    action: h.action,
    actorId: h.actor_id,
    actorName: h.actor_name,
    at: iso(h.at)!,
    fromStatus: h.from_status,
    toStatus: h.to_status,
    assignedTo: h.assigned_to,
    assigneeName: h.assignee_name,
    reasonCode: h.reason_code,
    note: h.note,
  };
}

export function toEarlier(e: Awaited<ReturnType<ReviewRepository['businessFlags']>>[number]) {
  return { id: e.id, type: e.type, createdAt: iso(e.created_at)!, startedAt: iso(e.started_at)!, reviewStatus: e.review_status, dismissReason: e.dismiss_reason, deviceName: e.device_name };
}

/** Opaque to clients: base64url of `<sort key to the µs>|<id>`, tagged with the sort it belongs to. */
export function encodeCursor(sort: string, row: { cursor_at: string; id: string }): string {
  return Buffer.from(`${sort}|${row.cursor_at}|${row.id}`).toString('base64url');
}
export function decodeCursor(sort: string, s: string): { at: string; id: string } | null {
  const m = /^(deadline|newest)\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(s, 'base64url').toString());
  return m && m[1] === sort ? { at: m[2], id: m[3] } : null;
}
