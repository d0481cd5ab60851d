import { describe, expect, it } from 'vitest';
import { allocate, businessKey, drawInspection, officerKey, parseFrame, randomSizeOf, recusalKey, unpairable, type FrameBusiness } from './inspection-draw.js';
import { visitsPerYear, stratumOf } from './frequency.js';
import type { Stratum } from './frequency.js';

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const uuid = (prefix: string, n: number) => `${prefix}${hex(n, 7)}-0000-4000-8000-${hex(n, 12)}`;
const CITY = '/00000000-0000-4000-8000-000000000001/';
const WC = `${CITY}00000000-0000-4000-8000-000000000002/`;
const JD = `${CITY}00000000-0000-4000-8000-000000000003/`;

function business(n: number, stratum: Stratum, agencyPath = WC): FrameBusiness {
  return { id: uuid('b', n), stratum, agencyPath };
}
const officers = [
  { id: uuid('c', 1), agencyPath: WC },
  { id: uuid('c', 2), agencyPath: WC },
  { id: uuid('c', 3), agencyPath: WC },
  { id: uuid('c', 4), agencyPath: JD },
  { id: uuid('c', 5), agencyPath: JD },
];
const strata: Stratum[] = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'U', 'D'];
const businesses = strata.map((s, i) => business(i + 1, s, i % 3 === 2 ? JD : WC));
const keys = [...businesses.map(businessKey), ...officers.map(officerKey), recusalKey(officers[0].id, businesses[0].id)];

describe('frequencies by credit grade', () => {
  it('A once a year, B twice, C three times, D every month, ungraded as B', () => {
    expect(['A', 'B', 'C', 'D', undefined].map((g) => visitsPerYear(g as never))).toEqual([1, 2, 3, 12, 2]);
    expect(stratumOf(undefined)).toBe('U');
  });
});

describe('the 双随机 draw (vigil-inspection-v1)', () => {
  it('matches the published test vector: the same seed draws the same list, whatever the order of the population', () => {
    const a = drawInspection('plan-1|2026-12-31 双色球 03 08 15 21 27 30 + 11', keys, { size: 4 });
    const b = drawInspection('plan-1|2026-12-31 双色球 03 08 15 21 27 30 + 11', [...keys].reverse(), { size: 4 });
    expect(b).toEqual(a);
    expect(a.items.map((i) => [i.businessId.slice(0, 8), i.stratum, i.officerIds.map((o) => o.slice(0, 8))])).toEqual(TEST_VECTOR);
  });

  it('draws another list from another seed', () => {
    const a = drawInspection('seed-A', keys, { size: 5 }).items.map((i) => i.businessId);
    const b = drawInspection('seed-B', keys, { size: 5 }).items.map((i) => i.businessId);
    expect(b).not.toEqual(a);
  });

  it('lists D businesses first, with certainty, outside the random size', () => {
    const d = drawInspection('seed-A', keys, { size: 3 });
    expect(d.items).toHaveLength(4);
    expect(d.items[0]).toMatchObject({ businessId: businesses[10].id, stratum: 'D', certain: true });
    expect(d.items.slice(1).every((i) => !i.certain && i.stratum !== 'D')).toBe(true);
  });

  it('pairs two different officers with jurisdiction over the business, never a recused one', () => {
    for (let s = 0; s < 200; s++) {
      for (const item of drawInspection(`pairs-${s}`, keys, { ratePercent: 100 }).items) {
        const [x, y] = item.officerIds;
        expect(x).not.toBe(y);
        const b = businesses.find((bb) => bb.id === item.businessId)!;
        for (const o of item.officerIds) expect(b.agencyPath.startsWith(officers.find((oo) => oo.id === o)!.agencyPath)).toBe(true);
        if (b.id === businesses[0].id) expect(item.officerIds).not.toContain(officers[0].id);
      }
    }
  });

  it('finds businesses that cannot be given two officers', () => {
    const lone = business(99, 'B', `${CITY}00000000-0000-4000-8000-000000000009/`);
    expect(unpairable([...keys, businessKey(lone)])).toEqual([lone.id]);
    // A recusal can leave a business short too: two of 金东's two officers recused.
    const jdBusiness = businesses[2];
    expect(unpairable([...keys, recusalKey(officers[3].id, jdBusiness.id)])).toEqual([jdBusiness.id]);
    expect(unpairable(keys)).toEqual([]);
  });

  it('refuses keys it does not know and a business listed twice', () => {
    expect(() => parseFrame(['case:1'])).toThrow(RangeError);
    expect(() => parseFrame([businessKey(businesses[0]), businessKey({ ...businesses[0], stratum: 'C' })])).toThrow(/twice/);
  });
});

describe('stratification', () => {
  it('splits the size in proportion to N·f, rounded by largest remainder, capped at each stratum', () => {
    // Weights A 10·1, B 10·2, C 10·3 of 60: 10 → 1.67, 3.33, 5 → 1, 3, 5, and the largest remainder (A) gets the last.
    expect(allocate(10, { A: 10, B: 10, C: 10 })).toMatchObject({ A: 2, B: 3, C: 5 });
    // C is owed 2·3/5·… more than its 2 members: taken whole, the rest re-split over A and B.
    expect(allocate(8, { A: 10, B: 2, C: 2 })).toMatchObject({ A: 4, B: 2, C: 2 });
    expect(allocate(0, { A: 3 })).toMatchObject({ A: 0 });
    const big = allocate(37, { A: 50, B: 30, C: 20, U: 7 });
    expect(big.A + big.B + big.C + big.U).toBe(37);
  });

  it('sizes by rate or by the visits the period owes, never above the non-D businesses', () => {
    const counts = { A: 4, B: 3, C: 2, U: 1, D: 1 };
    expect(randomSizeOf(counts, { size: 50 })).toBe(10);
    expect(randomSizeOf(counts, { ratePercent: 25 })).toBe(3);
    // A quarter (91 days) of 4·1 + 3·2 + 2·3 + 1·2 = 18 visits a year: ⌈18·91/365⌉ = 5.
    expect(randomSizeOf(counts, { periodDays: 91 })).toBe(5);
  });

  it('makes a C business about three times as likely to be drawn as an A business', () => {
    const many = [...Array.from({ length: 30 }, (_, i) => business(100 + i, 'A')), ...Array.from({ length: 30 }, (_, i) => business(200 + i, 'C'))];
    const k = [...many.map(businessKey), officerKey(officers[0]), officerKey(officers[1])];
    const hits = { A: 0, C: 0 };
    for (let s = 0; s < 300; s++) for (const item of drawInspection(`strata-${s}`, k, { size: 8 }).items) hits[item.stratum as 'A' | 'C']++;
    // Every draw: 8 of weights 30 and 90 → A 2, C 6.
    expect(hits).toEqual({ A: 600, C: 1800 });
  });
});

/** Pinned once computed; a redraw elsewhere (same algorithm) must give the same. */
const TEST_VECTOR: [string, string, string[]][] = [
  ['b000000b', 'D', ['c0000002', 'c0000001']],
  ['b0000008', 'C', ['c0000002', 'c0000001']],
  ['b0000007', 'B', ['c0000002', 'c0000001']],
  ['b000000a', 'U', ['c0000003', 'c0000001']],
  ['b0000003', 'A', ['c0000004', 'c0000005']],
];
