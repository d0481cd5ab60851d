import { describe, expect, it } from 'vitest';
import type { DeliveryChannelRow, DeliveryEventRow, DeliveryRow } from '../../core/db/database.js';
import { chain, type ChainedEvent, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { findingNoticeText, type FindingFacts } from './finding-message.js';
import { noticeChannels } from './finding-notice-view.js';

const SHA = 'a'.repeat(64);
const t = (m: number) => new Date(Date.UTC(2026, 11, 1, 2, m));
const delivery = (id: string, purpose: string, createdAt: Date) => ({ id, purpose, content_sha256: SHA, created_at: createdAt }) as unknown as DeliveryRow;
const channel = (id: string, deliveryId: string, kind: 'portal' | 'email' | 'sms', status: DeliveryChannelRow['status'], attempts = 1) =>
  ({ id, delivery_id: deliveryId, channel: kind, address: kind === 'portal' ? 'business:x' : kind === 'email' ? 'a@example.cn' : '13800138000', status, attempts }) as unknown as DeliveryChannelRow;

/** A delivery's events, chained as appendEvent does. */
function events(deliveryId: string, steps: [DeliveryEventKind, string, number, Record<string, unknown>?][]): DeliveryEventRow[] {
  let last: ChainedEvent | null = null;
  return steps.map(([kind, channelId, minute, detail], i) => {
    const e = chain(last, { deliveryId, kind, channel: channelId.startsWith('p') ? 'portal' : channelId.startsWith('e') ? 'email' : 'sms', at: t(minute), documentSha256: SHA, detail: detail ?? {} });
    last = e;
    return { id: `ev${deliveryId}${i}`, delivery_id: deliveryId, channel_id: channelId, seq: e.seq, kind, channel: e.channel, at: e.at, content_sha256: SHA, detail: e.detail, prev_hash: e.prevHash, hash: e.hash, actor_type: 'system', actor_id: 'delivery' } as DeliveryEventRow;
  });
}

describe('a finding notice as its trail shows it (from the delivery evidence)', () => {
  const d1 = delivery('d1', 'finding.notice', t(0));
  const d2 = delivery('d2', 'finding.decision', t(90));
  const channels = [channel('p1', 'd1', 'portal', 'delivered', 0), channel('e1', 'd1', 'email', 'relayed'), channel('s1', 'd1', 'sms', 'notified'), channel('p2', 'd2', 'portal', 'delivered', 0), channel('e2', 'd2', 'email', 'rejected')];
  const ev = [
    ...events('d1', [
      ['submission_accepted', 'p1', 0],
      ['delivered_to_portal', 'p1', 0],
      ['submission_accepted', 'e1', 0],
      ['submission_accepted', 's1', 0],
      ['relay_accepted', 'e1', 1, { response: '250 2.0.0 Ok: queued as 4C2B1', queueId: '4C2B1' }],
      ['notification_sent', 's1', 1, { captured: true }],
      ['notification_opened', 'e1', 5, { via: 'pixel' }],
      ['service_completed', 'p1', 5],
    ]),
    ...events('d2', [
      ['submission_accepted', 'p2', 90],
      ['delivered_to_portal', 'p2', 90],
      ['submission_accepted', 'e2', 90],
      ['relay_rejected', 'e2', 91, { response: '550 5.1.1 User unknown', final: true }],
      ['service_completed', 'p2', 91],
    ]),
  ];

  it('each channel: sent, reached (portal at once; e-mail with a queue id), opened, answered, refused with its reason; the chain holds', () => {
    const rows = noticeChannels({ deliveries: [d1, d2], channels, events: ev }, t(60));
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect(by('p1')).toMatchObject({ purpose: 'notice', address: '', status: 'sent', sentAt: t(0).toISOString(), deliveredAt: t(0).toISOString(), openedAt: null, answeredAt: t(60).toISOString(), chainOk: true });
    expect(by('e1')).toMatchObject({ status: 'sent', sentAt: t(1).toISOString(), deliveredAt: t(1).toISOString(), openedAt: t(5).toISOString(), queueId: '4C2B1', error: null });
    expect(by('s1')).toMatchObject({ status: 'captured', deliveredAt: null });
    // The decision came after the answer: not "answered" by it.
    expect(by('e2')).toMatchObject({ purpose: 'decision', status: 'rejected', sentAt: null, error: '550 5.1.1 User unknown', answeredAt: null });
  });

  it('an e-mail the relay took without a queue id has not reached the business (no delivery time); an altered event breaks the chain', () => {
    const noQueue = ev.map((e) => (e.kind === 'relay_accepted' ? { ...e, detail: { response: '250 OK' } } : e));
    expect(noticeChannels({ deliveries: [d1], channels, events: noQueue }, null).find((r) => r.id === 'e1')).toMatchObject({ deliveredAt: null, chainOk: false });
    expect(noticeChannels({ deliveries: [d1], channels, events: ev }, null).every((r) => r.chainOk)).toBe(true);
  });
});

describe("a notice's canonical text (its SHA-256 is the delivery's content hash)", () => {
  const facts: FindingFacts = {
    findingId: 'f1', agencyName: '婺城区卫生健康局', businessName: '婺城区人民医院', siteName: '消毒供应室', siteAddress: '婺城区1号', deviceName: '操作间摄像头',
    type: 'camera_covered', ruleName: null, occurredAt: t(0), respondBy: t(60 * 24 * 5), portalUrl: 'https://vigil.example/portal/findings/f1',
    decision: { kind: 'uphold', reply: '维持原认定。', decidedAt: t(90) },
  };
  it('names the facts and the deadline, carries no link; the decision notice carries the reply instead of the deadline', () => {
    const notice = findingNoticeText(facts, 'notice');
    expect(notice).toContain('婺城区人民医院');
    expect(notice).toContain('摄像头被遮挡');
    expect(notice).toContain('答复期限');
    expect(notice).not.toContain('https://');
    const decision = findingNoticeText(facts, 'decision');
    expect(decision).toContain('执法人员答复:维持原认定。');
    expect(decision).not.toContain('答复期限');
    expect(findingNoticeText({ ...facts, portalUrl: 'http://other' }, 'notice')).toBe(notice);
  });
});
