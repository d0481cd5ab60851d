import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { scopeOf } from '../access/scope.js';
import type { FlagCursor, FlagFilter, FlagRepository } from './flag.repository.js';

/**
 * Flags (suspected violations and camera tampering), written by the analyzer and read here
 * by staff of the flag's agency subtree. Read only: review comes with issue 6.
 */
export function createFlagService(deps: { db: Db; repo: FlagRepository; access: Access }) {
  const { repo, access } = deps;

  /** A flag the caller may see: 403 outside his subtree, 404 when there is none. */
  async function flagFor(caller: Caller, flagId: string) {
    await access.require(caller, 'flag.read', { kind: 'flag', id: flagId });
    const f = await repo.get(scopeOf(caller.user), flagId);
    if (!f) throw new AppError('forbidden', ''); // in scope, but not visible to this caller (e.g. a draft)
    return f;
  }

  return {
    flagFor,

    async list(caller: Caller, filter: FlagFilter, limit: number, cursor: FlagCursor | null) {
      const scope = access.scope(caller, 'flag.read');
      const [rows, counts] = await Promise.all([repo.list(scope, filter, limit, cursor), repo.counts(scope, filter)]);
      const more = rows.length > limit;
      return { rows: more ? rows.slice(0, limit) : rows, more, counts };
    },

    async detail(caller: Caller, flagId: string) {
      const f = await flagFor(caller, flagId);
      const [rule, segments, clips] = await Promise.all([f.rule_id !== null && f.rule_version !== null ? repo.ruleVersion(f.rule_id, f.rule_version) : Promise.resolve(undefined), repo.segments(flagId), repo.clips(flagId)]);
      return { flag: f, rule: rule ?? null, segments, clips };
    },

    /** The blob of the flag's clip: a given version (each stays as it was cut), or the newest. */
    async clipSha256(caller: Caller, flagId: string, version: number | undefined) {
      const f = await flagFor(caller, flagId);
      return { flag: f, sha256: version === undefined ? f.clip_sha256 : await repo.clipSha256(f.id, version) };
    },

    mediaTypeOf: (sha256: string) => repo.blobMediaType(sha256),
  };
}
export type FlagService = ReturnType<typeof createFlagService>;
