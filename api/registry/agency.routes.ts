import { route } from '../access/access.route.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { AuthUser } from '../http/context.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { actorOf, callerOf } from '../http/request-context.js';
import { escapeLike } from '../access/scope.js';
import { createAgencyRepository } from './agency.repository.js';
import { AgencyPhone } from './registry.schemas.js';

const AgencyDto = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    level: z.enum(['province', 'city', 'district']),
    name: z.string(),
    shortName: z.string(),
    code: z.string(),
    /** Public contact printed on site notices (公告); null until set. */
    phone: z.string().nullable(),
    /** 区域简称 that starts the agency's 文号, e.g. 婺. */
    areaAbbreviation: z.string(),
  })
  .openapi('Agency');

const AgencyContactInput = z.strictObject({ phone: AgencyPhone.nullable() });

type Row = { id: string; parent_id: string | null; level: 'province' | 'city' | 'district'; name: string; short_name: string; code: string; phone: string | null; area_abbreviation: string };
const toDto = (a: Row) => ({ id: a.id, parentId: a.parent_id, level: a.level, name: a.name, shortName: a.short_name, code: a.code, phone: a.phone, areaAbbreviation: a.area_abbreviation });

/** The caller's agency subtree (a business user sees the agency that supervises him). */
export function agencyRoutes(db: Db) {
  const app = router();
  const agencies = createAgencyRepository(db);
  app.openapi(
    route('agency.read', { method: 'get', path: '/', tags: ['registry'], responses: { 200: json(z.object({ items: z.array(AgencyDto) })), ...errorResponses } }),
    async (c) => {
      const user = c.get('user') as AuthUser;
      const rows = user.role === 'business' ? await agencies.ofBusiness(user.businessId ?? '') : await agencies.subtree(`${escapeLike(user.agencyPath ?? '/__none__/')}%`);
      return c.json({ items: rows.map(toDto) }, 200);
    },
  );

  // The agency's contact, printed on the site notices of consents signed from now on (signed ones keep theirs).
  app.openapi(
    route('agency.admin', { method: 'patch', path: '/{id}', tags: ['registry'], request: { params: z.object({ id: z.uuid() }), ...body(AgencyContactInput) }, responses: { 200: json(AgencyDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      const { phone } = c.req.valid('json');
      const row = await db.transaction().execute(async (trx) => {
        const updated = await createAgencyRepository(trx).setPhone(id, `${escapeLike(caller.user.agencyPath ?? '/__none__/')}%`, phone);
        if (!updated) throw new AppError('not_found', '');
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'agency.contact_changed', entityType: 'agency', entityId: id, state: updated, context: { phone } });
        return updated;
      });
      return c.json(toDto(row), 200);
    },
  );
  return app;
}
