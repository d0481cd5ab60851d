import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { SessionService } from '../auth/session.service.js';
import { clientAddressResolver, type ClientAddressResolver } from './client-address.js';
import type { AppEnv } from './context.js';
import { pickLang } from './i18n.js';
import { peerAddress } from './request-context.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Request id (from a sane x-request-id or new), language, client address, child logger, access log. */
export function requestContext(log: Logger, resolveClient: ClientAddressResolver = clientAddressResolver({ kind: 'none' })): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    c.set('lang', pickLang(c.req.header('accept-language')));
    c.set('user', null);
    c.set('clientIp', resolveClient(peerAddress(c), c.req.header('x-forwarded-for')));
    const child = log.child({ requestId });
    c.set('log', child);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const level = c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'warn' : 'debug';
    child[level]({ method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'request');
  };
}

/** Loads the session from its cookie; refuses a missing CSRF token on state-changing requests. */
export function sessionLoader(sessions: SessionService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const user = await sessions.resolve(token);
      if (user) c.set('user', user);
      else c.set('user', null);
    }
    const user = c.get('user');
    const method = c.req.method;
    if (user && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
      if (c.req.header(CSRF_HEADER) !== user.csrfToken) throw new AppError('csrf_failed', '');
    }
    await next();
  };
}

/** Security headers for every response. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.header('x-content-type-options', 'nosniff');
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'same-origin');
  c.header(
    'content-security-policy',
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; media-src 'self' blob:; worker-src 'self' blob:; frame-ancestors 'none'",
  );
};
