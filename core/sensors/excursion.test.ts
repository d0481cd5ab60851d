import { describe, expect, it } from 'vitest';
import { currentExcursion, EXCURSION_SUSTAIN_MS } from './excursion.js';
import { limitsFor, outOfRange } from './quantities.js';

const pool = limitsFor('public_place', 'free_chlorine');
const t0 = new Date('2026-12-05T08:00:00+08:00').getTime();
const series = (values: number[], stepMin = 5) => values.map((value, i) => ({ at: new Date(t0 + i * stepMin * 60_000), value }));

describe('free chlorine in pool water (GB 37488-2019: 0.3–1.0 mg/L)', () => {
  it('knows the limits', () => {
    expect(outOfRange(0.29, pool)).toBe(true);
    expect(outOfRange(0.3, pool)).toBe(false);
    expect(outOfRange(1.0, pool)).toBe(false);
    expect(outOfRange(1.01, pool)).toBe(true);
  });

  it('a single low reading is not sustained', () => {
    const e = currentExcursion(series([0.5, 0.5, 0.1]), pool);
    expect(e.run).toHaveLength(1);
    expect(e.sustained).toBe(false);
  });

  it('three low readings over ten minutes are sustained; the worst is the lowest', () => {
    const e = currentExcursion(series([0.5, 0.2, 0.1, 0.15]), pool);
    expect(e.run.map((p) => p.value)).toEqual([0.2, 0.1, 0.15]);
    expect(e.sustained).toBe(true);
    expect(e.worst?.value).toBe(0.1);
  });

  it('many readings within a few minutes are not yet sustained', () => {
    expect(currentExcursion(series([0.1, 0.1, 0.1, 0.1], 1), pool).sustained).toBe(false);
    expect(currentExcursion(series([0.1, 0.1, 0.1], EXCURSION_SUSTAIN_MS / 2 / 60_000), pool).sustained).toBe(true);
  });

  it('a reading back in range ends the run; high and low both count', () => {
    expect(currentExcursion(series([0.1, 0.1, 0.1, 0.6]), pool).run).toHaveLength(0);
    expect(currentExcursion(series([1.5, 2.5, 1.2]), pool)).toMatchObject({ sustained: true, worst: { value: 2.5 } });
  });
});

describe('turbidity has only an upper limit', () => {
  it('is judged against 1 NTU', () => {
    const l = limitsFor('water_supply', 'turbidity');
    expect(l.min).toBeNull();
    expect(currentExcursion(series([0, 0.2, 0.9]), l).run).toHaveLength(0);
    expect(currentExcursion(series([3, 4, 5]), l).sustained).toBe(true);
  });
});
