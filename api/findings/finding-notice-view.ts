import type { DeliveryChannelRow, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';
import { verifyChain, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { noticePurposeOf } from './finding-notice-mail.js';

export type FindingNotices = { deliveries: DeliveryRow[]; channels: DeliveryChannelRow[]; events: DeliveryEventRow[] };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** What a channel's state is called on the finding's trail (the portal page and the staff view). */
function statusOf(c: DeliveryChannelRow, events: DeliveryEventRow[]): string {
  if (c.status === 'queued') return 'queued';
  if (c.status === 'failed' || c.status === 'rejected') return c.status;
  // Only kept on this machine (the demo's capture): not sent anywhere.
  const sent = events.find((e) => e.kind === 'notification_sent' || e.kind === 'relay_accepted');
  return (sent?.detail as { captured?: boolean } | undefined)?.captured ? 'captured' : 'sent';
}

/**
 * A finding's notices, channel by channel, from the delivery module's evidence: when each was
 * handed on (the relay's 2xx, the SMS gateway, the portal message), when it reached the
 * business's system (the portal at once; an e-mail when the recipient's server took it with a
 * queue id; an SMS gateway reports nothing), when it was opened (portal page or e-mail pixel),
 * whether the business had answered by then, the last failure, the SMTP reply and queue id, and
 * whether the notice's hash chain holds.
 */
export function noticeChannels(n: FindingNotices, respondedAt: Date | string | null) {
  return n.deliveries.flatMap((d) => {
    const events = n.events.filter((e) => e.delivery_id === d.id);
    const chain = verifyChain(
      events.map((e) => ({ deliveryId: e.delivery_id, seq: e.seq, kind: e.kind as DeliveryEventKind, channel: e.channel as DeliveryChannel | null, at: new Date(e.at), documentSha256: e.content_sha256, detail: e.detail, prevHash: e.prev_hash, hash: e.hash })),
      d.content_sha256,
    );
    const answered = respondedAt && new Date(respondedAt).getTime() >= new Date(d.created_at).getTime() ? iso(respondedAt) : null;
    return n.channels
      .filter((c) => c.delivery_id === d.id)
      .map((c) => {
        const own = events.filter((e) => e.channel_id === c.id);
        const first = (...kinds: DeliveryEventKind[]) => own.find((e) => kinds.includes(e.kind as DeliveryEventKind));
        const relay = first('relay_accepted');
        const relayDetail = (relay?.detail ?? {}) as Record<string, unknown>;
        const failure = [...own].reverse().find((e) => e.kind === 'relay_failed' || e.kind === 'relay_rejected');
        const fd = (failure?.detail ?? {}) as Record<string, unknown>;
        const delivered = c.channel === 'portal' ? first('delivered_to_portal') : relay && str(relayDetail.queueId) ? relay : undefined;
        return {
          id: c.id,
          deliveryId: d.id,
          purpose: noticePurposeOf(d.purpose),
          channel: c.channel as 'email' | 'sms' | 'portal',
          address: c.channel === 'portal' ? '' : c.address,
          status: statusOf(c, own),
          attempts: c.attempts,
          sentAt: iso(first('relay_accepted', 'notification_sent', 'delivered_to_portal')?.at),
          deliveredAt: iso(delivered?.at),
          openedAt: iso(first('notification_opened')?.at),
          answeredAt: answered,
          error: c.status === 'queued' || c.status === 'failed' || c.status === 'rejected' ? (str(fd.response) ?? str(fd.reason)) : null,
          response: str(relayDetail.response),
          queueId: str(relayDetail.queueId),
          sha256: d.content_sha256,
          chainOk: chain.length === 0,
        };
      });
  });
}
