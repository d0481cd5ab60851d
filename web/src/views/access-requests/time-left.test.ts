import { describe, expect, it } from 'vitest';
import { beijingDayIso, beijingIso, beijingLocal, timeLeft } from './time-left';

const t = ((key: string, p: Record<string, number>) => `${key.split('.').pop()}:${Object.values(p).join(',')}`) as never;

describe('grant time and Beijing-time inputs', () => {
  it('words the time left at the largest useful unit', () => {
    expect(timeLeft(t, 2 * 86400 + 3 * 3600 + 59)).toBe('days:2,3');
    expect(timeLeft(t, 2 * 3600 + 5 * 60)).toBe('hours:2,5');
    expect(timeLeft(t, 59)).toBe('minutes:0');
  });
  it('reads and writes datetime-local values as Beijing time', () => {
    expect(beijingIso('2026-12-05T08:30')).toBe('2026-12-05T00:30:00.000Z');
    expect(beijingIso('')).toBeNull();
    expect(beijingDayIso('2026-12-05', 1)).toBe('2026-12-05T16:00:00.000Z');
    expect(beijingLocal(Date.parse('2026-12-05T00:30:00Z'))).toBe('2026-12-05T08:30');
  });
});
