import { route } from '../access/access.route.js';
import type { SamplingFindingRow, SamplingItemRow, SamplingPlanRow } from '../../core/db/database.js';
import { CHECK_RESULTS, CHECKS, SAMPLE_KINDS } from '../../core/sampling/checklist.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf, type Caller } from '../http/request-context.js';
import type { SamplingService } from './sampling.service.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const num = (v: string | number | null) => (v === null ? null : Number(v));
const IdParam = z.object({ id: z.uuid() });
const Text = (max: number) => z.string().trim().min(1).max(max);

const PlanSummary = z
  .object({ id: z.string(), title: z.string(), agencyName: z.string(), kinds: z.array(z.string()), periodFrom: z.string(), periodTo: z.string(), status: z.string(), sampleSize: z.number().nullable(), ratePercent: z.number().nullable(), populationSize: z.number().nullable(), items: z.number(), reviewed: z.number(), openFindings: z.number(), drawnAt: z.string().nullable(), createdAt: z.string() })
  .openapi('SamplingPlanSummary');
const Plan = z
  .object({ id: z.string(), agencyId: z.string(), agencyName: z.string().optional(), title: z.string(), kinds: z.array(z.string()), periodFrom: z.string(), periodTo: z.string(), sampleSize: z.number().nullable(), ratePercent: z.number().nullable(), seedSource: z.string(), status: z.string(), publicValue: z.string().nullable(), seed: z.string().nullable(), algorithm: z.string().nullable(), populationSize: z.number().nullable(), populationSha256: z.string().nullable(), drawnAt: z.string().nullable(), completedAt: z.string().nullable(), createdAt: z.string(), version: z.number() })
  .openapi('SamplingPlan');
const Item = z
  .object({ id: z.string(), position: z.number(), key: z.string(), kind: z.string(), subjectId: z.string(), day: z.string().nullable(), label: z.record(z.string(), z.string().nullable()), results: z.record(z.string(), z.object({ result: z.string(), note: z.string().nullable() })).nullable(), note: z.string().nullable(), score: z.number().nullable(), reviewedAt: z.string().nullable(), version: z.number() })
  .openapi('SamplingItem');
const Finding = z
  .object({ id: z.string(), planId: z.string(), itemId: z.string(), checkCode: z.string().nullable(), description: z.string(), ownerId: z.string(), ownerName: z.string().optional(), planTitle: z.string().optional(), dueOn: z.string(), status: z.string(), closingNote: z.string().nullable(), closedAt: z.string().nullable(), createdAt: z.string(), version: z.number() })
  .openapi('SamplingFinding');
const Check = z.object({ code: z.string(), zh: z.string(), en: z.string(), basis: z.string(), kinds: z.array(z.string()) }).openapi('SamplingCheck');
const Detail = z.object({ plan: Plan, items: z.array(Item), findings: z.array(Finding), score: z.number().nullable(), closed: z.boolean(), checks: z.array(Check) }).openapi('SamplingPlanDetail');

const PlanInput = z.strictObject({
  agencyId: z.uuid(),
  title: Text(200),
  kinds: z.array(z.enum(SAMPLE_KINDS as ['case', 'recording'])).min(1),
  periodFrom: z.iso.date(),
  periodTo: z.iso.date(),
  sampleSize: z.number().int().min(1).max(10000).nullable().default(null),
  ratePercent: z.number().gt(0).max(100).nullable().default(null),
  seedSource: Text(500),
});
const Version = z.number().int().min(1);
const DrawInput = z.strictObject({ publicValue: Text(200), expectedVersion: Version });
const ReviewInput = z.strictObject({
  results: z.record(z.string(), z.strictObject({ result: z.enum(CHECK_RESULTS as ['pass', 'fail', 'na']), note: z.string().trim().max(1000).nullable().optional() })),
  note: z.string().trim().max(2000).nullable().default(null),
  expectedVersion: Version,
});
const FindingInput = z.strictObject({ itemId: z.uuid(), checkCode: z.string().max(40).nullable().default(null), description: Text(2000), ownerId: z.uuid(), dueOn: z.iso.date() });
const CloseInput = z.strictObject({ note: Text(2000), expectedVersion: Version });

const toPlan = (p: SamplingPlanRow & { agency_name?: string }) => ({
  id: p.id,
  agencyId: p.agency_id,
  agencyName: p.agency_name,
  title: p.title,
  kinds: p.kinds,
  periodFrom: p.period_from,
  periodTo: p.period_to,
  sampleSize: p.sample_size,
  ratePercent: num(p.rate_percent),
  seedSource: p.seed_source,
  status: p.status,
  publicValue: p.public_value,
  seed: p.seed,
  algorithm: p.algorithm,
  populationSize: p.population_size,
  populationSha256: p.population_sha256,
  drawnAt: iso(p.drawn_at),
  completedAt: iso(p.completed_at),
  createdAt: iso(p.created_at)!,
  version: p.version,
});
const toItem = (i: SamplingItemRow) => ({ id: i.id, position: i.position, key: i.item_key, kind: i.kind, subjectId: i.subject_id, day: i.day, label: i.label, results: i.results, note: i.note, score: num(i.score), reviewedAt: iso(i.reviewed_at), version: i.version });
const toFinding = (f: SamplingFindingRow & { owner_name?: string; plan_title?: string }) => ({
  id: f.id,
  planId: f.plan_id,
  itemId: f.item_id,
  checkCode: f.check_code,
  description: f.description,
  ownerId: f.owner_id,
  ownerName: f.owner_name,
  planTitle: f.plan_title,
  dueOn: f.due_on,
  status: f.status,
  closingNote: f.closing_note,
  closedAt: iso(f.closed_at),
  createdAt: iso(f.created_at)!,
  version: f.version,
});

/** Mounted at /api/sampling: sampling audits of records (R13; 002-音像 §32–§34). */
export function samplingRoutes(service: SamplingService) {
  const app = router();
  const tags = ['sampling'];
  const detail = async (caller: Caller, id: string) => {
    const d = await service.plan(caller, id);
    const closed = d.plan.status === 'completed' && d.findings.every((f) => f.status === 'closed');
    return { plan: toPlan(d.plan), items: d.items.map(toItem), findings: d.findings.map(toFinding), score: d.score, closed, checks: CHECKS.map((c) => ({ ...c, kinds: [...c.kinds] })) };
  };

  app.openapi(route('sampling.audit', { method: 'get', path: '/plans', tags, responses: { 200: json(z.object({ items: z.array(PlanSummary) })), ...errorResponses } }), async (c) => {
    const rows = await service.plans(callerOf(c));
    const items = rows.map((p) => ({ id: p.id, title: p.title, agencyName: p.agency_name, kinds: p.kinds, periodFrom: p.period_from, periodTo: p.period_to, status: p.status, sampleSize: p.sample_size, ratePercent: num(p.rate_percent), populationSize: p.population_size, items: Number(p.items ?? 0), reviewed: Number(p.reviewed ?? 0), openFindings: Number(p.open_findings ?? 0), drawnAt: iso(p.drawn_at), createdAt: iso(p.created_at)! }));
    return c.json({ items }, 200);
  });
  app.openapi(route('sampling.audit', { method: 'post', path: '/plans', tags, request: body(PlanInput), responses: { 201: json(Plan), ...errorResponses } }), async (c) =>
    c.json(toPlan(await service.createPlan(callerOf(c), c.req.valid('json'))), 201),
  );
  app.openapi(route('sampling.audit', { method: 'get', path: '/plans/{id}', tags, request: { params: IdParam }, responses: { 200: json(Detail), ...errorResponses } }), async (c) =>
    c.json(await detail(callerOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(route('sampling.audit', { method: 'post', path: '/plans/{id}/draw', tags, request: { params: IdParam, ...body(DrawInput) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.draw(callerOf(c), id, c.req.valid('json'));
    return c.json(await detail(callerOf(c), id), 200);
  });
  app.openapi(
    route('sampling.audit', { method: 'get', path: '/plans/{id}/draw.json', tags, request: { params: IdParam }, responses: { 200: json(z.object({ seed: z.string(), size: z.number(), population: z.array(z.string()), sample: z.array(z.string()) }).passthrough(), 'What `npm run sample -- --draw` redraws'), ...errorResponses } }),
    async (c) => {
      const file = await service.drawFile(callerOf(c), c.req.valid('param').id);
      c.header('content-disposition', `attachment; filename="sampling-draw-${file.planId}.json"`);
      return c.json(file, 200);
    },
  );
  app.openapi(
    route('sampling.audit', { method: 'get', path: '/plans/{id}/owners', tags, request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), agencyName: z.string() })) })), ...errorResponses } }),
    async (c) => c.json({ items: (await service.owners(callerOf(c), c.req.valid('param').id)).map((u) => ({ id: u.id, name: u.display_name, role: u.role, agencyName: u.agency_name })) }, 200),
  );
  app.openapi(route('sampling.audit', { method: 'post', path: '/plans/{id}/complete', tags, request: { params: IdParam, ...body(z.strictObject({ expectedVersion: Version })) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.complete(callerOf(c), id, c.req.valid('json').expectedVersion);
    return c.json(await detail(callerOf(c), id), 200);
  });
  app.openapi(route('sampling.audit', { method: 'post', path: '/plans/{id}/findings', tags, request: { params: IdParam, ...body(FindingInput) }, responses: { 201: json(Finding), ...errorResponses } }), async (c) =>
    c.json(toFinding(await service.addFinding(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 201),
  );
  app.openapi(route('sampling.audit', { method: 'post', path: '/items/{id}/review', tags, request: { params: IdParam, ...body(ReviewInput) }, responses: { 200: json(Item), ...errorResponses } }), async (c) =>
    c.json(toItem(await service.review(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(route('sampling.follow_up', { method: 'post', path: '/findings/{id}/close', tags, request: { params: IdParam, ...body(CloseInput) }, responses: { 200: json(Finding), ...errorResponses } }), async (c) =>
    c.json(toFinding(await service.closeFinding(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(route('sampling.follow_up', { method: 'get', path: '/follow-ups', tags, responses: { 200: json(z.object({ items: z.array(Finding) })), ...errorResponses } }), async (c) =>
    c.json({ items: (await service.myFollowUps(callerOf(c))).map(toFinding) }, 200),
  );
  return app;
}
