import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from './context.js';
import { SESSION_COOKIE } from './middleware.js';

/** 401 unless logged in: 'session_expired' when a cookie was sent but no longer valid. */
export function requireUser(roles?: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    if (!user) throw new AppError(getCookie(c, SESSION_COOKIE) ? 'session_expired' : 'unauthenticated', '');
    if (roles && !roles.includes(user.role)) throw new AppError('forbidden', '');
    await next();
  };
}
