import { describe, expect, it } from 'vitest';
import { clientAddressResolver, normalizeIp } from './client-address.js';

describe('client address', () => {
  it('without trusted proxies is the socket peer, whatever X-Forwarded-For says', () => {
    const r = clientAddressResolver({ kind: 'none' });
    expect(r('203.0.113.5', '1.1.1.1')).toBe('203.0.113.5');
    expect(r('::ffff:203.0.113.5', undefined)).toBe('203.0.113.5');
    expect(r(null, '1.1.1.1')).toBeNull();
  });
  it('with a trusted list walks right to left past trusted hops to the first untrusted one', () => {
    const r = clientAddressResolver({ kind: 'list', cidrs: ['10.0.0.0/8', '::1'] });
    expect(r('10.0.0.1', '6.6.6.6, 198.51.100.2, 10.2.2.2')).toBe('198.51.100.2');
    expect(r('::1', '198.51.100.3')).toBe('198.51.100.3');
    expect(r('192.0.2.1', '198.51.100.2')).toBe('192.0.2.1');
    expect(r('10.0.0.1', undefined)).toBe('10.0.0.1');
    expect(r('10.0.0.1', '10.3.3.3')).toBe('10.3.3.3');
    // A garbled hop ends the walk at the last address a trusted proxy vouched for.
    expect(r('10.0.0.1', '198.51.100.2, not-an-ip')).toBe('10.0.0.1');
  });
  it('with a hop count takes the address that many hops left of the peer', () => {
    const one = clientAddressResolver({ kind: 'hops', hops: 1 });
    expect(one('10.0.0.1', '6.6.6.6, 198.51.100.2')).toBe('198.51.100.2');
    expect(one('10.0.0.1', undefined)).toBe('10.0.0.1');
    const two = clientAddressResolver({ kind: 'hops', hops: 2 });
    expect(two('10.0.0.1', '6.6.6.6, 198.51.100.2, 10.0.0.9')).toBe('198.51.100.2');
    expect(two('10.0.0.1', '198.51.100.2')).toBe('198.51.100.2');
  });
  it('normalizes addresses and refuses what is not one', () => {
    expect(normalizeIp('[::1]')).toBe('::1');
    expect(normalizeIp('FE80::1')).toBe('fe80::1');
    expect(normalizeIp('evil')).toBeNull();
  });
});
