import { route } from '../access/access.route.js';
import type { Access } from '../access/access.service.js';
import { scopeOf } from '../access/scope.js';
import { AppError } from '../../core/errors.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { FindingDetailDto, FindingListItemDto } from './finding.dto.js';
import type { FindingRepository } from './finding.repository.js';
import { DECISIONS, REASON_MAX, type FindingDecisionService } from './finding-decision.service.js';
import type { FindingViews } from './finding-detail.js';

// The reason is trimmed and checked by the service too (a blank one is 'finding.reason_required').
const DecisionInput = z.object({ reason: z.string().max(REASON_MAX), expectedVersion: z.number().int().min(1) }).strict();
const PATHS = { accept: 'accept-dispute', uphold: 'uphold', refer: 'refer' } as const;

/**
 * The officer's decisions on a finding (accept the dispute, uphold it with a reply, refer it for
 * case filing), one route and one permission each, and the officers' worklist of disputed and
 * unanswered findings (scoped like the flag queue: the caller's agency subtree).
 */
export function findingDecisionRoutes(deps: { decisions: FindingDecisionService; repo: FindingRepository; views: FindingViews; access: Access }) {
  const app = router();
  const tags = ['findings'];

  for (const kind of ['accept', 'uphold', 'refer'] as const) {
    app.openapi(
      route(DECISIONS[kind].permission, { method: 'post', path: `/findings/{id}/${PATHS[kind]}`, tags, request: { params: z.object({ id: z.uuid() }), ...body(DecisionInput) }, responses: { 200: json(FindingDetailDto), ...errorResponses } }),
      async (c) => {
        const caller = callerOf(c);
        const { id } = c.req.valid('param');
        await deps.decisions.decide(caller, id, kind, c.req.valid('json'));
        const f = await deps.repo.get(scopeOf(caller.user), id);
        if (!f) throw new AppError('not_found', '');
        return c.json(await deps.views.detail(caller, f), 200);
      },
    );
  }

  app.openapi(
    route('finding.worklist', {
      method: 'get',
      path: '/findings/worklist',
      tags,
      request: { query: z.object({ queue: z.enum(['disputed', 'unanswered']).default('disputed') }) },
      responses: { 200: json(z.object({ items: z.array(FindingListItemDto), counts: z.object({ disputed: z.number(), unanswered: z.number() }) })), ...errorResponses },
    }),
    async (c) => {
      const scope = deps.access.scope(callerOf(c), 'finding.worklist');
      const { queue } = c.req.valid('query');
      const [rows, counts] = await Promise.all([deps.repo.worklist(scope, queue, 200), deps.repo.worklistCounts(scope)]);
      return c.json({ items: await deps.views.list(rows), counts }, 200);
    },
  );
  return app;
}
