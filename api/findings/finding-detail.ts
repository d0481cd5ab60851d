import type { Kysely } from 'kysely';
import { can } from '../../core/access/permissions.js';
import type { Database } from '../../core/db/database.js';
import type { Caller } from '../http/request-context.js';
import { disputeDeadlines } from './dispute-deadline.js';
import { DECISIONS, decisionsOpenTo } from './finding-decision.service.js';
import { STEP_KINDS, toFindingDetail, toFindingListItem } from './finding.dto.js';
import type { FindingRepository, FindingView } from './finding.repository.js';

export const PORTAL_BASE = '/api/portal/findings';

/** Builds what a caller sees of a finding (its answer, trail, the officer's side, what he may do now) and of lists. */
export function createFindingViews(deps: { db: Kysely<Database>; repo: FindingRepository; now?: () => Date }) {
  const { repo } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    async detail(caller: Caller, f: FindingView) {
      const [notices, attachments, decisions, steps, deadline] = await Promise.all([
        repo.notices(f.id),
        repo.attachments(f.id),
        repo.decisions(f.id),
        repo.steps(f.id, STEP_KINDS),
        disputeDeadlines(deps.db, f.responded_at ? [new Date(f.responded_at)] : []),
      ]);
      const canRespond = can(caller, 'finding.answer') && f.status === 'notified' && now() < new Date(f.respond_by);
      const decisionsAllowed = decisionsOpenTo(f.status).filter((k) => can(caller, DECISIONS[k].permission));
      const extras = { reviewBy: f.responded_at ? deadline(new Date(f.responded_at)) : null, decisions, steps, decisionsAllowed, staff: caller.user.role !== 'business' };
      return toFindingDetail(f, notices, attachments, { canRespond, base: PORTAL_BASE, extras });
    },
    async list(rows: FindingView[]) {
      const deadline = await disputeDeadlines(
        deps.db,
        rows.filter((r) => r.status === 'disputed' && r.responded_at).map((r) => new Date(r.responded_at!)),
      );
      return rows.map((r) => toFindingListItem(r, r.status === 'disputed' && r.responded_at ? deadline(new Date(r.responded_at)) : null));
    },
  };
}
export type FindingViews = ReturnType<typeof createFindingViews>;
