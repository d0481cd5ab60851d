import type { Answer } from '../../core/self-reports/checklists.js';
import type { Caller } from '../http/request-context.js';
import { can } from '../../core/access/permissions.js';
import { periodLabel, periodOfRow } from './self-report.service.js';
import type { PhotoRow, ReportRow } from './self-report.repository.js';
import type { Checklist } from '../../core/self-reports/checklists.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function periodDto(p: ReturnType<typeof periodOfRow>) {
  return { ...p, label: periodLabel(p) };
}

export function summaryDto(r: ReportRow & { business_name?: string; agency_name?: string }) {
  return {
    id: r.id,
    businessId: r.business_id,
    ...(r.business_name ? { businessName: r.business_name } : {}),
    ...(r.agency_name ? { agencyName: r.agency_name } : {}),
    period: periodDto(periodOfRow(r)),
    version: r.version,
    status: r.status,
    late: r.late,
    signedAt: iso(r.signed_at),
    signerName: r.signer_name,
    reviewedAt: iso(r.reviewed_at),
    routineCheckClosed: r.routine_check_closed,
  };
}

/** What the caller may do with the report now (the service still checks each act). */
export function actionsOf(caller: Caller, r: ReportRow, isLatest: boolean): ('edit' | 'sign' | 'review' | 'close_check' | 'correct')[] {
  const out: ('edit' | 'sign' | 'review' | 'close_check' | 'correct')[] = [];
  if (can(caller, 'self_report.submit') && r.status === 'draft') out.push('edit', 'sign');
  if (can(caller, 'self_report.submit') && r.status === 'returned' && isLatest) out.push('correct');
  if (can(caller, 'self_report.review') && r.status === 'submitted') out.push('review');
  if (can(caller, 'self_report.review') && r.status === 'accepted' && !r.routine_check_closed) out.push('close_check');
  return out;
}

export function reportDto(caller: Caller, r: ReportRow & { business_name?: string }, x: { checklist: Checklist; photos: PhotoRow[]; history: ReportRow[]; commitment: string; contentSha256: string | null; names: Map<string, string>; codeChannels: { channel: 'email' | 'sms'; address: string }[] }) {
  const name = (id: string | null) => (id ? (x.names.get(id) ?? null) : null);
  return {
    ...summaryDto(r),
    category: r.category,
    checklist: { ...x.checklist, items: [...x.checklist.items] },
    answers: r.answers as Answer[],
    photos: x.photos.map((p) => ({ id: p.id, itemKey: p.item_key, sha256: p.blob_sha256, mediaType: p.media_type, size: Number(p.size), uploadedAt: p.created_at.toISOString() })),
    commitment: x.commitment,
    contentSha256: x.contentSha256,
    signature: r.signed_at ? { signerName: r.signer_name ?? '', identityMethod: r.identity_method ?? '', identityAddress: r.identity_address, signedAt: r.signed_at.toISOString(), ip: r.sign_ip, userAgent: r.sign_user_agent } : null,
    review: { reviewedBy: name(r.reviewed_by), reviewedAt: iso(r.reviewed_at), note: r.review_note },
    routineCheck: { closed: r.routine_check_closed, closedBy: name(r.routine_check_closed_by), closedAt: iso(r.routine_check_closed_at), reason: r.routine_check_reason },
    supersedes: r.supersedes,
    history: x.history.map(summaryDto),
    actions: actionsOf(caller, r, x.history[0]?.id === r.id),
    codeChannels: x.codeChannels,
  };
}
