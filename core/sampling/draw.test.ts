import { describe, expect, it } from 'vitest';
import { canonicalPopulation, drawSample, populationDigest, sampleSizeOf, seededStream, seedOf } from './draw.js';
import { scoreOf } from './checklist.js';

const population = Array.from({ length: 20 }, (_, i) => `case:${String(i).padStart(2, '0')}`);

describe('the sampling draw (vigil-sample-v1)', () => {
  it('matches the published test vector', () => {
    // Anyone redrawing with another SHA-256/HMAC must get these (see the algorithm in draw.ts).
    expect(seededStream('vigil').nextWord()).toBe(TEST_VECTOR.firstWord);
    expect(drawSample('plan-1|2026-12-31 双色球 03 08 15 21 27 30 + 11', population, 5).sample).toEqual(TEST_VECTOR.sample);
    expect(populationDigest(canonicalPopulation(population))).toBe(TEST_VECTOR.populationSha256);
  });

  it('draws the same sample from the same seed whatever the order of the population', () => {
    const a = drawSample('seed-A', population, 7).sample;
    const b = drawSample('seed-A', [...population].reverse().concat(population.slice(0, 3)), 7).sample;
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(7);
    for (const k of a) expect(population).toContain(k);
  });

  it('draws another sample from another seed', () => {
    expect(drawSample('seed-B', population, 7).sample).not.toEqual(drawSample('seed-A', population, 7).sample);
  });

  it('never draws more than the population, and the whole population in some order when asked for more', () => {
    const all = drawSample('seed-A', population.slice(0, 4), 10).sample;
    expect(all).toHaveLength(4);
    expect([...all].sort()).toEqual(population.slice(0, 4));
    expect(drawSample('seed-A', [], 3).sample).toEqual([]);
    expect(sampleSizeOf(4, { size: 10 })).toBe(4);
    expect(sampleSizeOf(41, { ratePercent: 10 })).toBe(5);
    expect(sampleSizeOf(0, { ratePercent: 50 })).toBe(0);
  });

  it('draws every index about equally often (rejection sampling, no modulo bias)', () => {
    const s = seededStream('uniformity');
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[s.uniform(3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });

  it('refuses keys that a redraw elsewhere could sort differently', () => {
    expect(() => canonicalPopulation(['case:案件'])).toThrow(RangeError);
    expect(() => canonicalPopulation(['case: 1'])).toThrow(RangeError);
  });

  it('builds the seed from the plan and the public value, trimmed', () => {
    expect(seedOf('p', ' 2026-12-31 ')).toBe('p|2026-12-31');
  });
});

describe('scores', () => {
  it('counts passes over applicable checks, leaving out not-applicable ones', () => {
    expect(scoreOf(['pass', 'pass', 'fail', 'na'])).toBe(66.7);
    expect(scoreOf(['na', 'na'])).toBeNull();
    expect(scoreOf(['pass'])).toBe(100);
  });
});

/**
 * The published test vector. The first word and the digest were also computed with openssl, outside this code:
 *   K=$(printf vigil | sha256sum | cut -c1-64)
 *   printf '\0\0\0\0\0\0\0\0' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K   → 0509a183… = 84517251
 *   for i in $(seq -w 0 19); do echo case:$i; done | sha256sum                       → ac9ce372…
 */
const TEST_VECTOR = {
  firstWord: 84517251,
  sample: ['case:06', 'case:07', 'case:17', 'case:15', 'case:10'],
  populationSha256: 'ac9ce372ff0058f972e3a94a6eb635a4185d957bdcd71ea1b19cf8dd2bb43d91',
};
