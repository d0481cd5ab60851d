import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Actor } from '../../core/ledger/append.js';
import { normalizeIp } from './client-address.js';
import type { AppEnv, AuthUser } from './context.js';

/** What a service needs to know about who asks: for scoping and for the ledger entry. */
export type Caller = {
  user: AuthUser;
  requestId: string;
  ip: string | null;
};

/** The direct peer of the connection (a proxy, when there is one); null when there is no socket. */
export function peerAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/**
 * The client's address: every reader of it goes through here. requestContext() resolves it
 * once per request, believing X-Forwarded-For only from trusted proxies (TRUST_PROXY).
 */
export function clientIp(c: Context<AppEnv>): string | null {
  const resolved = c.get('clientIp');
  return resolved === undefined ? normalizeIp(peerAddress(c)) : resolved;
}

export function callerOf(c: Context<AppEnv>): Caller {
  const user = c.get('user');
  if (!user) throw new Error('callerOf used on an unauthenticated route');
  return { user, requestId: c.get('requestId'), ip: clientIp(c) };
}

export function actorOf(user: AuthUser): Actor {
  return { type: 'user', id: user.id };
}
