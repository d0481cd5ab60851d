import { AppError } from '../../core/errors.js';
import type { AuthUser } from '../http/context.js';
import type { AccessRepository, Resource } from './access.repository.js';
import { can as roleCan, type Permission } from '../../core/access/permissions.js';
import { covers, scopeOf, type Owner, type Scope } from './scope.js';

type Who = { user: Pick<AuthUser, 'role' | 'businessId' | 'agencyPath'> };
const forbidden = () => new AppError('forbidden', '');

/**
 * The one place that decides who may see or do what (R12). A refusal is AppError 'forbidden',
 * which the API answers 403 and ledgers as `access.denied` (api/app.ts onError); a record that
 * does not exist is 'not_found'. Routes declare their permission (access.route.ts) and services
 * ask for the record they touch.
 */
export function createAccess(repo: AccessRepository) {
  const can = (caller: Who, permission: Permission): boolean => roleCan(caller, permission);

  return {
    can,

    /** The caller's role holds the permission, or 403. */
    assert(caller: Who, permission: Permission): void {
      if (!can(caller, permission)) throw forbidden();
    },

    /** The part of the records a list may show the caller, once the permission is checked. */
    scope(caller: Who, permission: Permission): Scope {
      if (!can(caller, permission)) throw forbidden();
      return scopeOf(caller.user);
    },

    /**
     * The caller holds the permission and the record lies in his scope (agency subtree or own
     * business): its owner, else 403 — or 404 when there is no such record.
     */
    async require(caller: Who, permission: Permission, resource: Resource): Promise<Owner> {
      if (!can(caller, permission)) throw forbidden();
      const owner = await repo.ownerOf(resource);
      if (!owner) throw new AppError('not_found', '');
      if (!covers(scopeOf(caller.user), owner)) throw forbidden();
      return owner;
    },

    /** A ledger entry's inclusion proof: entries about records in scope; platform entries to those who may. */
    async requireLedgerEntry(caller: Who, entryId: string): Promise<void> {
      if (!can(caller, 'ledger.proof')) throw forbidden();
      const entry = await repo.ledgerEntry(entryId);
      if (!entry) throw new AppError('not_found', '');
      if (entry.owner ? !covers(scopeOf(caller.user), entry.owner) : !can(caller, 'ledger.platform')) throw forbidden();
    },
  };
}
export type Access = ReturnType<typeof createAccess>;
