import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Six-digit one-time codes: 10 minutes, 5 tries, one use, 60 s between sends. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_RESEND_MS = 60_000;

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Bound to the code row's id, so a hash is useless for any other code. */
export function hashCode(codeId: string, code: string): string {
  return createHash('sha256').update(`${codeId}:${code}`).digest('hex');
}

export function codeMatches(codeId: string, code: string, stored: string): boolean {
  const a = Buffer.from(hashCode(codeId, code), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** z***@example.com, 138****0000: enough to recognise, not enough to harvest. */
export function maskAddress(channel: 'email' | 'sms', address: string): string {
  if (channel === 'email') {
    const [user, domain] = address.split('@');
    return `${user.slice(0, 1)}***@${domain ?? ''}`;
  }
  const digits = address.replace(/\s/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}
