import type { FindingAttachmentRow, FindingStatus } from '../../core/db/database.js';
import { noticeChannels, type FindingNotices } from './finding-notice-view.js';
import { z } from '../http/openapi.js';
import { FLAG_TYPE_ZH } from '../../core/analysis/rule-definition.js';
import type { FindingView } from './finding.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export const FINDING_STATUSES = ['notified', 'confirmed', 'disputed', 'expired', 'withdrawn', 'upheld', 'referred'] as const satisfies readonly FindingStatus[];
const DecisionKind = z.enum(['accept', 'uphold', 'refer']);

export const FindingListItemDto = z
  .object({
    id: z.string(),
    flagId: z.string(),
    status: z.enum(FINDING_STATUSES),
    type: z.string(),
    typeLabel: z.string(),
    businessId: z.string(),
    businessName: z.string(),
    siteName: z.string(),
    deviceName: z.string(),
    ruleName: z.string().nullable(),
    occurredAt: z.string(),
    confirmedAt: z.string(),
    respondBy: z.string(),
    respondedAt: z.string().nullable(),
    /** The officer's deadline to answer a dispute (while disputed). */
    reviewBy: z.string().nullable(),
    version: z.number(),
  })
  .openapi('FindingListItem');

/** One channel of one of the finding's notices (a delivery of the delivery module: api/findings/finding-notice-view.ts). */
const DeliveryDto = z.object({
  /** The channel's id; deliveryId names the notice (its evidence chain). */
  id: z.string(),
  deliveryId: z.string(),
  /** The first notice, or the officer's decision on the dispute. */
  purpose: z.enum(['notice', 'decision']),
  channel: z.enum(['email', 'sms', 'portal']),
  address: z.string(),
  /** queued, sent, captured (kept on this machine only), rejected (5xx), failed. */
  status: z.string(),
  attempts: z.number(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  error: z.string().nullable(),
  /** E-mail: the recipient server's reply and the queue id it gave the message. */
  response: z.string().nullable(),
  queueId: z.string().nullable(),
  /** SHA-256 of the notice's canonical text; whether its evidence chain holds. */
  sha256: z.string(),
  chainOk: z.boolean(),
});
const AttachmentDto = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string(), url: z.string() });

export const FindingDetailDto = FindingListItemDto.extend({
  agencyName: z.string(),
  siteAddress: z.string(),
  statement: z.string().nullable(),
  peakScore: z.number().nullable(),
  snapshotUrl: z.string().nullable(),
  clipUrl: z.string().nullable(),
  canRespond: z.boolean(),
  deliveries: z.array(DeliveryDto),
  attachments: z.array(AttachmentDto),
  /** The officer's answer to the dispute, which the business reads. */
  decision: z.object({ kind: z.enum(['accept', 'uphold']), reply: z.string(), decidedAt: z.string(), decidedBy: z.string().nullable() }).nullable(),
  /** Referred for case filing (立案): when; who and why for staff only. */
  referral: z.object({ referredAt: z.string(), referredBy: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  /** The finding's steps for both sides: notified, answered, expired, decided, referred. */
  steps: z.array(z.object({ kind: z.string(), at: z.string(), by: z.enum(['business', 'officer', 'system']), name: z.string().nullable(), note: z.string().nullable() })),
  /** The decisions this caller may take now. */
  decisionsAllowed: z.array(DecisionKind),
}).openapi('FindingDetail');

/** The trail steps both sides see (deliveries and views are in the delivery trail). */
export const STEP_KINDS = ['opened', 'confirmed', 'disputed', 'expired', 'withdrawn', 'upheld', 'referred'] as const;
type StepRow = { kind: string; actor_type: string; actor_role: string | null; actor_name: string | null; detail: unknown; at: Date | string };
type DecisionRow = { kind: 'accept' | 'uphold' | 'refer'; reason: string; decided_at: Date | string; decided_by_name: string };
export type FindingExtras = { reviewBy: Date | null; decisions: DecisionRow[]; steps: StepRow[]; decisionsAllowed: ('accept' | 'uphold' | 'refer')[]; staff: boolean };

/**
 * The officer's side as each reader may see it. The business reads the reply to its dispute;
 * why a finding was referred for case filing is the agency's internal note (the business is told
 * of the case by its documents), so the business sees that it was referred and when, not why.
 */
function officerSide(x: FindingExtras) {
  const answer = x.decisions.find((d) => d.kind === 'accept' || d.kind === 'uphold');
  const refer = x.decisions.find((d) => d.kind === 'refer');
  const steps = x.steps.map((e) => {
    const detail = (e.detail ?? {}) as { reason?: string };
    const note = e.kind === 'withdrawn' || e.kind === 'upheld' ? (detail.reason ?? null) : e.kind === 'referred' && x.staff ? (detail.reason ?? null) : null;
    const by = e.actor_type !== 'user' ? ('system' as const) : e.actor_role === 'business' ? ('business' as const) : ('officer' as const);
    return { kind: e.kind, at: iso(e.at)!, by, name: x.staff || by === 'business' ? e.actor_name : null, note };
  });
  return {
    decision: answer ? { kind: answer.kind as 'accept' | 'uphold', reply: answer.reason, decidedAt: iso(answer.decided_at)!, decidedBy: x.staff ? answer.decided_by_name : null } : null,
    referral: refer ? { referredAt: iso(refer.decided_at)!, referredBy: x.staff ? refer.decided_by_name : null, reason: x.staff ? refer.reason : null } : null,
    steps,
    decisionsAllowed: x.decisionsAllowed,
  };
}

export function toFindingListItem(f: FindingView, reviewBy: Date | null = null): z.infer<typeof FindingListItemDto> {
  return {
    id: f.id,
    flagId: f.flag_id,
    status: f.status,
    type: f.type,
    typeLabel: FLAG_TYPE_ZH[f.type] ?? f.type,
    businessId: f.business_id,
    businessName: f.business_name,
    siteName: f.site_name,
    deviceName: f.device_name,
    ruleName: f.rule_name ?? null,
    occurredAt: iso(f.occurred_at)!,
    confirmedAt: iso(f.confirmed_at)!,
    respondBy: iso(f.respond_by)!,
    respondedAt: iso(f.responded_at),
    reviewBy: reviewBy && f.status === 'disputed' ? reviewBy.toISOString() : null,
    version: f.version,
  };
}

/** The finding with its answer, attachments and delivery trail (media URLs check scope and log the view). */
export function toFindingDetail(f: FindingView, notices: FindingNotices, attachments: FindingAttachmentRow[], opts: { canRespond: boolean; base: string; extras: FindingExtras }): z.infer<typeof FindingDetailDto> {
  return {
    ...toFindingListItem(f, opts.extras.reviewBy),
    ...officerSide(opts.extras),
    agencyName: f.agency_name,
    siteAddress: f.site_address,
    statement: f.statement,
    peakScore: f.peak_score,
    snapshotUrl: f.snapshot_sha256 ? `${opts.base}/${f.id}/snapshot.jpg` : null,
    clipUrl: f.clip_sha256 ? `${opts.base}/${f.id}/clip.mp4` : null,
    canRespond: opts.canRespond,
    deliveries: noticeChannels(notices, f.responded_at),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mediaType: a.media_type, size: Number(a.size), sha256: a.blob_sha256, uploadedAt: iso(a.uploaded_at)!, url: `${opts.base}/${f.id}/attachments/${a.id}` })),
  };
}
