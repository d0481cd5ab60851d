import { endOfDay, nextDay, shanghaiDay, startOfDay } from '../calendar/calendar.js';
import type { DeliveryChannel, DeliveryEventKind } from './evidence.js';
import { accepted, parseSmtpReply } from './smtp-reply.js';

/**
 * When a document counts as served (pure). Electronic service (民诉法第九十条第二款; 人民法院在线诉讼
 * 规则第三十一条第一款): the day the message reaches the business's own system — the recipient's
 * mail server accepting it (a 2xx reply with a queue id) or the document landing in its portal
 * account. A 4xx after the last retry, a 5xx or a bounce is never service, and an SMS is only a
 * notice to go and read (第三十二条: it carries no document). With several channels, the earliest
 * effective arrival is the service date. The other methods: the date the party signed for it
 * (direct, 第八十七条、第八十八条), the receipt's date (post, 第九十一条), the day it was left
 * (lodging, 第八十九条), thirty days after the notice was published (公告, 第九十五条).
 */
export type OutcomeEvent = { kind: DeliveryEventKind; at: Date; detail: Record<string, unknown> };
export type ChannelOutcome = { id: string; channel: DeliveryChannel; address: string; events: readonly OutcomeEvent[] };
export type Arrival = { channelId: string; channel: DeliveryChannel; address: string; at: Date; rule: string; basis: string };

export const RULES = {
  email: { basis: '民事诉讼法第九十条第二款；人民法院在线诉讼规则第三十一条第一款', rule: '电子邮件到达受送达人电子邮箱所在系统（收件服务器接收并返回队列号）之日为送达日期' },
  portal: { basis: '民事诉讼法第九十条第二款；人民法院在线诉讼规则第三十一条第一款', rule: '送达信息到达受送达人门户专用账号之日为送达日期' },
  direct: { basis: '民事诉讼法第八十七条、第八十八条', rule: '受送达人在送达回证上签收的日期为送达日期' },
  post: { basis: '民事诉讼法第九十一条', rule: '邮寄送达的，以回执上注明的收件日期为送达日期' },
  lodging: { basis: '民事诉讼法第八十九条', rule: '受送达人拒绝接收的，把文书留在受送达人的住所并记录送达过程，即视为送达' },
  public_notice: { basis: '民事诉讼法第九十五条', rule: '公告送达的，自发出公告之日起，经过三十日，即视为送达' },
} as const;

/** Days a public notice runs before the document is deemed served (民诉法第九十五条). */
export const PUBLIC_NOTICE_DAYS = 30;

/**
 * The deemed service of a public notice: "自发出公告之日起，经过三十日" — the publication day is not
 * counted (民诉法第八十五条第二款), so the document is served at the end of the 30th day after it.
 */
export function publicNoticeServedAt(publishedAt: Date): Date {
  return endOfDay(nextDay(shanghaiDay(publishedAt), PUBLIC_NOTICE_DAYS));
}

/** The moment a recorded method serves the document, from its proof (the officer's record). */
export function methodServedAt(method: 'direct' | 'post' | 'lodging' | 'public_notice', proof: { signedAt?: Date; receivedOn?: string; lodgedAt?: Date; publishedAt?: Date }): Date | null {
  switch (method) {
    case 'direct':
      return proof.signedAt ?? null;
    case 'post':
      // A receipt bears a day: the document is served on that day (its first instant, Shanghai).
      return proof.receivedOn ? startOfDay(proof.receivedOn) : null;
    case 'lodging':
      return proof.lodgedAt ?? null;
    case 'public_notice':
      return proof.publishedAt ? publicNoticeServedAt(proof.publishedAt) : null;
  }
}

/** When this channel's message reached the business's system, or null (not, or never counts). */
export function arrivalOf(c: ChannelOutcome): Arrival | null {
  if (c.channel === 'portal') {
    const e = c.events.find((x) => x.kind === 'delivered_to_portal');
    return e ? { channelId: c.id, channel: c.channel, address: c.address, at: e.at, ...RULES.portal } : null;
  }
  if (c.channel === 'email') {
    // A bounce after the relay took it undoes the arrival.
    if (c.events.some((x) => x.kind === 'relay_rejected')) return null;
    const e = c.events.find((x) => x.kind === 'relay_accepted' && accepted(parseSmtpReply(String(x.detail.response ?? ''))) && !!x.detail.queueId);
    return e ? { channelId: c.id, channel: c.channel, address: c.address, at: e.at, ...RULES.email } : null;
  }
  if (c.channel === 'sms') return null;
  const e = c.events.find((x) => x.kind === 'method_recorded' && typeof x.detail.servedAt === 'string');
  if (!e) return null;
  const at = new Date(String(e.detail.servedAt));
  return Number.isNaN(at.getTime()) ? null : { channelId: c.id, channel: c.channel, address: c.address, at, ...RULES[c.channel] };
}

/** The service date: the earliest effective arrival among the channels, or null when none arrived. */
export function serviceDate(channels: readonly ChannelOutcome[]): Arrival | null {
  let best: Arrival | null = null;
  for (const c of channels) {
    const a = arrivalOf(c);
    if (a && (!best || a.at.getTime() < best.at.getTime())) best = a;
  }
  return best;
}

