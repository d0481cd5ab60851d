import { route } from '../access/access.route.js';
import type { CreditGradeRow } from '../../core/db/database.js';
import { CREDIT_GRADES, GRADE_MEANING, type CreditGrade } from '../../core/credit/grade.js';
import { BASE_SCORE, CREDIT_RULES, CREDIT_RULES_VERSION, FALSIFIED_RULE, GRADE_THRESHOLDS, SHORT_HISTORY_RULE, UPTIME_TARGET_PERCENT } from '../../core/credit/score.js';
import { errorResponses, json, body, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { CreditService } from './credit.service.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const IdParam = z.object({ id: z.uuid() });
const Grade = z.enum(CREDIT_GRADES as ['A', 'B', 'C', 'D']);
const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;

const Input = z.object({ key: z.string(), value: z.number().nullable(), weight: z.number(), cap: z.number(), points: z.number() }).openapi('CreditInput');
const Computation = z
  .object({ id: z.string(), computedAt: z.string(), score: z.number(), grade: Grade, computedGrade: Grade, rulesVersion: z.string(), windowFrom: z.string(), windowTo: z.string(), inputs: z.array(Input), override: z.record(z.string(), z.unknown()).nullable(), reason: z.string(), note: z.string().nullable(), computedBy: z.string().nullable() })
  .openapi('CreditComputation');
const Rule = z.object({ key: z.string(), weight: z.number(), cap: z.number(), unit: z.string(), zh: z.string(), en: z.string(), basis: z.string() });
const Rules = z
  .object({
    version: z.string(),
    base: z.number(),
    uptimeTargetPercent: z.number(),
    inputs: z.array(Rule),
    thresholds: z.array(z.object({ grade: Grade, min: z.number() })),
    grades: z.array(z.object({ grade: Grade, inspectionsPerYear: z.number().nullable(), zh: z.string(), en: z.string() })),
    falsified: z.object({ zh: z.string(), en: z.string(), basis: z.string() }),
    shortHistory: z.object({ zh: z.string(), en: z.string(), basis: z.string() }),
  })
  .openapi('CreditRules');
const Detail = z
  .object({ business: z.object({ id: z.string(), name: z.string(), category: z.string(), agencyName: z.string() }), current: Computation.nullable(), history: z.array(Computation), rules: Rules })
  .openapi('CreditDetail');
const ListItem = z.object({ businessId: z.string(), name: z.string(), category: z.string(), agencyName: z.string(), grade: Grade.nullable(), score: z.number().nullable(), computedAt: z.string().nullable(), override: z.string().nullable() }).openapi('CreditListItem');
const ListQuery = z.object({
  agencyId: z.uuid().optional(),
  grade: Grade.optional(),
  category: z.enum(CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
const RecomputeInput = z.strictObject({ note: z.string().trim().min(1).max(500) });

/** The published table (versioned), sent with every grade so the business and officers see how it came about. */
export const CREDIT_RULES_DTO = {
  version: CREDIT_RULES_VERSION,
  base: BASE_SCORE,
  uptimeTargetPercent: UPTIME_TARGET_PERCENT,
  inputs: CREDIT_RULES.map((r) => ({ ...r })),
  thresholds: GRADE_THRESHOLDS.map((t) => ({ ...t })),
  grades: CREDIT_GRADES.map((grade: CreditGrade) => ({ grade, ...GRADE_MEANING[grade] })),
  falsified: FALSIFIED_RULE,
  shortHistory: SHORT_HISTORY_RULE,
};

const toComputation = (r: CreditGradeRow & { computed_by_name?: string | null }) => ({
  id: r.id,
  computedAt: iso(r.computed_at)!,
  score: Number(r.score),
  grade: r.grade,
  computedGrade: r.computed_grade,
  rulesVersion: r.rules_version,
  windowFrom: iso(r.window_from)!,
  windowTo: iso(r.window_to)!,
  inputs: r.inputs,
  override: r.override,
  reason: r.reason,
  note: r.note,
  computedBy: r.computed_by_name ?? null,
});

/** Mounted at /api/credit: credit grades (issue 16 item 4; R13; 002 §4). */
export function creditRoutes(service: CreditService) {
  const app = router();
  const tags = ['credit'];
  const detail = (d: Awaited<ReturnType<CreditService['detail']>>) => ({
    business: { id: d.business.id, name: d.business.name, category: d.business.category, agencyName: d.business.agency_name },
    current: d.current ? toComputation(d.current) : null,
    history: d.history.map(toComputation),
    rules: CREDIT_RULES_DTO,
  });

  app.openapi(route('credit.read', { method: 'get', path: '/businesses/{id}', tags, request: { params: IdParam }, responses: { 200: json(Detail), ...errorResponses } }), async (c) =>
    c.json(detail(await service.detail(callerOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(
    route('credit.recompute', { method: 'post', path: '/businesses/{id}/recompute', tags, request: { params: IdParam, ...body(RecomputeInput) }, responses: { 200: json(Detail), ...errorResponses } }),
    async (c) => c.json(detail(await service.recompute(callerOf(c), c.req.valid('param').id, c.req.valid('json').note)), 200),
  );
  app.openapi(route('credit.read', { method: 'get', path: '/grades', tags, request: { query: ListQuery }, responses: { 200: json(z.object({ items: z.array(ListItem), total: z.number(), page: z.number(), pageSize: z.number() })), ...errorResponses } }), async (c) => {
    const q = c.req.valid('query');
    const r = await service.list(callerOf(c), { agencyId: q.agencyId ?? null, grade: q.grade ?? null, category: q.category ?? null, page: q.page, pageSize: q.pageSize });
    const items = r.items.map((i) => ({
      businessId: i.id,
      name: i.name,
      category: i.category,
      agencyName: i.agency_name,
      grade: i.grade ?? null,
      score: i.score === null || i.score === undefined ? null : Number(i.score),
      computedAt: i.computed_at ? iso(i.computed_at) : null,
      override: (i.override as { kind?: string } | null)?.kind ?? null,
    }));
    return c.json({ items, total: r.total, page: r.page, pageSize: r.pageSize }, 200);
  });
  app.openapi(route('credit.read', { method: 'get', path: '/rules', tags, responses: { 200: json(Rules), ...errorResponses } }), (c) => c.json(CREDIT_RULES_DTO, 200));
  return app;
}
