import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const make = (now: () => number, addressMaxFailures = 100) => new LoginThrottle({ maxAttempts: 3, windowMs: 60_000, addressMaxFailures, baseDelayMs: 1000, now });

describe('LoginThrottle', () => {
  it('backs off one (account, address) pair exponentially after the limit, then forgets it', () => {
    let now = 1_000_000;
    const th = make(() => now);
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(0);
      th.recordFailure('alice', '9.9.9.9');
    }
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(1000);
    now += 1000;
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(0);
    th.recordFailure('alice', '9.9.9.9');
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(2000);
    now += 2000;
    th.recordFailure('alice', '9.9.9.9');
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(4000);
    for (let i = 0; i < 10; i++) th.recordFailure('alice', '9.9.9.9');
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(60_000);
    now += 60_000 + 60_000;
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(0);
    th.recordFailure('alice', '9.9.9.9');
    expect(th.retryAfterMs('alice', '9.9.9.9')).toBe(0);
  });

  it('never holds back the same account from another address, nor another account from the same one', () => {
    const th = make(() => 5_000_000);
    for (let i = 0; i < 20; i++) th.recordFailure('alice', '6.6.6.6');
    expect(th.retryAfterMs('alice', '6.6.6.6')).toBeGreaterThan(0);
    expect(th.retryAfterMs('alice', '10.0.0.7')).toBe(0);
    expect(th.retryAfterMs('bob', '6.6.6.6')).toBe(0);
  });

  it('caps one address across many accounts as a back-stop', () => {
    const th = make(() => 7_000_000, 10);
    for (let i = 0; i < 9; i++) th.recordFailure(`u${i}`, '8.8.8.8');
    expect(th.retryAfterMs('someone', '8.8.8.8')).toBe(0);
    th.recordFailure('u9', '8.8.8.8');
    expect(th.retryAfterMs('someone', '8.8.8.8')).toBe(60_000);
    expect(th.retryAfterMs('someone', '8.8.4.4')).toBe(0);
  });

  it('a success clears its pair', () => {
    const th = make(() => 9_000_000);
    for (let i = 0; i < 3; i++) th.recordFailure('a', '1.1.1.1');
    expect(th.retryAfterMs('a', '1.1.1.1')).toBeGreaterThan(0);
    th.recordSuccess('a', '1.1.1.1');
    expect(th.retryAfterMs('a', '1.1.1.1')).toBe(0);
  });
});
