import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsUntil } from './countdown';

// A stand-in for i18next: the key and its values, so the arithmetic is what is checked.
const t = ((key: string, v: Record<string, unknown> = {}) => `${key}(${Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(',')})`) as unknown as TFunction;

describe('deadline countdown', () => {
  it('shows days and hours, hours and minutes, or minutes and seconds', () => {
    expect(formatCountdown(t, 2 * 86400 + 3 * 3600 + 59)).toBe('review.left(time=review.dh(d=2,h=3))');
    expect(formatCountdown(t, 3 * 3600 + 5 * 60 + 7)).toBe('review.left(time=review.hm(h=3,m=5))');
    expect(formatCountdown(t, 4 * 60 + 12)).toBe('review.left(time=review.ms(m=4,s=12))');
  });
  it('says overdue by how much once past', () => {
    expect(formatCountdown(t, -(3600 + 120))).toBe('review.overdueBy(time=review.hm(h=1,m=2))');
    expect(formatCountdown(t, -1)).toBe('review.overdueBy(time=review.ms(m=0,s=1))');
  });
  it('counts by the server clock', () => {
    const now = Date.parse('2026-12-04T09:00:00Z');
    // The server is 30 s ahead of this browser.
    expect(secondsUntil('2026-12-04T09:01:00Z', now, 30_000)).toBe(30);
    expect(secondsUntil('2026-12-04T08:59:00Z', now, 0)).toBe(-60);
  });
});
