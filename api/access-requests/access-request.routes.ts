import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { AccessRequestService } from './access-request.service.js';

const When = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().max(max);
// Rules (reason given, the period bounded and not over, a window for a device) are checked by the
// service (core/access/grant-rules.ts), which names the field in the caller's language.
const RequestInput = z
  .object({
    purpose: z.enum(['access', 'publication']).default('access'),
    record: z.object({ kind: z.enum(['device', 'case', 'document']), id: z.uuid() }).strict(),
    windowFrom: When.nullish(),
    windowTo: When.nullish(),
    reason: Text(1000),
    from: When,
    until: When,
  })
  .strict();
const DecisionInput = z.object({ decision: z.enum(['approve', 'refuse']), opinion: Text(1000) }).strict();
const RevokeInput = z.object({ reason: Text(1000) }).strict();
const Person = z.object({ by: z.string().nullable(), at: z.string() });
const RequestView = z.object({
  id: z.string(),
  purpose: z.enum(['access', 'publication']),
  status: z.enum(['pending', 'approved', 'refused', 'revoked', 'expired', 'withdrawn']),
  record: z.object({ kind: z.enum(['device', 'case', 'document']), id: z.string(), label: z.string().nullable(), windowFrom: z.string().nullable(), windowTo: z.string().nullable() }),
  reason: z.string(),
  period: z.object({ from: z.string(), until: z.string() }),
  requester: z.object({ id: z.string(), name: z.string(), agencyName: z.string().nullable() }),
  ownerAgency: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  decision: Person.extend({ opinion: z.string().nullable() }).nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  secondsLeft: z.number().nullable().openapi({ description: 'Seconds the grant has left (approved only)' }),
  revocation: Person.extend({ reason: z.string().nullable() }).nullable(),
});
const Id = z.object({ id: z.uuid() });
const tags = ['access-requests'];

/**
 * Requests for access to records outside one's scope and for publication (调用单; R12), mounted at
 * /api/access-requests: ask (access.request), my requests, the unit head's queue, approve or
 * refuse, revoke (access.approve), withdraw.
 */
export function accessRequestRoutes(service: AccessRequestService) {
  const app = router();

  app.openapi(route('access.request', { method: 'post', path: '/', tags, request: body(RequestInput), responses: { 201: json(RequestView, 'The request, pending'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.create(caller, c.req.valid('json'));
    return c.json(await service.get(caller, id), 201);
  });

  app.openapi(route('access.request', { method: 'get', path: '/mine', tags, responses: { 200: json(z.object({ items: z.array(RequestView) }), 'My requests, newest first') , ...errorResponses } }), async (c) =>
    c.json({ items: await service.mine(callerOf(c)) }, 200),
  );

  app.openapi(route('access.approve', { method: 'get', path: '/queue', tags, responses: { 200: json(z.object({ items: z.array(RequestView) }), "Pending requests for records of the head's unit, and grants in force"), ...errorResponses } }), async (c) =>
    c.json({ items: await service.queue(callerOf(c)) }, 200),
  );

  app.openapi(route(['access.request', 'access.approve'], { method: 'get', path: '/{id}', tags, request: { params: Id }, responses: { 200: json(RequestView), ...errorResponses } }), async (c) =>
    c.json(await service.get(callerOf(c), c.req.valid('param').id), 200),
  );

  app.openapi(route('access.approve', { method: 'post', path: '/{id}/decision', tags, request: { params: Id, ...body(DecisionInput) }, responses: { 200: json(RequestView, 'Approved (a grant to the end of the period) or refused'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const input = c.req.valid('json');
    const id = await service.decide(caller, c.req.valid('param').id, { approve: input.decision === 'approve', opinion: input.opinion });
    return c.json(await service.get(caller, id), 200);
  });

  app.openapi(route('access.approve', { method: 'post', path: '/{id}/revoke', tags, request: { params: Id, ...body(RevokeInput) }, responses: { 200: json(RequestView, 'The grant, revoked'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.revoke(caller, c.req.valid('param').id, c.req.valid('json').reason);
    return c.json(await service.get(caller, id), 200);
  });

  app.openapi(route('access.request', { method: 'post', path: '/{id}/withdraw', tags, request: { params: Id }, responses: { 200: json(RequestView, 'The request, withdrawn'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.withdraw(caller, c.req.valid('param').id);
    return c.json(await service.get(caller, id), 200);
  });
  return app;
}
