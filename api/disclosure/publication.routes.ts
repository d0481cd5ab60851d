import { route } from '../access/access.route.js';
import { CHANGE_KINDS } from '../../core/disclosure/withdrawal.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { PublicationService } from './publication.service.js';

const When = z.iso.datetime({ offset: true });
const Change = z.object({ kind: z.enum(CHANGE_KINDS as [string, ...string[]]).transform((k) => k as (typeof CHANGE_KINDS)[number]), changedAt: When, note: z.string().max(1000).default('') }).strict();
const Id = z.object({ id: z.uuid() });
const Status = z.enum(['draft', 'requested', 'published', 'refused', 'withdrawn']);
const View = z.object({
  id: z.string(),
  publicRef: z.string(),
  kind: z.enum(['case_decision', 'inspection_result']),
  sourceId: z.string(),
  status: Status,
  statusText: z.string(),
  title: z.string(),
  body: z.string(),
  partyName: z.string(),
  documentNumber: z.string().nullable(),
  decidedOn: z.string().nullable(),
  agency: z.object({ id: z.string(), name: z.string() }),
  secrets: z.array(z.string()),
  createdAt: z.string(),
  request: z.object({ by: z.string().nullable(), byId: z.string().nullable(), at: z.string() }).nullable(),
  decision: z.object({ by: z.string().nullable(), at: z.string(), opinion: z.string().nullable() }).nullable(),
  publishedAt: z.string().nullable(),
  change: z.object({ kind: z.string(), kindText: z.string(), at: z.string(), note: z.string().nullable() }).nullable(),
  withdrawal: z.object({ state: z.enum(['none', 'due', 'overdue', 'done', 'done_late']), dueAt: z.string().nullable(), at: z.string().nullable(), by: z.string().nullable(), reason: z.string().nullable() }),
  version: z.number(),
});
const tags = ['publications'];

/**
 * Publications (R15), mounted at /api/publications: the staff list (by status, the withdrawals due,
 * one case's), compose from a decided case, edit a draft (checked again), ask for publication
 * (publication.request); approve or refuse, withdraw (publication.approve: the owning unit's head);
 * record that a published decision was changed or revoked (行政处罚法第四十八条第二款).
 */
export function publicationRoutes(service: PublicationService) {
  const app = router();

  app.openapi(
    route('publication.read', { method: 'get', path: '/', tags, request: { query: z.object({ status: Status.optional(), withdrawalDue: z.enum(['0', '1']).optional(), caseId: z.uuid().optional() }) }, responses: { 200: json(z.object({ items: z.array(View) })), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ items: await service.list(callerOf(c), { status: q.status, withdrawalDue: q.withdrawalDue === '1', caseId: q.caseId }) }, 200);
    },
  );

  app.openapi(route('publication.read', { method: 'get', path: '/{id}', tags, request: { params: Id }, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await service.get(callerOf(c), c.req.valid('param').id), 200));

  app.openapi(route('publication.request', { method: 'post', path: '/from-case', tags, request: body(z.object({ caseId: z.uuid() }).strict()), responses: { 201: json(View, 'A draft, composed and masked'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.fromCase(caller, c.req.valid('json').caseId);
    return c.json(await service.get(caller, id), 201);
  });

  app.openapi(
    route('publication.request', {
      method: 'patch',
      path: '/{id}',
      tags,
      request: { params: Id, ...body(z.object({ title: z.string().max(200).optional(), body: z.string().max(20000).optional(), secrets: z.array(z.string().max(500)).max(50).optional(), names: z.array(z.string().max(50)).max(50).optional(), applyMask: z.boolean().optional() }).strict()) },
      responses: { 200: json(View, 'The draft, checked again'), ...errorResponses },
    }),
    async (c) => {
      const caller = callerOf(c);
      const id = await service.edit(caller, c.req.valid('param').id, c.req.valid('json'));
      return c.json(await service.get(caller, id), 200);
    },
  );

  app.openapi(route('publication.request', { method: 'post', path: '/{id}/request', tags, request: { params: Id }, responses: { 200: json(View, 'Waiting for the head'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.request(caller, c.req.valid('param').id);
    return c.json(await service.get(caller, id), 200);
  });

  app.openapi(
    route('publication.approve', {
      method: 'post',
      path: '/{id}/decision',
      tags,
      request: { params: Id, ...body(z.object({ decision: z.enum(['approve', 'refuse']), opinion: z.string().max(1000).default(''), title: z.string().max(200).optional(), body: z.string().max(20000).optional() }).strict()) },
      responses: { 200: json(View, 'Published, or refused'), ...errorResponses },
    }),
    async (c) => {
      const caller = callerOf(c);
      const input = c.req.valid('json');
      const id = await service.decide(caller, c.req.valid('param').id, { approve: input.decision === 'approve', opinion: input.opinion, title: input.title, body: input.body });
      return c.json(await service.get(caller, id), 200);
    },
  );

  app.openapi(route('publication.request', { method: 'post', path: '/{id}/change', tags, request: { params: Id, ...body(Change) }, responses: { 200: json(View, 'Withdrawal due within three working days'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.reportChange(caller, c.req.valid('param').id, c.req.valid('json'));
    return c.json(await service.get(caller, id), 200);
  });

  app.openapi(
    route('publication.approve', { method: 'post', path: '/{id}/withdraw', tags, request: { params: Id, ...body(z.object({ reason: z.string().max(1000), change: Change.optional() }).strict()) }, responses: { 200: json(View, 'Withdrawn, the reason shown publicly'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const id = await service.withdraw(caller, c.req.valid('param').id, c.req.valid('json'));
      return c.json(await service.get(caller, id), 200);
    },
  );
  return app;
}
