import { canonicalJson, sha256 } from '../ledger/canonical.js';

/**
 * The evidence of a delivery, modelled on registered electronic delivery (ETSI EN 319 522-1 §6,
 * its "evidence" set): each step a delivery takes is one event, never changed afterwards. Each
 * event carries the hash of what is delivered (the document's SHA-256, or the notice's), the
 * previous event's hash and its own, so the events of one delivery form a hash chain: leaving one
 * out, reordering or altering one breaks every hash after it (`verifyChain`). Pure.
 */
export const DELIVERY_EVENT_KINDS = [
  /** The platform accepted the document for delivery on this channel (ETSI SubmissionAcceptance). */
  'submission_accepted',
  /** The recipient's mail server took the message: its SMTP reply line and queue id (RelayAcceptance). */
  'relay_accepted',
  /** A try did not reach the recipient's server (connection, timeout, 4xx); `final` after the last retry. */
  'relay_failed',
  /** The recipient's server refused the message (5xx), or it bounced: never service (RelayRejection). */
  'relay_rejected',
  /** The document is in the business's portal inbox (ContentConsignment to the recipient's system). */
  'delivered_to_portal',
  /** A notice of the delivery (SMS, the e-mail) was handed to the gateway (no document in it: 在线诉讼规则第三十二条). */
  'notification_sent',
  /** The business opened the delivery in the portal, or the e-mail's pixel was fetched. */
  'notification_opened',
  /** The business downloaded the document (ContentHandover). */
  'content_downloaded',
  /** The business confirmed receipt online (在线诉讼规则第三十三条). */
  'acknowledged',
  /** Service is complete: the service date, the channel and the rule that decides it. */
  'service_completed',
  /** Another method recorded by an officer with its proof: direct, post, lodging, public notice. */
  'method_recorded',
] as const;
export type DeliveryEventKind = (typeof DELIVERY_EVENT_KINDS)[number];

/** How a document reaches the business. The first three are electronic (民诉法第九十条). */
export const DELIVERY_CHANNELS = ['email', 'sms', 'portal', 'direct', 'post', 'lodging', 'public_notice'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const ELECTRONIC_CHANNELS: readonly DeliveryChannel[] = ['email', 'sms', 'portal'];

/** What an event states; `hash` is computed over all of it with `prevHash`. */
export type EventBody = {
  deliveryId: string;
  seq: number;
  kind: DeliveryEventKind;
  channel: DeliveryChannel | null;
  at: Date;
  /** SHA-256 (hex) of the document delivered. */
  documentSha256: string;
  detail: Record<string, unknown>;
};
export type ChainedEvent = EventBody & { prevHash: string | null; hash: string };

/** The hash of an event: SHA-256 over the canonical JSON of the event and the previous hash. */
export function eventHash(e: EventBody, prevHash: string | null): string {
  return sha256(canonicalJson({ v: 1, deliveryId: e.deliveryId, seq: e.seq, kind: e.kind, channel: e.channel, at: e.at, documentSha256: e.documentSha256, detail: e.detail, prevHash })).toString('hex');
}

/** The next event of a chain whose last event is `last` (null: the first). */
export function chain(last: Pick<ChainedEvent, 'seq' | 'hash'> | null, e: Omit<EventBody, 'seq'>): ChainedEvent {
  const body = { ...e, seq: (last?.seq ?? 0) + 1 };
  const prevHash = last?.hash ?? null;
  return { ...body, prevHash, hash: eventHash(body, prevHash) };
}

/** Checks a delivery's events, in order: what is wrong, by sequence number ([] when intact). */
export function verifyChain(events: readonly ChainedEvent[], documentSha256: string): string[] {
  const problems: string[] = [];
  let prev: ChainedEvent | null = null;
  for (const e of events) {
    if (e.seq !== (prev?.seq ?? 0) + 1) problems.push(`event ${e.seq}: out of sequence (expected ${(prev?.seq ?? 0) + 1})`);
    if (e.prevHash !== (prev?.hash ?? null)) problems.push(`event ${e.seq}: previous hash does not match event ${prev?.seq ?? 'none'}`);
    if (e.documentSha256 !== documentSha256) problems.push(`event ${e.seq}: document hash differs from the delivery's`);
    if (eventHash(e, e.prevHash) !== e.hash) problems.push(`event ${e.seq}: hash does not match its content`);
    if (prev && e.at.getTime() < prev.at.getTime()) problems.push(`event ${e.seq}: earlier than event ${prev.seq}`);
    prev = e;
  }
  return problems;
}

/** Chinese names of the events (the certificate and the UI print them). */
export const EVENT_ZH: Record<DeliveryEventKind, string> = {
  submission_accepted: '受理发送',
  relay_accepted: '对方邮件服务器已接收',
  relay_failed: '投递未成功',
  relay_rejected: '对方邮件服务器拒收',
  delivered_to_portal: '已送达门户专用账号',
  notification_sent: '已发送提示通知',
  notification_opened: '受送达人已查阅',
  content_downloaded: '受送达人已下载',
  acknowledged: '受送达人确认签收',
  service_completed: '送达完成',
  method_recorded: '记录送达方式',
};

export const CHANNEL_ZH: Record<DeliveryChannel, string> = {
  email: '电子邮件',
  sms: '短信',
  portal: '门户专用账号',
  direct: '直接送达',
  post: '邮寄送达',
  lodging: '留置送达',
  public_notice: '公告送达',
};
