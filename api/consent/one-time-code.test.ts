import { describe, expect, it } from 'vitest';
import { codeMatches, hashCode, maskAddress, newCode } from './one-time-code.js';

describe('one-time codes', () => {
  it('are six digits and match only their own row and code', () => {
    const code = newCode();
    expect(code).toMatch(/^\d{6}$/);
    const h = hashCode('row-1', code);
    expect(codeMatches('row-1', code, h)).toBe(true);
    expect(codeMatches('row-2', code, h)).toBe(false);
    expect(codeMatches('row-1', code === '000000' ? '000001' : '000000', h)).toBe(false);
  });

  it('masks addresses', () => {
    expect(maskAddress('email', 'zhang.san@example.com')).toBe('z***@example.com');
    expect(maskAddress('sms', '13812340000')).toBe('138****0000');
  });
});
