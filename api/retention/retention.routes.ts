import { RETENTION_KINDS } from '../../core/retention/retention-of.js';
import { route } from '../access/access.route.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { RetentionService } from './retention.service.js';

const When = z.iso.datetime({ offset: true });
const Hold = z.object({ id: z.string(), reason: z.string(), reviewOn: z.string(), recordKind: z.string() });
const RetentionView = z.object({
  class: z.enum(['ordinary', 'evidence', 'case', 'held', 'document', 'purged']),
  basis: z.string().openapi({ description: 'The rule with its article' }),
  keepUntil: z.string().nullable().openapi({ description: 'Last day kept (YYYY-MM-DD, China Standard Time); null: permanent, with the case file, or held' }),
  withCaseFile: z.boolean(),
  held: z.array(Hold),
});
const tags = ['retention'];

/** Retention (R11), mounted at /api/retention: the line shown on a record, and the purge report (保存与销毁). */
export function retentionRoutes(service: RetentionService) {
  const app = router();

  app.openapi(
    route('retention.report', { method: 'get', path: '/report', tags, request: { query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }) }, responses: { 200: json(z.any(), 'What will go when, what went (signed deletion records, checked), holds in force'), ...errorResponses } }),
    async (c) => c.json(await service.report(callerOf(c), c.req.valid('query').days), 200),
  );

  app.openapi(
    route('retention.read', {
      method: 'get',
      path: '/{kind}/{id}',
      tags,
      request: { params: z.object({ kind: z.enum(RETENTION_KINDS as ['segment']), id: z.uuid() }), query: z.object({ from: When.optional(), to: When.optional() }) },
      responses: { 200: json(RetentionView, "The record's retention class, rule, last day kept and holds"), ...errorResponses },
    }),
    async (c) => {
      const { kind, id } = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await service.of(callerOf(c), kind, id, q.from && q.to ? { from: new Date(q.from), to: new Date(q.to) } : null), 200);
    },
  );
  return app;
}
