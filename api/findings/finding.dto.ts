import type { FindingAttachmentRow, FindingDeliveryRow } from '../../core/db/database.js';
import { z } from '../http/openapi.js';
import { FLAG_TYPE_ZH } from '../../core/analysis/rule-definition.js';
import type { FindingView } from './finding.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const FindingListItemDto = z
  .object({
    id: z.string(),
    flagId: z.string(),
    status: z.enum(['notified', 'confirmed', 'disputed', 'expired']),
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
    version: z.number(),
  })
  .openapi('FindingListItem');

const DeliveryDto = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms', 'portal']),
  address: z.string(),
  status: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  error: z.string().nullable(),
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
}).openapi('FindingDetail');

export function toFindingListItem(f: FindingView): z.infer<typeof FindingListItemDto> {
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
    version: f.version,
  };
}

/** The finding with its answer, attachments and delivery trail (media URLs check scope and log the view). */
export function toFindingDetail(f: FindingView, deliveries: FindingDeliveryRow[], attachments: FindingAttachmentRow[], opts: { canRespond: boolean; base: string }): z.infer<typeof FindingDetailDto> {
  return {
    ...toFindingListItem(f),
    agencyName: f.agency_name,
    siteAddress: f.site_address,
    statement: f.statement,
    peakScore: f.peak_score,
    snapshotUrl: f.snapshot_sha256 ? `${opts.base}/${f.id}/snapshot.jpg` : null,
    clipUrl: f.clip_sha256 ? `${opts.base}/${f.id}/clip.mp4` : null,
    canRespond: opts.canRespond,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      channel: d.channel,
      address: d.channel === 'portal' ? '' : d.address,
      status: d.status,
      sentAt: iso(d.sent_at),
      deliveredAt: iso(d.delivered_at),
      openedAt: iso(d.opened_at),
      answeredAt: iso(d.answered_at),
      error: d.error,
    })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mediaType: a.media_type, size: Number(a.size), sha256: a.blob_sha256, uploadedAt: iso(a.uploaded_at)!, url: `${opts.base}/${f.id}/attachments/${a.id}` })),
  };
}
