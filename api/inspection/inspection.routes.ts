import { route } from '../access/access.route.js';
import { BUSINESS_CATEGORIES, INSPECTION_RESULTS, type InspectionItemRow, type InspectionPlanRow } from '../../core/db/database.js';
import { STRATUM_ZH, VISITS_PER_YEAR } from '../../core/inspection/frequency.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { InspectionService } from './inspection.service.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const IdParam = z.object({ id: z.uuid() });
const Text = (max: number) => z.string().trim().min(1).max(max);
const Version = z.number().int().min(1);
const Category = z.enum(BUSINESS_CATEGORIES as ['medical', 'public_place', 'school_canteen', 'water_supply', 'other']);
const Result = z.enum(INSPECTION_RESULTS as ['no_problem', 'problems_found', 'rectification_ordered', 'document_review', 'not_found', 'closed']);

const Plan = z
  .object({ id: z.string(), agencyId: z.string(), agencyName: z.string().optional(), title: z.string(), category: z.string().nullable(), periodFrom: z.string(), periodTo: z.string(), sampleSize: z.number().nullable(), ratePercent: z.number().nullable(), seedSource: z.string(), recusals: z.array(z.object({ officerId: z.string(), businessId: z.string(), reason: z.string(), officerName: z.string().optional(), businessName: z.string().optional() })), status: z.string(), populationSize: z.number().nullable(), populationSha256: z.string().nullable(), committedAt: z.string().nullable(), publicValue: z.string().nullable(), seed: z.string().nullable(), algorithm: z.string().nullable(), randomSize: z.number().nullable(), allocation: z.record(z.string(), z.number()).nullable(), drawnAt: z.string().nullable(), publishedAt: z.string().nullable(), createdAt: z.string(), version: z.number() })
  .openapi('InspectionPlan');
const Item = z
  .object({ id: z.string(), planId: z.string(), position: z.number(), businessId: z.string(), businessName: z.string().optional(), businessAddress: z.string().optional(), stratum: z.string(), certain: z.boolean(), officerIds: z.array(z.string()), officerNames: z.array(z.string()).optional(), result: z.string().nullable(), note: z.string().nullable(), selfReportId: z.string().nullable(), selfReport: z.object({ id: z.string(), periodKey: z.string(), routineCheckClosed: z.boolean() }).nullable().optional(), inspectedOn: z.string().nullable(), publicationId: z.string().nullable(), recordedAt: z.string().nullable(), version: z.number(), planTitle: z.string().optional(), planStatus: z.string().optional() })
  .openapi('InspectionItem');
const Summary = z
  .object({ id: z.string(), title: z.string(), agencyName: z.string(), category: z.string().nullable(), periodFrom: z.string(), periodTo: z.string(), status: z.string(), populationSize: z.number().nullable(), items: z.number(), recorded: z.number(), drawnAt: z.string().nullable(), publishedAt: z.string().nullable(), createdAt: z.string() })
  .openapi('InspectionPlanSummary');
const Detail = z.object({ plan: Plan, items: z.array(Item) }).openapi('InspectionPlanDetail');
const Rotation = z
  .object({
    agency: z.object({ id: z.string(), name: z.string() }),
    category: z.string().nullable().openapi({ description: 'null: every category together, each business on its own category’s plan' }),
    year: z.number(),
    revision: z.number().nullable().openapi({ description: 'The latest revision of the category (null for every category, or none yet)' }),
    computedAt: z.string().nullable(),
    entries: z.array(z.object({ businessId: z.string(), businessName: z.string(), category: z.string(), revision: z.number(), stratum: z.string(), visits: z.number(), months: z.array(z.number()) })),
    load: z.array(z.number()),
    revisions: z.array(z.object({ category: z.string(), revision: z.number(), joined: z.array(z.string()), left: z.array(z.string()), computedAt: z.string() })),
    strata: z.array(z.object({ stratum: z.string(), zh: z.string(), visitsPerYear: z.number() })),
  })
  .openapi('InspectionRotation');
const PublicFile = z
  .object({ algorithm: z.string().nullable(), planId: z.string(), title: z.string(), seed: z.string().nullable(), populationSha256: z.string().nullable(), population: z.array(z.string()), list: z.array(z.object({ position: z.number(), businessId: z.string(), businessName: z.string(), officerIds: z.array(z.string()) }).passthrough()) })
  .passthrough()
  .openapi('InspectionPublicPlan');

const PlanInput = z.strictObject({
  agencyId: z.uuid(),
  title: Text(200),
  category: Category.nullable().default(null),
  periodFrom: z.iso.date(),
  periodTo: z.iso.date(),
  sampleSize: z.number().int().min(1).max(100000).nullable().default(null),
  ratePercent: z.number().gt(0).max(100).nullable().default(null),
  seedSource: Text(500),
  recusals: z.array(z.strictObject({ officerId: z.uuid(), businessId: z.uuid(), reason: Text(200) })).max(500).default([]),
});
const ResultInput = z.strictObject({ result: Result, note: z.string().trim().max(2000).nullable().default(null), inspectedOn: z.iso.date(), selfReportId: z.uuid().nullable().default(null), expectedVersion: Version });
// No category: every category (a plan stays per category; they are read or recomputed together).
const RotationQuery = z.object({ agencyId: z.uuid(), category: Category.optional(), year: z.coerce.number().int().min(2000).max(2100) });
const RotationInput = z.strictObject({ agencyId: z.uuid(), category: Category.nullable().default(null), year: z.number().int().min(2000).max(2100) });

const toPlan = (p: InspectionPlanRow & { agency_name?: string }) => ({
  id: p.id,
  agencyId: p.agency_id,
  agencyName: p.agency_name,
  title: p.title,
  category: p.category,
  periodFrom: p.period_from,
  periodTo: p.period_to,
  sampleSize: p.sample_size,
  ratePercent: p.rate_percent === null ? null : Number(p.rate_percent),
  seedSource: p.seed_source,
  recusals: p.recusals,
  status: p.status,
  populationSize: p.population_size,
  populationSha256: p.population_sha256,
  committedAt: iso(p.committed_at),
  publicValue: p.public_value,
  seed: p.seed,
  algorithm: p.algorithm,
  randomSize: p.random_size,
  allocation: p.allocation,
  drawnAt: iso(p.drawn_at),
  publishedAt: iso(p.published_at),
  createdAt: iso(p.created_at)!,
  version: p.version,
});
type ItemLike = InspectionItemRow & { business_name?: string; business_address?: string; plan_title?: string; plan_status?: string; self_report_period?: string | null; self_report_closed_check?: boolean | null };
const toItem = (i: ItemLike, names?: Map<string, string>) => ({
  id: i.id,
  planId: i.plan_id,
  position: i.position,
  businessId: i.business_id,
  businessName: i.business_name,
  businessAddress: i.business_address,
  stratum: i.stratum,
  certain: i.certain,
  officerIds: i.officer_ids,
  officerNames: names ? i.officer_ids.map((o) => names.get(o) ?? o) : undefined,
  result: i.result,
  note: i.result_note,
  selfReportId: i.self_report_id,
  // The report the document review rests on, to link to (its period; whether it closed the routine check).
  selfReport: i.self_report_id && i.self_report_period ? { id: i.self_report_id, periodKey: i.self_report_period, routineCheckClosed: !!i.self_report_closed_check } : i.self_report_period === undefined ? undefined : null,
  inspectedOn: i.inspected_on,
  publicationId: i.publication_id,
  recordedAt: iso(i.recorded_at),
  version: i.version,
  planTitle: i.plan_title,
  planStatus: i.plan_status,
});

/** Mounted at /api/inspection: rotation and 双随机 random inspection (002 §5; issue 16 item 2). */
export function inspectionRoutes(service: InspectionService) {
  const app = router();
  const tags = ['inspection'];
  const detail = async (caller: ReturnType<typeof callerOf>, id: string) => {
    const d = await service.plan(caller, id);
    const recusals = d.plan.recusals.map((r) => ({ ...r, officerName: d.officers.get(r.officerId), businessName: d.businesses.get(r.businessId) }));
    return { plan: { ...toPlan(d.plan), recusals }, items: d.items.map((i) => toItem(i, d.officers)) };
  };

  app.openapi(route('inspection.read', { method: 'get', path: '/plans', tags, responses: { 200: json(z.object({ items: z.array(Summary) })), ...errorResponses } }), async (c) => {
    const rows = await service.plans(callerOf(c));
    const items = rows.map((p) => ({ id: p.id, title: p.title, agencyName: p.agency_name, category: p.category, periodFrom: p.period_from, periodTo: p.period_to, status: p.status, populationSize: p.population_size, items: Number(p.items ?? 0), recorded: Number(p.recorded ?? 0), drawnAt: iso(p.drawn_at), publishedAt: iso(p.published_at), createdAt: iso(p.created_at)! }));
    return c.json({ items }, 200);
  });
  app.openapi(route('inspection.plan', { method: 'post', path: '/plans', tags, request: body(PlanInput), responses: { 201: json(Plan), ...errorResponses } }), async (c) => c.json(toPlan(await service.createPlan(callerOf(c), c.req.valid('json'))), 201));
  // The officers who may be paired on a plan of this agency (回避 is declared against them, 行政处罚法 art. 43).
  app.openapi(
    route('inspection.plan', { method: 'get', path: '/officers', tags, request: { query: z.object({ agencyId: z.uuid() }) }, responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), agencyName: z.string() })) })), ...errorResponses } }),
    async (c) => c.json({ items: (await service.officers(callerOf(c), c.req.valid('query').agencyId)).map((o) => ({ id: o.id, name: o.display_name, agencyName: o.agency_name })) }, 200),
  );
  app.openapi(route('inspection.read', { method: 'get', path: '/plans/{id}', tags, request: { params: IdParam }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => c.json(await detail(callerOf(c), c.req.valid('param').id), 200));
  app.openapi(route('inspection.plan', { method: 'post', path: '/plans/{id}/commit', tags, request: { params: IdParam, ...body(z.strictObject({ expectedVersion: Version })) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.commit(callerOf(c), id, c.req.valid('json').expectedVersion);
    return c.json(await detail(callerOf(c), id), 200);
  });
  app.openapi(route('inspection.plan', { method: 'post', path: '/plans/{id}/draw', tags, request: { params: IdParam, ...body(z.strictObject({ publicValue: Text(200), expectedVersion: Version })) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.draw(callerOf(c), id, c.req.valid('json'));
    return c.json(await detail(callerOf(c), id), 200);
  });
  app.openapi(route('inspection.plan', { method: 'post', path: '/plans/{id}/publish', tags, request: { params: IdParam, ...body(z.strictObject({ expectedVersion: Version })) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.publish(callerOf(c), id, c.req.valid('json').expectedVersion);
    return c.json(await detail(callerOf(c), id), 200);
  });
  app.openapi(route('inspection.record', { method: 'post', path: '/items/{id}/result', tags, request: { params: IdParam, ...body(ResultInput) }, responses: { 200: json(Item), ...errorResponses } }), async (c) =>
    c.json(toItem(await service.record(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(route('inspection.record', { method: 'get', path: '/my-items', tags, responses: { 200: json(z.object({ items: z.array(Item) })), ...errorResponses } }), async (c) => c.json({ items: (await service.myItems(callerOf(c))).map((i) => toItem(i)) }, 200));

  const rotationOut = (r: Awaited<ReturnType<InspectionService['rotation']>>, q: { category: string | null; year: number }) => {
    const entries = r.latest
      .flatMap((l) => l.entries.map((e) => ({ businessId: e.business_id, businessName: e.business_name, category: l.rotation.category, revision: l.rotation.revision, stratum: e.stratum, visits: e.visits, months: e.months })))
      .sort((a, b) => a.businessName.localeCompare(b.businessName, 'zh-CN'));
    const load = Array.from({ length: 12 }, (_, m) => entries.filter((e) => e.months.includes(m + 1)).length);
    const computed = r.latest.map((l) => new Date(l.rotation.computed_at).getTime());
    return {
      agency: { id: r.agency.id, name: r.agency.name },
      category: q.category,
      year: q.year,
      revision: q.category ? (r.latest[0]?.rotation.revision ?? null) : null,
      computedAt: computed.length ? iso(new Date(Math.max(...computed))) : null,
      entries,
      load,
      revisions: r.revisions.map((v) => ({ category: v.category, revision: v.revision, joined: v.joined, left: v.left, computedAt: iso(v.computed_at)! })),
      strata: (['D', 'C', 'B', 'U', 'A'] as const).map((s) => ({ stratum: s, zh: STRATUM_ZH[s], visitsPerYear: VISITS_PER_YEAR[s] })),
    };
  };
  app.openapi(route('inspection.read', { method: 'get', path: '/rotation', tags, request: { query: RotationQuery }, responses: { 200: json(Rotation), ...errorResponses } }), async (c) => {
    const { category, ...rest } = c.req.valid('query');
    const q = { ...rest, category: category ?? null };
    return c.json(rotationOut(await service.rotation(callerOf(c), q), q), 200);
  });
  app.openapi(route('inspection.plan', { method: 'post', path: '/rotation', tags, request: body(RotationInput), responses: { 200: json(Rotation), ...errorResponses } }), async (c) => {
    const q = c.req.valid('json');
    await service.recomputeRotation(callerOf(c), q);
    return c.json(rotationOut(await service.rotation(callerOf(c), q), q), 200);
  });

  // Redrawable by anyone (no login): the committed plan, its population and list; and the redraw compared.
  app.openapi(route('public', { method: 'get', path: '/public/plans/{id}', tags, request: { params: IdParam }, responses: { 200: json(PublicFile, 'What `npm run inspection-draw -- file.json` redraws'), ...errorResponses } }), async (c) => c.json(await service.publicPlan(c.req.valid('param').id), 200));
  app.openapi(
    route('public', {
      method: 'get',
      path: '/public/plans/{id}/verify',
      tags,
      request: { params: IdParam },
      responses: { 200: json(z.object({ planId: z.string(), seed: z.string(), populationSha256: z.string(), digestMatches: z.boolean(), listMatches: z.boolean(), redrawn: z.array(z.object({ position: z.number(), businessId: z.string(), stratum: z.string(), certain: z.boolean(), officerIds: z.array(z.string()) })) })), ...errorResponses },
    }),
    async (c) => c.json(await service.verify(c.req.valid('param').id), 200),
  );
  return app;
}
