import { randomBytes } from 'node:crypto';
import type { Db } from '../../core/db/connect.js';
import type { AgencyLevel, Role } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { userState } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { covers, scopeOf } from '../access/scope.js';
import { createUserAdminRepository } from './user-admin.repository.js';

const CHILD_LEVEL: Record<AgencyLevel, AgencyLevel | null> = { province: 'city', city: 'district', district: null };
const field = (path: string, message: string) => [{ path: [path], message }];
const unique = (path: string, id: string) => (e: { code?: string }) => {
  if (e.code === '23505') throw new AppError('conflict', '', field(path, id));
  throw e;
};
/** A one-time password: 12 random base64url characters and a digit (meets password.weak's rule). */
const oneTimePassword = () => randomBytes(9).toString('base64url') + String(randomBytes(1)[0]! % 10);

export type UserChange = { displayName?: string; role?: Role; agencyId?: string; email?: string | null; phone?: string | null; certificateNo?: string | null; version: number };

/**
 * Admins manage agencies below theirs and the accounts in their subtree. Every change is ledgered
 * in its transaction (the state it leaves, who, why), and the ledger is the audit shown on each page.
 */
export function createUserAdminService(db: Db, access: Access) {
  const repo = createUserAdminRepository(db);
  const assertAdmin = (caller: Caller) => access.assert(caller, 'user.admin');
  const assertAgencyAdmin = (caller: Caller) => access.assert(caller, 'agency.admin');
  const inSubtree = (caller: Caller, path: string) => covers(scopeOf(caller.user), { businessId: null, agencyId: '', agencyPath: path });
  const subtree = (caller: Caller) => caller.user.agencyPath ?? '/__none__/';

  async function agencyInScope(caller: Caller, id: string, path = 'agencyId') {
    const a = await repo.agency(id);
    if (!a) throw new AppError('validation_failed', '', field(path, 'agency.unknown'));
    if (!inSubtree(caller, a.path)) throw new AppError('forbidden', '');
    return a;
  }

  /** The account, if the caller administers it: 404 when there is none, 403 outside his subtree. */
  async function visibleUser(caller: Caller, id: string) {
    const [row] = await repo.listUsers(subtree(caller), id);
    if (!row) throw new AppError((await repo.user(id)) ? 'forbidden' : 'not_found', '');
    return row;
  }

  return {
    async createAgency(caller: Caller, input: { parentId: string; name: string; shortName: string; code: string; phone?: string | null; areaAbbreviation?: string }) {
      assertAgencyAdmin(caller);
      const parent = await agencyInScope(caller, input.parentId, 'parentId');
      const level = CHILD_LEVEL[parent.level];
      if (!level) throw new AppError('validation_failed', '', field('parentId', 'agency.no_lower_level'));
      const id = crypto.randomUUID();
      return db.transaction().execute(async (trx) => {
        const row = await repo
          .insertAgency(trx, { id, parent_id: parent.id, level, name: input.name, short_name: input.shortName, code: input.code, phone: input.phone ?? null, path: `${parent.path}${id}/`, ...(input.areaAbbreviation !== undefined && { area_abbreviation: input.areaAbbreviation }) })
          .catch(unique('code', 'agency.code_taken'));
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'agency.created', entityType: 'agency', entityId: id, state: row, requestId: caller.requestId });
        return row;
      });
    },

    /** Renames an agency (its name, short name, or the 区域简称 its 文号 start with). */
    async updateAgency(caller: Caller, id: string, input: { name?: string; shortName?: string; phone?: string | null; areaAbbreviation?: string; reason: string }) {
      assertAgencyAdmin(caller);
      await agencyInScope(caller, id, 'id');
      return db.transaction().execute(async (trx) => {
        const row = await repo.updateAgency(trx, id, { ...(input.name !== undefined && { name: input.name }), ...(input.shortName !== undefined && { short_name: input.shortName }), ...(input.phone !== undefined && { phone: input.phone }), ...(input.areaAbbreviation !== undefined && { area_abbreviation: input.areaAbbreviation }) });
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'agency.updated', entityType: 'agency', entityId: id, state: row, requestId: caller.requestId, context: { reason: input.reason } });
        return row;
      });
    },

    async agencyHistory(caller: Caller, id: string) {
      assertAgencyAdmin(caller);
      const a = await repo.agency(id);
      if (!a) throw new AppError('not_found', '');
      if (!inSubtree(caller, a.path)) throw new AppError('forbidden', '');
      return repo.history('agency', id);
    },

    async listUsers(caller: Caller) {
      assertAdmin(caller);
      return repo.listUsers(subtree(caller));
    },

    async getUser(caller: Caller, id: string) {
      assertAdmin(caller);
      return visibleUser(caller, id);
    },

    async userHistory(caller: Caller, id: string) {
      assertAdmin(caller);
      await visibleUser(caller, id);
      return repo.history('user', id);
    },

    /** Creates an account with a one-time random password, returned once. */
    async createUser(caller: Caller, input: { username: string; displayName: string; role: Role; agencyId?: string | null; businessId?: string | null; certificateNo?: string | null; email?: string | null; phone?: string | null }) {
      assertAdmin(caller);
      if (input.role === 'business') {
        if (!input.businessId) throw new AppError('validation_failed', '', field('businessId', 'required'));
        const b = await repo.businessAgencyPath(input.businessId);
        if (!b) throw new AppError('validation_failed', '', field('businessId', 'invalid_id'));
        if (!inSubtree(caller, b.path)) throw new AppError('forbidden', '');
      } else {
        if (!input.agencyId) throw new AppError('validation_failed', '', field('agencyId', 'required'));
        await agencyInScope(caller, input.agencyId);
      }
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      const user = await db.transaction().execute(async (trx) => {
        const row = await repo
          .insertUser(trx, {
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
          .catch(unique('username', 'user.username_taken'));
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'user.created', entityType: 'user', entityId: row.id, state: userState(row), requestId: caller.requestId });
        return row;
      });
      return { user, oneTimePassword: password };
    },

    /**
     * Changes a staff account's name, role or agency (a business account stays a business account:
     * its business is who it speaks for). A changed role or agency ends the account's sessions, so
     * its permissions and scope are never those of before.
     */
    async updateUser(caller: Caller, id: string, input: UserChange & { reason: string }) {
      assertAdmin(caller);
      const before = await visibleUser(caller, id);
      if (id === caller.user.id && ((input.role && input.role !== before.role) || (input.agencyId && input.agencyId !== before.agency_id))) throw new AppError('conflict', '', field('role', 'user.not_self'));
      if (input.role && (input.role === 'business') !== (before.role === 'business')) throw new AppError('validation_failed', '', field('role', 'invalid_choice'));
      if (input.agencyId) {
        if (before.role === 'business') throw new AppError('validation_failed', '', field('agencyId', 'invalid'));
        await agencyInScope(caller, input.agencyId);
      }
      return db.transaction().execute(async (trx) => {
        const row = await repo.updateUser(
          trx,
          id,
          {
            ...(input.displayName !== undefined && { display_name: input.displayName }),
            ...(input.role !== undefined && { role: input.role }),
            ...(input.agencyId !== undefined && { agency_id: input.agencyId }),
            ...(input.email !== undefined && { email: input.email }),
            ...(input.phone !== undefined && { phone: input.phone }),
            ...(input.certificateNo !== undefined && { certificate_no: input.certificateNo }),
          },
          input.version,
        );
        if (!row) throw new AppError('version_conflict', '');
        const scopeChanged = row.role !== before.role || row.agency_id !== before.agency_id;
        if (scopeChanged) await repo.revokeSessions(trx, id);
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'user.updated', entityType: 'user', entityId: id, state: userState(row), requestId: caller.requestId, context: { reason: input.reason, sessionsEnded: scopeChanged } });
        return row;
      });
    },

    async setStatus(caller: Caller, id: string, status: 'active' | 'disabled', reason: string) {
      assertAdmin(caller);
      if (id === caller.user.id) throw new AppError('conflict', 'user.not_self');
      await visibleUser(caller, id);
      return db.transaction().execute(async (trx) => {
        const row = (await repo.updateUser(trx, id, { status }))!;
        if (status === 'disabled') await repo.revokeSessions(trx, id);
        await appendLedger(trx, { actor: actorOf(caller.user), action: status === 'disabled' ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: id, state: userState(row), requestId: caller.requestId, context: { reason } });
        return row;
      });
    },

    /** A new one-time password (shown once to the admin); the old one stops working and every session ends. */
    async resetPassword(caller: Caller, id: string, reason: string) {
      assertAdmin(caller);
      if (id === caller.user.id) throw new AppError('conflict', 'user.not_self');
      await visibleUser(caller, id);
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      const user = await db.transaction().execute(async (trx) => {
        const row = (await repo.updateUser(trx, id, { password_hash: hash, password_changed_at: new Date() }))!;
        await repo.revokeSessions(trx, id);
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'user.password_reset', entityType: 'user', entityId: id, state: userState(row), requestId: caller.requestId, context: { reason } });
        return row;
      });
      return { user, oneTimePassword: password };
    },
  };
}
export type UserAdminService = ReturnType<typeof createUserAdminService>;
