import { describe, expect, it } from 'vitest';
import { monthLoad, monthsFor, planRotation, rotationChanges } from './rotation.js';
import type { Stratum } from './frequency.js';

const many = (n: number, stratum: Stratum, from = 0) => Array.from({ length: n }, (_, i) => ({ businessId: `b${String(from + i).padStart(4, '0')}`, stratum }));

describe('the rotation plan (002 §5)', () => {
  it('spaces visits over the year by frequency', () => {
    expect(monthsFor(1, 4)).toEqual([5]);
    expect(monthsFor(2, 1)).toEqual([2, 8]);
    expect(monthsFor(3, 0)).toEqual([1, 5, 9]);
    expect(monthsFor(12, 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const { entries } = planRotation([...many(1, 'C'), ...many(1, 'B', 1), ...many(1, 'A', 2), ...many(1, 'U', 3), ...many(1, 'D', 4)]);
    expect(Object.fromEntries(entries.map((e) => [e.stratum, e.months.length]))).toEqual({ D: 12, C: 3, B: 2, U: 2, A: 1 });
    expect(entries[0].stratum).toBe('D');
  });

  it('balances the months: loads differ by at most one visit', () => {
    for (const mix of [many(25, 'A'), [...many(7, 'A'), ...many(5, 'B', 10), ...many(4, 'C', 20)], [...many(13, 'B'), ...many(2, 'D', 50)]]) {
      const { load, entries } = planRotation(mix);
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
      expect(load.reduce((s, x) => s + x, 0)).toBe(entries.reduce((s, e) => s + e.visits, 0));
    }
  });

  it('is deterministic and keeps the months of businesses still in it on recompute', () => {
    const first = planRotation(many(10, 'A'));
    expect(planRotation([...many(10, 'A')].reverse())).toEqual(first);
    const previous = new Map(first.entries.map((e) => [e.businessId, e]));
    // b0003 got a device (drops out), b0100 lost its coverage (comes in).
    const next = planRotation([...many(10, 'A').filter((b) => b.businessId !== 'b0003'), { businessId: 'b0100', stratum: 'A' }], previous);
    for (const e of next.entries) if (e.businessId !== 'b0100') expect(e.months).toEqual(previous.get(e.businessId)!.months);
    expect(next.entries.find((e) => e.businessId === 'b0100')!.months).toEqual(previous.get('b0003')!.months);
    expect(rotationChanges(first.entries.map((e) => e.businessId), next.entries.map((e) => e.businessId))).toEqual({ joined: ['b0100'], left: ['b0003'] });
  });

  it('re-spaces a business whose grade changed', () => {
    const first = planRotation(many(1, 'A'));
    const next = planRotation(many(1, 'C'), new Map(first.entries.map((e) => [e.businessId, e])));
    expect(next.entries[0].months).toHaveLength(3);
  });

  it('fills the months the other categories of the region leave free (all categories balanced together)', () => {
    const medical = planRotation(many(6, 'A'));
    expect(monthLoad(medical.entries)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const schools = planRotation(many(6, 'A', 100), new Map(), monthLoad(medical.entries));
    expect(schools.entries.flatMap((e) => e.months).sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(schools.load).toEqual(Array.from({ length: 12 }, () => 1));
    // Without the other category's load the second category would pile onto the same months.
    expect(planRotation(many(6, 'A', 100)).entries.flatMap((e) => e.months).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
