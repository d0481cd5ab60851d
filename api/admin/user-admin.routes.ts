import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { AgencyPhone, IdParam, ReasonInput } from '../registry/registry.schemas.js';
import type { AuditEntry } from './user-admin.repository.js';
import type { UserAdminService } from './user-admin.service.js';

const ROLE = z.enum(['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business']);
const AccountDto = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    agencyId: z.string().nullable(),
    agencyName: z.string().nullable(),
    businessId: z.string().nullable(),
    businessName: z.string().nullable(),
    status: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    certificateNo: z.string().nullable(),
    version: z.number(),
  })
  .openapi('Account');
const reason = ReasonInput.shape.reason;
const contact = {
  certificateNo: z.string().trim().max(50).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(30).regex(/^[0-9+\-() ]*$/, 'invalid').nullable().optional(),
};
const UserInput = z.strictObject({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,64}$/, 'user.username_format'),
  displayName: z.string().trim().min(1).max(100),
  role: ROLE,
  agencyId: z.uuid().nullable().optional(),
  businessId: z.uuid().nullable().optional(),
  ...contact,
});
const UserPatch = z.strictObject({ displayName: z.string().trim().min(1).max(100).optional(), role: ROLE.optional(), agencyId: z.uuid().optional(), ...contact, version: z.number().int().min(1), reason });
/** 区域简称 of the agency's 文号 (婺 in 婺卫医罚〔2026〕12号): one to four Chinese characters. */
const AreaAbbreviation = z.string().trim().regex(/^\p{Script=Han}{1,4}$/u, 'agency.area_abbreviation_format');
const AgencyInput = z.strictObject({ parentId: z.uuid(), name: z.string().trim().min(1).max(100), shortName: z.string().trim().min(1).max(10), code: z.string().regex(/^\d{6}$/, 'agency.code_format'), phone: AgencyPhone.nullable().default(null), areaAbbreviation: AreaAbbreviation.optional() });
const AgencyPatch = z.strictObject({ name: z.string().trim().min(1).max(100).optional(), shortName: z.string().trim().min(1).max(10).optional(), phone: AgencyPhone.nullable().optional(), areaAbbreviation: AreaAbbreviation.optional(), reason });
const AuditDto = z
  .object({ items: z.array(z.object({ id: z.string(), at: z.string(), action: z.string(), actorName: z.string().nullable(), reason: z.string().nullable(), state: z.unknown(), sealed: z.boolean() })) })
  .openapi('AuditTrail');
const Created = z.object({ user: AccountDto, oneTimePassword: z.string() });

type Row = { id: string; username: string; display_name: string; role: string; agency_id: string | null; business_id: string | null; status: string; version: number; email: string | null; phone: string | null; certificate_no: string | null; agency_name?: string | null; business_name?: string | null };
const toDto = (u: Row) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  agencyId: u.agency_id,
  agencyName: u.agency_name ?? null,
  businessId: u.business_id,
  businessName: u.business_name ?? null,
  status: u.status,
  email: u.email,
  phone: u.phone,
  certificateNo: u.certificate_no,
  version: u.version,
});
const audit = (items: AuditEntry[]) => ({ items: items.map((e) => ({ ...e, at: e.at.toISOString() })) });

/** Mounted at /api/admin: agencies and accounts, for admins only; each change ledgered, its audit read from the ledger. */
export function userAdminRoutes(service: UserAdminService) {
  const app = router();
  const tags = ['admin'];
  app.openapi(route('user.admin', { method: 'get', path: '/users', tags, responses: { 200: json(z.object({ items: z.array(AccountDto) })), ...errorResponses } }), async (c) =>
    c.json({ items: (await service.listUsers(callerOf(c))).map(toDto) }, 200),
  );
  app.openapi(route('user.admin', { method: 'post', path: '/users', tags, request: body(UserInput), responses: { 201: json(Created, 'Created; the password is shown once'), ...errorResponses } }), async (c) => {
    const r = await service.createUser(callerOf(c), c.req.valid('json'));
    return c.json({ user: toDto({ ...r.user, agency_name: null, business_name: null }), oneTimePassword: r.oneTimePassword }, 201);
  });
  app.openapi(route('user.admin', { method: 'get', path: '/users/{id}', tags, request: { params: IdParam }, responses: { 200: json(AccountDto), ...errorResponses } }), async (c) =>
    c.json(toDto(await service.getUser(callerOf(c), c.req.valid('param').id)), 200),
  );
  app.openapi(route('user.admin', { method: 'patch', path: '/users/{id}', tags, request: { params: IdParam, ...body(UserPatch) }, responses: { 200: json(AccountDto), ...errorResponses } }), async (c) => {
    const id = c.req.valid('param').id;
    await service.updateUser(callerOf(c), id, c.req.valid('json'));
    return c.json(toDto(await service.getUser(callerOf(c), id)), 200);
  });
  app.openapi(route('user.admin', { method: 'get', path: '/users/{id}/history', tags, request: { params: IdParam }, responses: { 200: json(AuditDto), ...errorResponses } }), async (c) =>
    c.json(audit(await service.userHistory(callerOf(c), c.req.valid('param').id)), 200),
  );
  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    app.openapi(route('user.admin', { method: 'post', path: `/users/{id}/${verb}`, tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(AccountDto), ...errorResponses } }), async (c) => {
      const id = c.req.valid('param').id;
      await service.setStatus(callerOf(c), id, status, c.req.valid('json').reason);
      return c.json(toDto(await service.getUser(callerOf(c), id)), 200);
    });
  }
  app.openapi(
    route('user.admin', { method: 'post', path: '/users/{id}/reset-password', tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(Created, 'The new one-time password, shown once'), ...errorResponses } }),
    async (c) => {
      const id = c.req.valid('param').id;
      const r = await service.resetPassword(callerOf(c), id, c.req.valid('json').reason);
      return c.json({ user: toDto(await service.getUser(callerOf(c), id)), oneTimePassword: r.oneTimePassword }, 200);
    },
  );
  app.openapi(
    route('agency.admin', { method: 'post', path: '/agencies', tags, request: body(AgencyInput), responses: { 201: json(z.object({ id: z.string(), level: z.string(), name: z.string() })), ...errorResponses } }),
    async (c) => {
      const a = await service.createAgency(callerOf(c), c.req.valid('json'));
      return c.json({ id: a.id, level: a.level, name: a.name }, 201);
    },
  );
  app.openapi(
    route('agency.admin', { method: 'patch', path: '/agencies/{id}', tags, request: { params: IdParam, ...body(AgencyPatch) }, responses: { 200: json(z.object({ id: z.string(), name: z.string(), shortName: z.string(), areaAbbreviation: z.string() })), ...errorResponses } }),
    async (c) => {
      const a = await service.updateAgency(callerOf(c), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ id: a.id, name: a.name, shortName: a.short_name, areaAbbreviation: a.area_abbreviation }, 200);
    },
  );
  app.openapi(route('agency.admin', { method: 'get', path: '/agencies/{id}/history', tags, request: { params: IdParam }, responses: { 200: json(AuditDto), ...errorResponses } }), async (c) =>
    c.json(audit(await service.agencyHistory(callerOf(c), c.req.valid('param').id)), 200),
  );
  return app;
}
