import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Per-device publish keys: `vk_<prefix>_<secret>`. The prefix (10 base32 characters) finds the
 * credential row; only the SHA-256 of the whole key is stored. 160 random bits in the secret.
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const KEY_RE = /^vk_([a-z2-9]{10})_([A-Za-z0-9_-]{32})$/;

function randomText(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

export type NewStreamKey = { key: string; prefix: string; sha256: string };

export function newStreamKey(): NewStreamKey {
  const prefix = randomText(10);
  const key = `vk_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, sha256: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The prefix of a well-formed key, or null. */
export function keyPrefix(key: string): string | null {
  const m = KEY_RE.exec(key);
  return m ? m[1] : null;
}

export function keyMatches(key: string, storedSha256: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedSha256, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
