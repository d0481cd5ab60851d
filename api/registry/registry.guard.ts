import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../http/request-context.js';
import type { BusinessRepository } from './business.repository.js';
import { REGISTRY_EDITORS, scopeOf } from './scope.js';

/** Loads a business the caller may see; 403 if it exists outside his scope, 404 if not at all. */
export async function businessInScope(repo: BusinessRepository, caller: Caller, id: string) {
  const b = await repo.get(scopeOf(caller.user), id);
  if (b) return b;
  if (await repo.exists(id)) throw new AppError('forbidden', '');
  throw new AppError('not_found', '');
}

export function assertEditor(caller: Caller, opts: { businessMayEdit?: boolean } = {}) {
  const role = caller.user.role;
  if ((REGISTRY_EDITORS as readonly string[]).includes(role)) return;
  if (opts.businessMayEdit && role === 'business') return;
  throw new AppError('forbidden', '');
}

/** The business a site or device belongs to, checked against the caller's scope. */
export async function ownerOf(db: Db, repo: BusinessRepository, caller: Caller, table: 'sites' | 'devices' | 'service_addresses', id: string) {
  const row = await db.selectFrom(table).select('business_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found', '');
  return businessInScope(repo, caller, row.business_id);
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (!constraint || err.constraint === constraint);
}
