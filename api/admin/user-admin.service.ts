import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/connect.js';
import type { AgencyLevel, Role } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { userState } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { covers, escapeLike, scopeOf } from '../access/scope.js';

const CHILD_LEVEL: Record<AgencyLevel, AgencyLevel | null> = { province: 'city', city: 'district', district: null };

/** Admins manage agencies below theirs and the accounts in their subtree. */
export function createUserAdminService(db: Db, access: Access) {
  const assertAdmin = (caller: Caller) => access.assert(caller, 'user.admin');
  const inSubtree = (caller: Caller, path: string) => covers(scopeOf(caller.user), { businessId: null, agencyId: '', agencyPath: path });

  async function agencyInScope(caller: Caller, id: string) {
    const a = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw new AppError('validation_failed', '', [{ path: ['agencyId'], message: 'invalid' }]);
    if (!inSubtree(caller, a.path)) throw new AppError('forbidden', '');
    return a;
  }

  return {
    async createAgency(caller: Caller, input: { parentId: string; name: string; shortName: string; code: string; phone?: string | null }) {
      assertAdmin(caller);
      const parent = await agencyInScope(caller, input.parentId);
      const level = CHILD_LEVEL[parent.level];
      if (!level) throw new AppError('validation_failed', '', [{ path: ['parentId'], message: 'invalid' }]);
      const id = crypto.randomUUID();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('agencies')
          .values({ id, parent_id: parent.id, level, name: input.name, short_name: input.shortName, code: input.code, phone: input.phone ?? null, path: `${parent.path}${id}/` })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch((e: { code?: string }) => {
            if (e.code === '23505') throw new AppError('conflict', '', [{ path: ['code'], message: 'invalid' }]);
            throw e;
          });
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'agency.created', entityType: 'agency', entityId: id, state: row, requestId: caller.requestId });
        return row;
      });
    },

    async listUsers(caller: Caller) {
      assertAdmin(caller);
      const path = `${escapeLike(caller.user.agencyPath ?? '/__none__/')}%`;
      return db
        .selectFrom('users as u')
        .leftJoin('agencies as a', 'a.id', 'u.agency_id')
        .leftJoin('businesses as b', 'b.id', 'u.business_id')
        .leftJoin('agencies as ba', 'ba.id', 'b.agency_id')
        .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.agency_id', 'a.name as agency_name', 'u.business_id', 'b.name as business_name', 'u.status', 'u.created_at'])
        .where((eb) => eb.or([eb('a.path', 'like', path), eb('ba.path', 'like', path)]))
        .orderBy('u.username')
        .execute();
    },

    /** Creates an account with a one-time random password, returned once. */
    async createUser(caller: Caller, input: { username: string; displayName: string; role: Role; agencyId?: string | null; businessId?: string | null; certificateNo?: string | null; email?: string | null; phone?: string | null }) {
      assertAdmin(caller);
      if (input.role === 'business') {
        if (!input.businessId) throw new AppError('validation_failed', '', [{ path: ['businessId'], message: 'required' }]);
        const b = await db.selectFrom('businesses as b').innerJoin('agencies as a', 'a.id', 'b.agency_id').select('a.path').where('b.id', '=', input.businessId).executeTakeFirst();
        if (!b) throw new AppError('validation_failed', '', [{ path: ['businessId'], message: 'invalid' }]);
        if (!inSubtree(caller, b.path)) throw new AppError('forbidden', '');
      } else {
        if (!input.agencyId) throw new AppError('validation_failed', '', [{ path: ['agencyId'], message: 'required' }]);
        await agencyInScope(caller, input.agencyId);
      }
      const password = randomBytes(9).toString('base64url') + '7';
      const hash = await hashPassword(password);
      const user = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            username: input.username,
            display_name: input.displayName,
            password_hash: hash,
            role: input.role,
            agency_id: input.role === 'business' ? null : (input.agencyId ?? null),
            business_id: input.role === 'business' ? (input.businessId ?? null) : null,
            certificate_no: input.certificateNo ?? null,
            email: input.email ?? null,
            phone: input.phone ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch((e: { code?: string }) => {
            if (e.code === '23505') throw new AppError('conflict', '', [{ path: ['username'], message: 'invalid' }]);
            throw e;
          });
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'user.created', entityType: 'user', entityId: row.id, state: userState(row), requestId: caller.requestId });
        return row;
      });
      return { user, oneTimePassword: password };
    },

    async setStatus(caller: Caller, id: string, status: 'active' | 'disabled', reason: string) {
      assertAdmin(caller);
      if (id === caller.user.id) throw new AppError('conflict', '');
      const visible = (await this.listUsers(caller)).some((u) => u.id === id);
      if (!visible) throw new AppError((await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) ? 'forbidden' : 'not_found', '');
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('users')
          .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (status === 'disabled') await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
        await appendLedger(trx, { actor: actorOf(caller.user), action: status === 'disabled' ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: id, state: userState(row), requestId: caller.requestId, context: { reason } });
        return row;
      });
    },
  };
}
export type UserAdminService = ReturnType<typeof createUserAdminService>;
