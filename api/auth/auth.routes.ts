import { route } from '../access/access.route.js';
import { permissionsOf } from '../../core/access/permissions.js';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthUser } from '../http/context.js';
import { SESSION_COOKIE } from '../http/middleware.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { clientIp } from '../http/request-context.js';
import type { AuthService } from './auth.service.js';

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business']),
    agencyId: z.string().nullable(),
    agencyName: z.string().nullable(),
    businessId: z.string().nullable(),
    /** What the user may do, from the one permission table (the web shows only what it may). */
    permissions: z.array(z.string()),
  })
  .openapi('User');

const SessionSchema = z.object({ user: UserSchema, csrfToken: z.string() }).openapi('Session');

export function toUserDto(u: AuthUser) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, agencyId: u.agencyId, agencyName: u.agencyName, businessId: u.businessId, permissions: permissionsOf(u.role) };
}

export function authRoutes(deps: { auth: AuthService; resolve: (token: string) => Promise<AuthUser | null>; cookieSecure: boolean; ttlMs: number }) {
  const app = router();
  const tooMany = { 429: { ...errorResponses[401], description: 'Too many attempts' } };

  app.openapi(
    route('public', {
      method: 'post',
      path: '/login',
      tags: ['auth'],
      request: body(z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })),
      responses: { 200: json(SessionSchema, 'Logged in; sets the session cookie'), ...errorResponses, ...tooMany },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      let s;
      try {
        s = await deps.auth.login(username, password, { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') });
      } catch (e) {
        const retry = (e as { retryAfterS?: number }).retryAfterS;
        if (retry) c.header('retry-after', String(retry));
        throw e;
      }
      setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Lax', secure: deps.cookieSecure, path: '/', maxAge: Math.floor(deps.ttlMs / 1000) });
      const user = await deps.resolve(s.token);
      if (!user) throw new Error('session vanished right after login');
      return c.json({ user: toUserDto(user), csrfToken: s.csrfToken }, 200);
    },
  );

  app.openapi(
    route('account', { method: 'get', path: '/me', tags: ['auth'], responses: { 200: json(SessionSchema), ...errorResponses } }),
    (c) => {
      const user = c.get('user') as AuthUser;
      return c.json({ user: toUserDto(user), csrfToken: user.csrfToken }, 200);
    },
  );

  app.openapi(
    route('account', { method: 'post', path: '/logout', tags: ['auth'], responses: { 204: { description: 'Logged out' }, ...errorResponses } }),
    async (c) => {
      await deps.auth.logout(c.get('user') as AuthUser, { ip: clientIp(c), userAgent: null, requestId: c.get('requestId') });
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  app.openapi(
    route('account', {
      method: 'post',
      path: '/password',
      tags: ['auth'],
      request: body(z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) })),
      responses: { 204: { description: 'Password changed; other sessions ended' }, ...errorResponses },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      await deps.auth.changePassword(c.get('user') as AuthUser, currentPassword, newPassword, {
        ip: clientIp(c),
        userAgent: null,
        requestId: c.get('requestId'),
      });
      return c.body(null, 204);
    },
  );
  return app;
}
