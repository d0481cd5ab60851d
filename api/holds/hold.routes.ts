import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { HOLD_REASON_KEYS, HOLD_RECORD_KINDS } from '../../core/retention/hold-rules.js';
import type { HoldService } from './hold.service.js';

const When = z.iso.datetime({ offset: true });
const Day = z.string().max(10);
// Rules (a note, a review date after today and at most a year ahead, a window for a recording) are
// checked by the service (core/retention/hold-rules.ts), which names the field in the caller's language.
const HoldInput = z
  .object({
    reason: z.enum(HOLD_REASON_KEYS as [string, ...string[]]).transform((r) => r as (typeof HOLD_REASON_KEYS)[number]),
    note: z.string().max(2000),
    record: z.object({ kind: z.enum(HOLD_RECORD_KINDS), id: z.uuid() }).strict(),
    windowFrom: When.nullish(),
    windowTo: When.nullish(),
    reviewOn: Day,
  })
  .strict();
const HoldView = z.object({
  id: z.string(),
  status: z.enum(['pending', 'in_force', 'review_due', 'refused', 'released']).openapi({ description: "review_due: in force and past its review date (复核到期)" }),
  reason: z.string(),
  reasonText: z.string(),
  basis: z.string(),
  note: z.string(),
  record: z.object({ kind: z.string(), id: z.string(), sha256: z.string().nullable(), label: z.string().nullable(), windowFrom: z.string().nullable(), windowTo: z.string().nullable() }),
  ownerAgency: z.object({ id: z.string(), name: z.string() }),
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: z.string(),
  reviewOn: z.string(),
  approval: z.object({ by: z.string().nullable(), at: z.string(), opinion: z.string().nullable() }).nullable(),
  release: z.object({ by: z.string().nullable(), at: z.string(), reason: z.string().nullable() }).nullable(),
});
const Id = z.object({ id: z.uuid() });
const tags = ['holds'];

/**
 * Long-term holds (保全; R11), mounted at /api/holds: ask (hold.request), my holds, the unit head's
 * list with 复核到期, approve or refuse, set the next review date, release (hold.approve).
 */
export function holdRoutes(service: HoldService) {
  const app = router();

  app.openapi(route('hold.request', { method: 'post', path: '/', tags, request: body(HoldInput), responses: { 201: json(HoldView, 'The hold, pending the head’s approval'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.create(caller, c.req.valid('json'));
    return c.json(await service.get(caller, id), 201);
  });

  app.openapi(route('hold.request', { method: 'get', path: '/mine', tags, responses: { 200: json(z.object({ items: z.array(HoldView) }), 'My holds, newest first'), ...errorResponses } }), async (c) =>
    c.json({ items: await service.mine(callerOf(c)) }, 200),
  );

  app.openapi(
    route('hold.approve', { method: 'get', path: '/queue', tags, request: { query: z.object({ ended: z.enum(['0', '1']).optional() }) }, responses: { 200: json(z.object({ items: z.array(HoldView) }), "Holds on records of the head's unit: 复核到期 first, then pending, then in force"), ...errorResponses } }),
    async (c) => c.json({ items: await service.queue(callerOf(c), c.req.valid('query').ended === '1') }, 200),
  );

  app.openapi(route(['hold.request', 'hold.approve'], { method: 'get', path: '/{id}', tags, request: { params: Id }, responses: { 200: json(HoldView), ...errorResponses } }), async (c) =>
    c.json(await service.get(callerOf(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    route('hold.approve', { method: 'post', path: '/{id}/decision', tags, request: { params: Id, ...body(z.object({ decision: z.enum(['approve', 'refuse']), opinion: z.string().max(1000).default('') }).strict()) }, responses: { 200: json(HoldView, 'In force, or refused'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const input = c.req.valid('json');
      const id = await service.decide(caller, c.req.valid('param').id, { approve: input.decision === 'approve', opinion: input.opinion });
      return c.json(await service.get(caller, id), 200);
    },
  );

  app.openapi(route('hold.approve', { method: 'post', path: '/{id}/review', tags, request: { params: Id, ...body(z.object({ reviewOn: Day }).strict()) }, responses: { 200: json(HoldView, 'The next review date set'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.review(caller, c.req.valid('param').id, c.req.valid('json').reviewOn);
    return c.json(await service.get(caller, id), 200);
  });

  app.openapi(route('hold.approve', { method: 'post', path: '/{id}/release', tags, request: { params: Id, ...body(z.object({ reason: z.string().max(1000) }).strict()) }, responses: { 200: json(HoldView, 'Released'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const id = await service.release(caller, c.req.valid('param').id, c.req.valid('json').reason);
    return c.json(await service.get(caller, id), 200);
  });
  return app;
}
