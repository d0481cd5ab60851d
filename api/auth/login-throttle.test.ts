import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('blocks after the limit inside the window and frees after it', () => {
    let now = 1_000_000;
    const th = new LoginThrottle(3, 60_000, () => now);
    const keys = ['user:alice'];
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfterMs(keys)).toBe(0);
      th.recordFailure(keys);
    }
    expect(th.retryAfterMs(keys)).toBe(60_000);
    expect(th.retryAfterMs(['user:alice'])).toBeGreaterThan(0);
    expect(th.retryAfterMs(['user:bob'])).toBe(0);
    now += 60_001;
    expect(th.retryAfterMs(keys)).toBe(0);
  });
  it('allows an address four times the per-user limit', () => {
    const th = new LoginThrottle(2, 60_000);
    for (let i = 0; i < 7; i++) th.recordFailure(['ip:9.9.9.9', `user:u${i}`]);
    expect(th.retryAfterMs(['ip:9.9.9.9'])).toBe(0);
    th.recordFailure(['ip:9.9.9.9']);
    expect(th.retryAfterMs(['ip:9.9.9.9'])).toBeGreaterThan(0);
  });
  it('reset clears a key after a successful login', () => {
    const th = new LoginThrottle(1, 60_000);
    th.recordFailure(['user:a']);
    expect(th.retryAfterMs(['user:a'])).toBeGreaterThan(0);
    th.reset(['user:a']);
    expect(th.retryAfterMs(['user:a'])).toBe(0);
  });
});
