import { describe, expect, it } from 'vitest';
import { usccCheckChar, usccProblem } from './uscc.js';

describe('unified social credit code (GB 32100)', () => {
  it('accepts published valid codes', () => {
    // Codes printed on public business licences / the standard's worked example.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T']) {
      expect(usccProblem(code)).toBeNull();
    }
  });
  it('rejects a wrong check character', () => {
    expect(usccProblem('91350100M000100Y44')).toBe('check');
    expect(usccProblem('91110000802100433C')).toBe('check');
  });
  it('rejects bad length and letters outside the alphabet', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100I43')).toBe('charset');
    expect(usccProblem('91350100m000100y43')).toBe('charset');
  });
  it('computes check characters that make a code valid', () => {
    const body = '91330702MA2HXXXXX'.replace(/X/g, '1');
    const code = body + usccCheckChar(body);
    expect(usccProblem(code)).toBeNull();
  });
});
