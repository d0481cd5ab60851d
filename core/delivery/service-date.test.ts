import { describe, expect, it } from 'vitest';
import { methodServedAt, publicNoticeServedAt, serviceDate, type ChannelOutcome } from './service-date.js';

const at = (s: string) => new Date(s);
const email = (id: string, events: ChannelOutcome['events']): ChannelOutcome => ({ id, channel: 'email', address: 'a@example.cn', events });
const portal = (id: string, when: string): ChannelOutcome => ({ id, channel: 'portal', address: 'business:x', events: [{ kind: 'submission_accepted', at: at(when), detail: {} }, { kind: 'delivered_to_portal', at: at(when), detail: {} }] });
const relayed = (when: string, response = '250 2.0.0 Ok: queued as 4C2B1A', queueId: string | null = '4C2B1A') => ({ kind: 'relay_accepted' as const, at: at(when), detail: { response, queueId } });

describe('service date (民诉法第九十条第二款; 在线诉讼规则第三十一条)', () => {
  it('two channels arriving at different times: the earlier one is the service date', () => {
    const s = serviceDate([portal('p', '2026-12-04T10:00:05Z'), email('e', [relayed('2026-12-04T10:00:02Z')])]);
    expect(s).toMatchObject({ channelId: 'e', channel: 'email', at: at('2026-12-04T10:00:02Z') });
    expect(s?.basis).toContain('第九十条第二款');
    const later = serviceDate([email('e', [relayed('2026-12-04T11:00:00Z')]), portal('p', '2026-12-04T10:59:59Z')]);
    expect(later).toMatchObject({ channelId: 'p', channel: 'portal' });
  });

  it('550 on e-mail: never service, the portal\'s time decides', () => {
    const s = serviceDate([email('e', [{ kind: 'relay_rejected', at: at('2026-12-04T10:00:01Z'), detail: { response: '550 5.1.1 <x@example.cn>: Recipient address rejected', responseCode: 550 } }]), portal('p', '2026-12-04T10:00:09Z')]);
    expect(s).toMatchObject({ channelId: 'p', channel: 'portal', at: at('2026-12-04T10:00:09Z') });
  });

  it('a bounce after the relay accepted, a 4xx after the last retry, a 2xx without queue id and an SMS are never service', () => {
    expect(serviceDate([email('e', [relayed('2026-12-04T10:00:00Z'), { kind: 'relay_rejected', at: at('2026-12-04T10:05:00Z'), detail: { bounce: true } }])])).toBeNull();
    expect(serviceDate([email('e', [{ kind: 'relay_failed', at: at('2026-12-04T10:00:00Z'), detail: { response: '451 4.7.1 try again later', final: true } }])])).toBeNull();
    expect(serviceDate([email('e', [relayed('2026-12-04T10:00:00Z', '250 OK', null)])])).toBeNull();
    expect(serviceDate([email('e', [relayed('2026-12-04T10:00:00Z', '421 busy', 'x1234')])])).toBeNull();
    expect(serviceDate([{ id: 's', channel: 'sms', address: '13800000000', events: [{ kind: 'notification_sent', at: at('2026-12-04T09:00:00Z'), detail: {} }] }])).toBeNull();
    expect(serviceDate([])).toBeNull();
  });

  it('other methods: signature, the receipt\'s day, lodging, and a public notice thirty days after (民诉法第九十五条)', () => {
    expect(methodServedAt('direct', { signedAt: at('2026-12-04T02:00:00Z') })).toEqual(at('2026-12-04T02:00:00Z'));
    expect(methodServedAt('post', { receivedOn: '2026-12-08' })).toEqual(at('2026-12-07T16:00:00.000Z'));
    expect(methodServedAt('post', {})).toBeNull();
    // Published 1 Dec (Shanghai): the day itself is not counted (第八十五条), 30 days end on 31 Dec.
    expect(publicNoticeServedAt(at('2026-12-01T03:00:00Z'))).toEqual(at('2026-12-31T15:59:59.999Z'));
    const posted: ChannelOutcome = { id: 'm', channel: 'post', address: 'EMS 1234', events: [{ kind: 'method_recorded', at: at('2026-12-09T01:00:00Z'), detail: { servedAt: '2026-12-07T16:00:00.000Z' } }] };
    expect(serviceDate([posted, portal('p', '2026-12-08T00:00:00Z')])).toMatchObject({ channel: 'post', basis: '民事诉讼法第九十一条' });
  });
});
