import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { AuthUser } from '../http/context.js';

/** What part of the records a user may reach: an agency subtree, or one business. */
export type Scope = { kind: 'agency'; path: string } | { kind: 'business'; businessId: string };

/** Who owns a record: its business (if any) and the agency that supervises it. */
export type Owner = { businessId: string | null; agencyId: string; agencyPath: string };

const NONE = '00000000-0000-0000-0000-000000000000';

export function scopeOf(user: Pick<AuthUser, 'role' | 'businessId' | 'agencyPath'>): Scope {
  if (user.role === 'business') return { kind: 'business', businessId: user.businessId ?? NONE };
  return { kind: 'agency', path: user.agencyPath ?? '/__none__/' };
}

/** Whether a record of this owner lies inside the scope. */
export function covers(scope: Scope, owner: Owner): boolean {
  return scope.kind === 'business' ? owner.businessId === scope.businessId : owner.agencyPath.startsWith(scope.path);
}

/** A filter on a query that joins businesses as `b` and agencies as `a`. */
export function inScope(scope: Scope) {
  return (eb: ExpressionBuilder<Database & { b: Database['businesses']; a: Database['agencies'] }, 'b' | 'a'>) =>
    scope.kind === 'business' ? eb('b.id', '=', scope.businessId) : eb('a.path', 'like', `${escapeLike(scope.path)}%`);
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}
