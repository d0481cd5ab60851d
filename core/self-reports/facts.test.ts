import { describe, expect, it } from 'vitest';
import { countPeriods } from './facts.js';

const bj = (day: string, time = '12:00') => new Date(`${day}T${time}:00+08:00`);

describe('self-report facts for the credit score', () => {
  const hosp = { id: 'h', category: 'medical' as const, createdAt: bj('2026-06-15') };
  const signed = new Map([
    ['2026-06-01', bj('2026-07-10', '23:59')], // on the due day: on time
    ['2026-07-01', bj('2026-08-20')], // after Aug 10: late
  ]);

  it('counts the periods whose due day ended within [from, to): on time, late, missing', () => {
    // Due days Jul 10 … Nov 10 fall in the window; Nov's (Dec 10) does not.
    expect(countPeriods(hosp, signed, bj('2026-07-01', '00:00'), bj('2026-12-01', '00:00'), bj('2026-12-05'))).toEqual({ businessId: 'h', due: 5, onTime: 1, late: 1, missing: 3 });
  });

  it('a deadline not yet passed is not due; nothing before registration is owed', () => {
    expect(countPeriods(hosp, signed, bj('2026-01-01', '00:00'), bj('2027-01-01', '00:00'), bj('2026-09-15'))).toEqual({ businessId: 'h', due: 3, onTime: 1, late: 1, missing: 1 });
    expect(countPeriods(hosp, new Map(), bj('2026-01-01', '00:00'), bj('2026-07-01', '00:00'), bj('2026-12-05'))).toEqual({ businessId: 'h', due: 0, onTime: 0, late: 0, missing: 0 });
  });
});
