import { route } from '../access/access.route.js';
import { RULE_KINDS, TAMPER_TYPES } from '../../core/analysis/rule-definition.js';
import { BUSINESS_CATEGORIES } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf, type Caller } from '../http/request-context.js';
import { dismissNeedsNote } from '../../core/review/dismiss-reasons.js';
import { decodeCursor, DismissReasonEnum, encodeCursor, QueuePageDto, ReviewDetailDto, ReviewStateDto, ReviewStatusEnum, toEarlier, toHistoryItem, toQueueItem, toReviewState } from './review.dto.js';
import type { ReviewService } from './review.service.js';
import type { ReviewStats } from './review-stats.service.js';
import { PrecisionDto } from './review-stats.service.js';

export const QueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
  sort: z.enum(['deadline', 'newest']).default('deadline'),
  status: z.union([ReviewStatusEnum, z.literal('open'), z.literal('all')]).default('open'),
  agencyId: z.uuid().optional(),
  districtId: z.uuid().optional(),
  category: z.enum(BUSINESS_CATEGORIES as [string, ...string[]]).optional(),
  businessId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  ruleId: z.uuid().optional(),
  type: z.enum([...RULE_KINDS, ...TAMPER_TYPES]).optional(),
  mine: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  // Issue 16 (the dashboard's drill-downs and the managers' queue): one officer's flags, the overdue ones, one source.
  assignee: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  source: z.enum(['rule', 'tamper', 'sensor']).optional(),
});

/**
 * The queue's filter from its query (the list, its exports and the dashboard's drill-downs read it
 * alike): `mine` is the caller's own flags, else `assignee` one officer's; `overdue` decided after the
 * deadline or open past it.
 */
export function queueFilterOf(caller: Caller, q: Omit<z.infer<typeof QueueQuery>, 'limit' | 'cursor' | 'sort'>) {
  const { status, mine, from, to, assignee, overdue, ...filter } = q;
  return { ...filter, status: status === 'all' ? undefined : status, assignedTo: mine === 'true' ? caller.user.id : assignee, overdue: overdue === 'true', from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined };
}
const FlagParam = z.object({ flagId: z.uuid() });
const Note = z.string().trim().max(2000);

/** The officer's review (R5), mounted at /api: the queue, the review of one flag, and the decisions. */
export function reviewRoutes(deps: { review: ReviewService; stats: ReviewStats }) {
  const { review } = deps;
  const app = router();
  const tags = ['review'];

  app.openapi(route('flag.read', { method: 'get', path: '/review/queue', tags, request: { query: QueueQuery }, responses: { 200: json(QueuePageDto), ...errorResponses } }), async (c) => {
    const { limit, cursor, sort, ...query } = c.req.valid('query');
    const at = cursor ? decodeCursor(sort, cursor) : null;
    if (cursor && !at) throw new AppError('validation_failed', '', [{ path: ['cursor'], message: 'invalid' }]);
    const caller = callerOf(c);
    const page = await review.queue(caller, queueFilterOf(caller, query), sort, limit, at);
    const last = page.rows.at(-1);
    return c.json({ items: page.rows.map((r) => toQueueItem(r, page.now)), nextCursor: page.more && last ? encodeCursor(sort, last) : null, counts: page.counts, decidedSince: page.decidedSince.toISOString(), now: page.now.toISOString() }, 200);
  });

  app.openapi(route('flag.read', { method: 'get', path: '/review/flags/{flagId}', tags, request: { params: FlagParam }, responses: { 200: json(ReviewDetailDto), ...errorResponses } }), async (c) => {
    const d = await review.detail(callerOf(c), c.req.valid('param').flagId);
    return c.json({ review: toReviewState(d.flag, d.now), twoPerson: d.twoPerson, assigneeName: d.assigneeName, history: d.history.map(toHistoryItem), earlier: d.earlier.map(toEarlier) }, 200);
  });

  app.openapi(
    route('flag.review', { method: 'get', path: '/review/assignees', tags, responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), agencyName: z.string() })) })), ...errorResponses } }),
    async (c) => c.json({ items: (await review.assignees(callerOf(c))).map((u) => ({ id: u.id, name: u.display_name, role: u.role, agencyName: u.agency_name })) }, 200),
  );

  app.openapi(
    route('review.stats', { method: 'get', path: '/review/precision', tags, request: { query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }) }, responses: { 200: json(PrecisionDto), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await deps.stats.precision(callerOf(c), new Date(q.from), new Date(q.to)), 200);
    },
  );

  const decision = <S extends z.ZodType>(name: string, schema: S, run: (c: ReturnType<typeof callerOf>, flagId: string, input: z.infer<S>) => Promise<Parameters<typeof toReviewState>[0]>) =>
    app.openapi(route('flag.review', { method: 'post', path: `/flags/{flagId}/${name}`, tags, request: { params: FlagParam, ...body(schema) }, responses: { 200: json(ReviewStateDto), ...errorResponses } }), async (c) => {
      // The generic schema hides the validated types from Hono: both were validated above.
      const valid = c.req.valid.bind(c.req) as unknown as (target: 'param' | 'json') => unknown;
      const f = await run(callerOf(c), (valid('param') as { flagId: string }).flagId, valid('json') as z.infer<S>);
      return c.json(toReviewState(f, new Date()), 200);
    });

  decision('open', z.object({}), (caller, id) => review.open(caller, id));
  decision('assign', z.object({ userId: z.uuid(), expectedVersion: z.number().int().min(1).optional() }), (caller, id, b) => review.assign(caller, id, b.userId, b.expectedVersion));
  decision('confirm', z.object({ expectedVersion: z.number().int().min(1), note: Note.optional() }), (caller, id, b) => review.confirm(caller, id, b.expectedVersion, b.note || null));
  // The note is required only where the code alone says too little ("other"): a keyboard dismissal
  // (d, then 1–4, Enter) is complete without one.
  const DismissInput = z
    .object({ expectedVersion: z.number().int().min(1), reasonCode: DismissReasonEnum, note: Note.optional() })
    .superRefine((b, ctx) => {
      if (dismissNeedsNote(b.reasonCode) && !b.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'review.note_required' });
    });
  decision('dismiss', DismissInput, (caller, id, b) => review.dismiss(caller, id, b.expectedVersion, b.reasonCode, b.note || null));
  decision('escalate', z.object({ note: Note.min(1), expectedVersion: z.number().int().min(1).optional() }), (caller, id, b) => review.escalate(caller, id, b.note, b.expectedVersion));
  return app;
}
