import { describe, expect, it } from 'vitest';
import { parseTicket, publishTicket, ticketMatches, ticketTimeProblem, TICKET_MAX_S } from './publish-ticket.js';
import { newStreamKey } from './stream-key.js';

describe('publish tickets', () => {
  const device = '11111111-1111-4111-8111-111111111111';
  it('match only the key and device they were made for, and never contain the key', () => {
    const k = newStreamKey();
    const ticket = publishTicket(k.key, device);
    expect(ticket).not.toContain(k.key.slice('vk_'.length + 11)); // the key's secret part
    const t = parseTicket(ticket)!;
    expect(t.prefix).toBe(k.prefix);
    expect(ticketMatches(t, k.sha256, device)).toBe(true);
    expect(ticketMatches(t, newStreamKey().sha256, device)).toBe(false);
    expect(ticketMatches(t, k.sha256, '22222222-2222-4222-8222-222222222222')).toBe(false);
    expect(ticketMatches({ ...t, expiresAtS: t.expiresAtS + 1 }, k.sha256, device)).toBe(false);
  });

  it('live at most TICKET_MAX_S seconds', () => {
    const k = newStreamKey();
    const now = Date.now();
    const t = parseTicket(publishTicket(k.key, device, 3600, now))!;
    expect(t.expiresAtS).toBe(Math.floor(now / 1000) + TICKET_MAX_S);
    expect(ticketTimeProblem(t, now)).toBeNull();
    expect(ticketTimeProblem(t, now + (TICKET_MAX_S + 1) * 1000)).toBe('expired');
    expect(ticketTimeProblem({ ...t, expiresAtS: t.expiresAtS + 60 }, now)).toBe('too_long');
  });

  it('malformed tickets parse to nothing', () => {
    const ticket = publishTicket(newStreamKey().key, device);
    for (const bad of ['', 'vt_', ticket.slice(0, -1), `${ticket}x`, ticket.replace('vt_', 'vk_')]) expect(parseTicket(bad)).toBeNull();
  });
});
