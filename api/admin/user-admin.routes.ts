import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { AgencyPhone, IdParam, ReasonInput } from '../registry/registry.schemas.js';
import type { UserAdminService } from './user-admin.service.js';

const ROLE = z.enum(['officer', 'legal_reviewer', 'manager', 'archivist', 'auditor', 'admin', 'business']);
const AccountDto = z
  .object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), agencyId: z.string().nullable(), agencyName: z.string().nullable(), businessId: z.string().nullable(), businessName: z.string().nullable(), status: z.string() })
  .openapi('Account');
const UserInput = z.strictObject({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,64}$/, 'invalid'),
  displayName: z.string().trim().min(1).max(100),
  role: ROLE,
  agencyId: z.uuid().nullable().optional(),
  businessId: z.uuid().nullable().optional(),
  certificateNo: z.string().trim().max(50).nullable().optional(),
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
});
const AgencyInput = z.strictObject({ parentId: z.uuid(), name: z.string().trim().min(1).max(100), shortName: z.string().trim().min(1).max(10), code: z.string().regex(/^\d{6}$/, 'invalid'), phone: AgencyPhone.nullable().default(null) });

type Row = { id: string; username: string; display_name: string; role: string; agency_id: string | null; business_id: string | null; status: string; agency_name?: string | null; business_name?: string | null };
const toDto = (u: Row) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, agencyId: u.agency_id, agencyName: u.agency_name ?? null, businessId: u.business_id, businessName: u.business_name ?? null, status: u.status });

/** Mounted at /api/admin: agencies and accounts, for admins only. */
export function userAdminRoutes(service: UserAdminService) {
  const app = router();
  const tags = ['admin'];
  app.openapi(route('user.admin', { method: 'get', path: '/users', tags, responses: { 200: json(z.object({ items: z.array(AccountDto) })), ...errorResponses } }), async (c) =>
    c.json({ items: (await service.listUsers(callerOf(c))).map(toDto) }, 200),
  );
  app.openapi(
    route('user.admin', { method: 'post', path: '/users', tags, request: body(UserInput), responses: { 201: json(z.object({ user: AccountDto, oneTimePassword: z.string() }), 'Created; the password is shown once'), ...errorResponses } }),
    async (c) => {
      const r = await service.createUser(callerOf(c), c.req.valid('json'));
      return c.json({ user: toDto(r.user), oneTimePassword: r.oneTimePassword }, 201);
    },
  );
  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    app.openapi(
      route('user.admin', { method: 'post', path: `/users/{id}/${verb}`, tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(AccountDto), ...errorResponses } }),
      async (c) => c.json(toDto(await service.setStatus(callerOf(c), c.req.valid('param').id, status, c.req.valid('json').reason)), 200),
    );
  }
  app.openapi(
    route('agency.admin', { method: 'post', path: '/agencies', tags, request: body(AgencyInput), responses: { 201: json(z.object({ id: z.string(), level: z.string(), name: z.string() })), ...errorResponses } }),
    async (c) => {
      const a = await service.createAgency(callerOf(c), c.req.valid('json'));
      return c.json({ id: a.id, level: a.level, name: a.name }, 201);
    },
  );
  return app;
}
