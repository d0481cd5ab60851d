import { AppError } from '../../core/errors.js';
import type { AuthUser } from '../http/context.js';
import type { AccessRepository, GrantedRecord, Resource } from './access.repository.js';
import { GRANT_REFUSALS, grantRefusal, type Refusal } from '../../core/access/grant-rules.js';
import { can as roleCan, type Permission } from '../../core/access/permissions.js';
import { covers, scopeOf, type Owner, type Scope } from './scope.js';

type Who = { user: Pick<AuthUser, 'role' | 'businessId' | 'agencyPath'> };
const forbidden = () => new AppError('forbidden', '');
/** A 403 that names its rule (ledgered as access.denied like every refusal). */
const refused = (r: Refusal) => new AppError('forbidden', r.message, undefined, { ...r });

/**
 * The one place that decides who may see or do what (R12). A refusal is AppError 'forbidden',
 * which the API answers 403 and ledgers as `access.denied` (api/app.ts onError); a record that
 * does not exist is 'not_found'. Routes declare their permission (access.route.ts) and services
 * ask for the record they touch.
 */
export function createAccess(repo: AccessRepository, clock: () => Date = () => new Date()) {
  const can = (caller: Who, permission: Permission): boolean => roleCan(caller, permission);

  return {
    can,

    /**
     * Who owns a record, with no scope check: only to send a request for access (调用单) to the
     * unit that owns the record. The caller learns only that the record exists.
     */
    ownerOf: (resource: Resource): Promise<Owner | null> => repo.ownerOf(resource),

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
     * A list's scope narrowed to a region (issue 16: the dashboard's drill-downs): the agency's
     * subtree when it lies in the caller's scope, else 403 (404 when there is no such agency);
     * without a region, the caller's whole scope.
     */
    async regionScope(caller: Who, permission: Permission, regionId: string | undefined): Promise<Scope> {
      const scope = this.scope(caller, permission);
      if (!regionId) return scope;
      const owner = await repo.ownerOf({ kind: 'agency', id: regionId });
      if (!owner) throw new AppError('not_found', '');
      if (!covers(scope, owner)) throw new AppError('forbidden', '该辖区不在您的管辖范围内 (this region is outside your jurisdiction)');
      return { kind: 'agency', path: owner.agencyPath };
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

    /**
     * A read of a record (a stretch of a device's recording, a case, a document): the caller holds
     * the permission, and the record lies in his scope — or, outside it, he holds an approved
     * access grant (调用单) valid now that covers it (for a device: the whole stretch read inside
     * the grant's window). Returns the owner and the grant's id (null when read in one's own
     * scope), so the read is logged under the grant; else 403 naming the rule, or 404.
     *
     * For the records read path (api/records): call it for every read of a record, store
     * `grantId` on the read's log row and ledger context, and when a later read re-serves what
     * an earlier one prepared (a playback file, an export), check the grant again with
     * requireGrant(caller, grantId): a grant is checked at every use, so a revoked or expired
     * one stops reads at once.
     */
    async requireRecord(caller: Who & { user: { id: string } }, permission: Permission, record: GrantedRecord): Promise<{ owner: Owner; grantId: string | null }> {
      if (!can(caller, permission)) throw forbidden();
      const owner = await repo.ownerOf({ kind: record.kind, id: record.id });
      if (!owner) throw new AppError('not_found', '');
      if (covers(scopeOf(caller.user), owner)) return { owner, grantId: null };
      if (caller.user.role === 'business') throw forbidden();
      const grant = await repo.activeGrant(caller.user.id, record, clock());
      if (!grant) throw refused(GRANT_REFUSALS.no_grant);
      return { owner, grantId: grant.id };
    },

    /**
     * The head (负责人) of the unit that owns something decides what is asked of it: the caller
     * holds the approving permission, is not the one who asked (when someone asked), and belongs to
     * the owning agency or one above it — else 403 naming the rule the caller's module gives. The
     * one rule of the 调用单 (api/access-requests), holds (api/holds) and publications
     * (api/disclosure): 001 §24, §26; 002-音像 §25, §29; 004 附表2 第十一条.
     */
    async requireOwningHead(caller: Who & { user: { id: string } }, input: { permission: Permission; ownerAgencyId: string; requesterId?: string | null; refusals: { self_approval: Refusal; not_owning_unit: Refusal } }): Promise<void> {
      if (input.requesterId && input.requesterId === caller.user.id) throw refused(input.refusals.self_approval);
      if (!can(caller, input.permission)) throw forbidden();
      const owner = await repo.ownerOf({ kind: 'agency', id: input.ownerAgencyId });
      if (!owner || !caller.user.agencyPath || !owner.agencyPath.startsWith(caller.user.agencyPath)) throw refused(input.refusals.not_owning_unit);
    },

    /** A grant the caller read under is still his and valid now (approved, not revoked, not expired), else 403 naming why. */
    async requireGrant(caller: Who & { user: { id: string } }, grantId: string): Promise<void> {
      const g = await repo.grant(grantId);
      if (!g || g.requester_id !== caller.user.id || g.purpose !== 'access') throw refused(GRANT_REFUSALS.no_grant);
      const why = grantRefusal({ status: g.status, valid_from: g.valid_from ? new Date(g.valid_from) : null, valid_until: g.valid_until ? new Date(g.valid_until) : null }, clock());
      if (why) throw refused(why);
    },

    /**
     * The part of the read log (record_reads) an audit reader may search: null for the whole
     * platform ('audit.read_all'), else his scope ('audit.read': the agency subtree whose records
     * were read); 403 without either.
     */
    auditScope(caller: Who): Scope | null {
      if (can(caller, 'audit.read_all')) return null;
      if (!can(caller, 'audit.read')) throw forbidden();
      return scopeOf(caller.user);
    },

    /** The trail of a record owned here may be shown to the caller (a record no agency owns: 'audit.read_all' only), else 403. */
    requireAuditOf(caller: Who, owner: { agencyPath: string } | null): void {
      if (can(caller, 'audit.read_all')) return;
      if (!can(caller, 'audit.read') || !owner) throw forbidden();
      const scope = scopeOf(caller.user);
      if (scope.kind !== 'agency' || !owner.agencyPath.startsWith(scope.path)) throw forbidden();
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
