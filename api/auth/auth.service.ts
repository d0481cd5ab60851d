import type { EventBus } from '../../core/events.js';
import { AppError } from '../../core/errors.js';
import type { Db } from '../../core/db/connect.js';
import type { User } from '../../core/db/database.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { AuthUser } from '../http/context.js';
import type { DenialLedger } from './denial-ledger.js';
import type { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, hashPassword, isStrongPassword, verifyPassword } from './password.js';
import type { SessionService } from './session.service.js';

export type AuthService = ReturnType<typeof createAuthService>;

/** The user as the ledger sees it: never the password hash. */
export function userState(u: User) {
  const { password_hash: _h, ...rest } = u;
  void _h;
  return rest;
}

type Meta = { ip: string | null; userAgent: string | null; requestId: string };

export function createAuthService(deps: { db: Db; sessions: SessionService; throttle: LoginThrottle; denials: DenialLedger; events?: EventBus }) {
  const { db, sessions, throttle, denials } = deps;

  return {
    async login(usernameRaw: string, password: string, meta: Meta) {
      const username = usernameRaw.trim().toLowerCase();
      const wait = throttle.retryAfterMs(username, meta.ip);
      if (wait > 0) {
        // Counted, and ledgered once per account and address per window (not once per attempt).
        denials.record({ action: 'auth.login_throttled', account: username, address: meta.ip, requestId: meta.requestId });
        throw Object.assign(new AppError('rate_limited', ''), { retryAfterS: Math.ceil(wait / 1000) });
      }
      const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      const ok = user ? await verifyPassword(password, user.password_hash) : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
      if (!user || !ok || user.status !== 'active') {
        throttle.recordFailure(username, meta.ip);
        await appendLedger(db, {
          actor: { type: 'anonymous' },
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          state: null,
          requestId: meta.requestId,
          context: { username, ip: meta.ip, reason: !user ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled' },
        });
        throw new AppError('invalid_credentials', '');
      }
      throttle.recordSuccess(username, meta.ip);
      return db.transaction().execute(async (trx) => {
        const s = await sessions.create(trx, user.id, meta);
        await appendLedger(trx, {
          actor: { type: 'user', id: user.id },
          action: 'auth.login',
          entityType: 'session',
          entityId: s.sessionId,
          state: { userId: user.id, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 500) ?? null },
          requestId: meta.requestId,
        });
        return s;
      });
    },

    async logout(user: AuthUser, meta: Meta) {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', user.sessionId).execute();
        await appendLedger(trx, {
          actor: { type: 'user', id: user.id },
          action: 'auth.logout',
          entityType: 'session',
          entityId: user.sessionId,
          state: { revoked: true },
          requestId: meta.requestId,
        });
      });
      // Live sockets of this session stop at once (others: the socket server's session sweep).
      deps.events?.emit('session:ended', { sessionId: user.sessionId });
    },

    async changePassword(user: AuthUser, current: string, next: string, meta: Meta) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(current, row.password_hash))) {
        throw new AppError('validation_failed', '', [{ path: ['currentPassword'], message: 'password.wrong' }]);
      }
      if (!isStrongPassword(next)) throw new AppError('validation_failed', '', [{ path: ['newPassword'], message: 'password.weak' }]);
      const hash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set((eb) => ({ password_hash: hash, password_changed_at: new Date(), updated_at: new Date(), version: eb('version', '+', 1) }))
          .where('id', '=', user.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, {
          actor: { type: 'user', id: user.id },
          action: 'user.password_changed',
          entityType: 'user',
          entityId: user.id,
          state: userState(updated),
          requestId: meta.requestId,
        });
      });
      await sessions.revokeOthers(user.id, user.sessionId);
    },
  };
}
