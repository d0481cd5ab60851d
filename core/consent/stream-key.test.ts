import { describe, expect, it } from 'vitest';
import { hashKey, keyMatches, keyPrefix, newStreamKey } from './stream-key.js';

describe('stream keys', () => {
  it('are well formed, unique, and only their hash matches', () => {
    const a = newStreamKey();
    const b = newStreamKey();
    expect(a.key).not.toBe(b.key);
    expect(keyPrefix(a.key)).toBe(a.prefix);
    expect(a.sha256).toBe(hashKey(a.key));
    expect(keyMatches(a.key, a.sha256)).toBe(true);
    expect(keyMatches(b.key, a.sha256)).toBe(false);
  });

  it('malformed keys have no prefix', () => {
    const { key } = newStreamKey();
    for (const bad of ['', 'vk_', key.slice(0, -1), `${key}x`, key.replace('vk_', 'xk_'), key.toUpperCase(), `vk_abc_${'a'.repeat(32)}`]) {
      expect(keyPrefix(bad)).toBeNull();
    }
  });
});
