import { describe, expect, it } from 'vitest';
import { formatDate as registryDate, formatDateTime as registryDateTime } from '../views/businesses/labels';
import { formatTime as portalTime } from '../views/portal/deadline';
import { formatClock, formatDate, formatDateTime, formatDateTimeSeconds, shiftDay, zoneClock, zoneDay, zoneDayStart, zoneHour } from './datetime';

// 2026-12-04 08:30 UTC is 16:30 in Asia/Shanghai, whatever zone the test machine is in.
const AT = '2026-12-04T08:30:00.000Z';

describe('one date and time format per language', () => {
  it('writes moments and days in the authority\'s zone, one way per language', () => {
    expect(formatDateTime(AT, 'zh-CN')).toBe('2026-12-04 16:30');
    expect(formatDateTime(AT, 'en')).toBe('4 Dec 2026, 16:30');
    expect(formatDate('2026-12-04', 'zh-CN')).toBe('2026-12-04');
    expect(formatDate('2026-12-04', 'en')).toBe('4 Dec 2026');
    expect(formatDate('2026-12-03T17:00:00Z', 'zh-CN')).toBe('2026-12-04'); // 01:00 the next day in China
    expect(formatClock(AT, 'en')).toBe('16:30');
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });

  it('the registry, the review pages and the portal write the same moment the same way', () => {
    for (const lang of ['zh-CN', 'en']) {
      expect(registryDateTime(AT, lang)).toBe(formatDateTime(AT, lang));
      expect(portalTime(AT, lang)).toBe(formatDateTime(AT, lang));
      expect(registryDate('2026-12-04', lang)).toBe(formatDate('2026-12-04', lang));
    }
  });
});

describe('days and clocks in the authority\'s zone (recordings timeline, charts, day pickers)', () => {
  it('a day starts at midnight in China, not in the viewer\'s zone', () => {
    expect(new Date(zoneDayStart('2026-12-04')).toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(zoneDayStart(shiftDay('2026-12-04', 1)) - zoneDayStart('2026-12-04')).toBe(86_400_000);
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('the day, hour and clock of a moment are China\'s', () => {
    const late = Date.parse('2026-12-03T17:05:09Z'); // 01:05:09 on 4 December in China
    expect(zoneDay(late)).toBe('2026-12-04');
    expect(zoneDay(new Date(late))).toBe('2026-12-04');
    expect(zoneHour(late)).toBe(1);
    expect(zoneClock(late)).toBe('01:05');
    expect(zoneClock(late, true)).toBe('01:05:09');
    expect(formatDateTimeSeconds(late, 'zh-CN')).toBe('2026-12-04 01:05:09');
    expect(formatDateTimeSeconds(late, 'en')).toBe('4 Dec 2026, 01:05:09');
  });
});
