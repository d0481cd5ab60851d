import { describe, expect, it } from 'vitest';
import { yearSlices } from './online-days.js';

describe('yearSlices', () => {
  it('gives each calendar year of a period with its first and last day index (0 = 1 January)', () => {
    expect(yearSlices('2026-01-01', '2026-01-01')).toEqual([{ year: 2026, first: 0, last: 0 }]);
    expect(yearSlices('2026-03-01', '2026-03-10')).toEqual([{ year: 2026, first: 59, last: 68 }]);
    // 2028 is a leap year: 1 March is day 60 and 31 December day 365, the last bit of bit(366).
    expect(yearSlices('2028-03-01', '2028-12-31')).toEqual([{ year: 2028, first: 60, last: 365 }]);
    expect(yearSlices('2025-12-31', '2026-01-02')).toEqual([
      { year: 2025, first: 364, last: 364 },
      { year: 2026, first: 0, last: 1 },
    ]);
  });
});
