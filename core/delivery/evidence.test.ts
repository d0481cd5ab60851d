import { describe, expect, it } from 'vitest';
import { chain, verifyChain, type ChainedEvent } from './evidence.js';
import { parseSmtpReply } from './smtp-reply.js';

const DOC = 'a'.repeat(64);
function build(): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  const kinds = ['submission_accepted', 'relay_accepted', 'delivered_to_portal', 'acknowledged'] as const;
  kinds.forEach((kind, i) => out.push(chain(out.at(-1) ?? null, { deliveryId: 'd1', kind, channel: 'email', at: new Date(Date.UTC(2026, 11, 4, 10, 0, i)), documentSha256: DOC, detail: { i } })));
  return out;
}

describe('delivery evidence chain', () => {
  it('links each event to the previous one; an intact chain verifies', () => {
    const events = build();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0].prevHash).toBeNull();
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(4);
    expect(verifyChain(events, DOC)).toEqual([]);
  });

  it('names an altered, removed or reordered event, and another document\'s hash', () => {
    const altered = build();
    altered[1] = { ...altered[1], detail: { i: 99 } };
    expect(verifyChain(altered, DOC)).toEqual(['event 2: hash does not match its content']);
    const removed = build();
    removed.splice(1, 1);
    expect(verifyChain(removed, DOC).join('; ')).toMatch(/event 3: out of sequence.*event 3: previous hash/);
    const swapped = build();
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verifyChain(swapped, DOC).length).toBeGreaterThan(0);
    expect(verifyChain(build(), 'b'.repeat(64))).toHaveLength(4);
  });
});

describe('SMTP replies', () => {
  it('reads the code and the queue id of the common servers', () => {
    expect(parseSmtpReply('250 2.0.0 Ok: queued as 4C2B1A3F')).toMatchObject({ code: 250, enhanced: '2.0.0', queueId: '4C2B1A3F' });
    expect(parseSmtpReply('250 OK id=1rXyZa-0001Ab-2C')).toMatchObject({ code: 250, queueId: '1rXyZa-0001Ab-2C' });
    expect(parseSmtpReply('250 2.6.0 <abc@mail.example.cn> Queued mail for delivery')).toMatchObject({ code: 250, queueId: 'abc@mail.example.cn' });
    expect(parseSmtpReply('250 2.0.0 OK  1733350000 a1b2c3d4-gsmtp')).toMatchObject({ code: 250, queueId: 'a1b2c3d4-gsmtp' });
    expect(parseSmtpReply('550 5.1.1 <x@example.cn>: Recipient address rejected')).toMatchObject({ code: 550, queueId: null });
    expect(parseSmtpReply(undefined)).toMatchObject({ code: null, queueId: null });
  });
});
