import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../http/context.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import { roleMay, type RouteAccess } from '../../core/access/permissions.js';

/** 401 unless logged in ('session_expired' when a cookie came but is no longer valid); 403 unless the role holds the permission. */
export function gate(access: RouteAccess): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access !== 'public') {
      const user = c.get('user');
      if (!user) throw new AppError(getCookie(c, SESSION_COOKIE) ? 'session_expired' : 'unauthenticated', '');
      if (access !== 'account' && !roleMay(user.role, access)) throw new AppError('forbidden', '');
    }
    await next();
  };
}

/**
 * Every API route is declared here, with its permission and its schema: the permission gates the
 * route before its input is read, and both appear in /api/openapi.json (`x-permission`). The
 * service still asks `access.require()` for the record it touches (scope).
 */
export function route<R extends RouteConfig>(access: RouteAccess, config: R) {
  const security = access === 'public' ? [] : [{ session: [] }];
  return createRoute({ ...config, security, 'x-permission': access, middleware: [gate(access)] });
}
