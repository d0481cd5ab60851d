import { createHmac, timingSafeEqual } from 'node:crypto';
import { hashKey, keyPrefix } from './stream-key.js';

/**
 * Short-lived publish tickets: what a process that holds a stream key puts in its publisher's
 * RTMP URL instead of the key itself, so the long-lived key never appears on a command line
 * (`ps` shows every process's argv to every user). `vt_<key prefix>_<expiry, unix s>_<mac>`,
 * the mac an HMAC-SHA256 keyed by the SHA-256 of the key (what the platform stores) over the
 * device and the expiry. Valid for at most TICKET_MAX_S; the publish authority checks it.
 */
export const TICKET_MAX_S = 120;
const TICKET_RE = /^vt_([a-z2-9]{10})_(\d{10})_([A-Za-z0-9_-]{43})$/;

export type PublishTicket = { prefix: string; expiresAtS: number; mac: string };

function mac(keySha256: string, deviceId: string, expiresAtS: number): string {
  return createHmac('sha256', Buffer.from(keySha256, 'hex')).update(`vigil publish ticket\n${deviceId}\n${expiresAtS}`).digest('base64url');
}

/** A ticket for `key` to publish as `deviceId`, valid `ttlS` seconds (at most TICKET_MAX_S). */
export function publishTicket(key: string, deviceId: string, ttlS = 90, nowMs = Date.now()): string {
  const prefix = keyPrefix(key);
  if (!prefix) throw new Error('not a stream key');
  const expiresAtS = Math.floor(nowMs / 1000) + Math.min(ttlS, TICKET_MAX_S);
  return `vt_${prefix}_${expiresAtS}_${mac(hashKey(key), deviceId, expiresAtS)}`;
}

export function parseTicket(text: string): PublishTicket | null {
  const m = TICKET_RE.exec(text);
  return m ? { prefix: m[1], expiresAtS: Number(m[2]), mac: m[3] } : null;
}

/** Whether the ticket was made with the key whose SHA-256 is stored, for this device. */
export function ticketMatches(t: PublishTicket, keySha256: string, deviceId: string): boolean {
  const a = Buffer.from(mac(keySha256, deviceId, t.expiresAtS));
  const b = Buffer.from(t.mac);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 'expired', 'too_long' (made for longer than TICKET_MAX_S), or null while it is valid. */
export function ticketTimeProblem(t: PublishTicket, nowMs = Date.now()): 'expired' | 'too_long' | null {
  const now = nowMs / 1000;
  if (t.expiresAtS < now) return 'expired';
  if (t.expiresAtS > now + TICKET_MAX_S) return 'too_long';
  return null;
}
