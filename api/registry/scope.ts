import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../core/db/database.js';
import type { AuthUser } from '../http/context.js';

/** What part of the registry a user may see: an agency subtree, or one business. */
export type Scope = { kind: 'agency'; path: string } | { kind: 'business'; businessId: string };

export function scopeOf(user: AuthUser): Scope {
  if (user.role === 'business') return { kind: 'business', businessId: user.businessId ?? '00000000-0000-0000-0000-000000000000' };
  return { kind: 'agency', path: user.agencyPath ?? '/__none__/' };
}

/** A filter on a query that joins businesses as `b` and agencies as `a`. */
export function inScope(scope: Scope) {
  return (eb: ExpressionBuilder<Database & { b: Database['businesses']; a: Database['agencies'] }, 'b' | 'a'>) =>
    scope.kind === 'business' ? eb('b.id', '=', scope.businessId) : eb('a.path', 'like', `${escapeLike(scope.path)}%`);
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

export const STAFF_ROLES = ['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin'] as const;
/** Roles that may register and edit businesses, sites and devices. */
export const REGISTRY_EDITORS = ['officer', 'admin'] as const;
