import { route } from '../access/access.route.js';
import { RULE_KINDS, TAMPER_TYPES } from '../../core/analysis/rule-definition.js';
import { BUSINESS_CATEGORIES, type HandlingPolicyRow, type HolidayRow } from '../../core/db/database.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { ReviewAdminService } from './review-admin.service.js';

const PolicyDto = z
  .object({ id: z.string(), flagType: z.string(), category: z.string(), deadlineWorkingDays: z.number().int().nullable(), deadlineHours: z.number().int().nullable(), twoPerson: z.boolean(), version: z.number().int(), updatedAt: z.string() })
  .openapi('HandlingPolicy');
const PolicyInput = z.strictObject({
  flagType: z.union([z.literal('*'), z.enum([...RULE_KINDS, ...TAMPER_TYPES])]),
  category: z.union([z.literal('*'), z.enum(BUSINESS_CATEGORIES as [string, ...string[]])]),
  deadlineWorkingDays: z.number().int().min(1).max(60).nullable().default(null),
  deadlineHours: z.number().int().min(1).max(720).nullable().default(null),
  twoPerson: z.boolean().default(false),
  expectedVersion: z.number().int().min(1).optional(),
});
const HolidayDto = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string(), active: z.boolean(), updatedAt: z.string() }).openapi('Holiday');
const HolidayInput = z.strictObject({ kind: z.enum(['holiday', 'workday']), name: z.string().trim().min(1).max(50), active: z.boolean().default(true) });

const toPolicy = (p: HandlingPolicyRow) => ({
  id: p.id,
  flagType: p.flag_type,
  category: p.category,
  deadlineWorkingDays: p.deadline_working_days,
  deadlineHours: p.deadline_hours,
  twoPerson: p.two_person,
  version: p.version,
  updatedAt: new Date(p.updated_at).toISOString(),
});
const toHoliday = (h: HolidayRow) => ({ day: h.day, kind: h.kind, name: h.name, active: h.active, updatedAt: new Date(h.updated_at).toISOString() });

/** Mounted at /api/admin: handling policies (deadline, two-person rule) and the holiday calendar. */
export function reviewAdminRoutes(service: ReviewAdminService) {
  const app = router();
  const tags = ['admin'];
  app.openapi(route('settings.admin', { method: 'get', path: '/handling-policies', tags, responses: { 200: json(z.object({ items: z.array(PolicyDto) })), ...errorResponses } }), async (c) =>
    c.json({ items: (await service.policies(callerOf(c))).map(toPolicy) }, 200),
  );
  app.openapi(route('settings.admin', { method: 'put', path: '/handling-policies', tags, request: body(PolicyInput), responses: { 200: json(PolicyDto), ...errorResponses } }), async (c) =>
    c.json(toPolicy(await service.putPolicy(callerOf(c), c.req.valid('json'))), 200),
  );
  app.openapi(
    route('settings.admin', { method: 'get', path: '/holidays', tags, request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) }, responses: { 200: json(z.object({ items: z.array(HolidayDto) })), ...errorResponses } }),
    async (c) => c.json({ items: (await service.holidays(callerOf(c), c.req.valid('query').year)).map(toHoliday) }, 200),
  );
  app.openapi(
    route('settings.admin', { method: 'put', path: '/holidays/{day}', tags, request: { params: z.object({ day: z.iso.date() }), ...body(HolidayInput) }, responses: { 200: json(HolidayDto), ...errorResponses } }),
    async (c) => c.json(toHoliday(await service.putHoliday(callerOf(c), c.req.valid('param').day, c.req.valid('json'))), 200),
  );
  return app;
}
