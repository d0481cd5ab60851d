import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/connect.js';
import type { AuthUser } from '../http/context.js';

export type SessionService = ReturnType<typeof createSessionService>;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Server-side sessions: the cookie holds a random token; the table holds only its hash. */
export function createSessionService(db: Db, ttlMs: number) {
  return {
    /** Creates a session inside the caller's transaction (so the login and its ledger entry commit together). */
    async create(trx: Db, userId: string, meta: { ip: string | null; userAgent: string | null }) {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      await trx
        .insertInto('sessions')
        .values({
          id: hashToken(token),
          user_id: userId,
          csrf_token: csrfToken,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 500) ?? null,
          expires_at: new Date(Date.now() + ttlMs),
        })
        .execute();
      return { token, csrfToken, sessionId: hashToken(token) };
    },

    /** The signed-in user for a cookie token, or null if unknown, revoked, expired or disabled. */
    async resolve(token: string): Promise<AuthUser | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const id = hashToken(token);
      const row = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .leftJoin('agencies as a', 'a.id', 'u.agency_id')
        .select([
          's.id as sessionId',
          's.csrf_token as csrfToken',
          's.last_seen_at as lastSeen',
          'u.id',
          'u.username',
          'u.display_name as displayName',
          'u.role',
          'u.agency_id as agencyId',
          'a.name as agencyName',
          'a.path as agencyPath',
          'u.business_id as businessId',
        ])
        .where('s.id', '=', id)
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', new Date())
        .where('u.status', '=', 'active')
        .executeTakeFirst();
      if (!row) return null;
      if (Date.now() - row.lastSeen.getTime() > 60_000) {
        await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
      }
      const { lastSeen: _seen, ...user } = row;
      void _seen;
      return user;
    },

    /** Of these sessions, the ones still valid now (not revoked, not expired, user active). */
    async stillValid(sessionIds: string[]): Promise<Set<string>> {
      if (!sessionIds.length) return new Set();
      const rows = await db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select('s.id')
        .where('s.id', 'in', sessionIds)
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', new Date())
        .where('u.status', '=', 'active')
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    async revoke(sessionId: string) {
      await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute();
    },

    /** After a password change every other session of the user ends. */
    async revokeOthers(userId: string, keepSessionId: string) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', userId)
        .where('id', '!=', keepSessionId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
