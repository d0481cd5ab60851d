import type { DeliveryChannelRow, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';
import { CHANNEL_ZH, EVENT_ZH, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import type { Arrival } from '../../core/delivery/service-date.js';
import type { ServiceCertificateFields } from '../../core/documents/case-templates/service-certificate.v1.js';

const STATUS_ZH: Record<DeliveryChannelRow['status'], string> = {
  queued: '发送中',
  relayed: '对方邮件服务器已接收',
  delivered: '已送达',
  notified: '已发送提示通知（不作为送达）',
  rejected: '被拒收（不作为送达）',
  failed: '投递未成功（不作为送达）',
  recorded: '已记录',
};

/** One event's evidence in words (the SMTP reply and queue id, the failure, the officer's proof). */
function detailText(e: DeliveryEventRow): string {
  const d = e.detail as Record<string, unknown>;
  const parts: string[] = [];
  const s = (k: string) => (typeof d[k] === 'string' && d[k] ? String(d[k]) : null);
  if (s('address')) parts.push(s('address')!);
  if (s('response')) parts.push(s('response')!);
  if (s('queueId')) parts.push(`队列号 ${s('queueId')}`);
  if (s('reason')) parts.push(s('reason')!);
  if (typeof d.attempt === 'number') parts.push(`第${d.attempt}次`);
  if (d.final === true) parts.push('已达最大重试次数');
  if (s('servedAt') && e.kind !== 'service_completed') parts.push(`送达时间 ${s('servedAt')}`);
  if (s('summary')) parts.push(s('summary')!);
  if (s('rule')) parts.push(s('rule')!);
  return parts.join('；').slice(0, 600);
}

/** The 送达回证's fields from the delivery, its channels and every event so far. */
export function certificateFields(input: {
  delivery: DeliveryRow;
  documentName: string;
  business: { name: string; address: string | null };
  caseName: string | null;
  channels: DeliveryChannelRow[];
  events: DeliveryEventRow[];
  arrival: Arrival;
  sender: string | null;
}): ServiceCertificateFields {
  const { delivery: d } = input;
  const ack = input.events.find((e) => e.kind === 'acknowledged');
  return {
    document: { name: input.documentName, number: d.document_number ?? undefined, sha256: d.content_sha256, version: d.document_version ?? 1 },
    addressee: { name: input.business.name, address: input.business.address ?? undefined },
    caseName: input.caseName ?? undefined,
    channels: input.channels.map((c) => ({ method: CHANNEL_ZH[c.channel], address: c.channel === 'portal' ? `${input.business.name}（平台专用账号）` : c.address, outcome: STATUS_ZH[c.status] })),
    events: input.events.map((e) => ({ seq: e.seq, at: new Date(e.at).toISOString(), event: EVENT_ZH[e.kind as DeliveryEventKind] ?? e.kind, channel: e.channel ? CHANNEL_ZH[e.channel as DeliveryChannel] : undefined, detail: detailText(e) || undefined, hash: e.hash })),
    servedAt: input.arrival.at.toISOString(),
    servedBy: CHANNEL_ZH[input.arrival.channel],
    rule: input.arrival.rule,
    basis: input.arrival.basis,
    acknowledgedAt: ack ? new Date(ack.at).toISOString() : undefined,
    sender: input.sender ?? undefined,
  };
}
