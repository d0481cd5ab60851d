import { route } from '../access/access.route.js';
import type { Db } from '../../core/db/connect.js';
import type { AuthUser } from '../http/context.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { escapeLike } from '../access/scope.js';

const AgencyDto = z
  .object({ id: z.string(), parentId: z.string().nullable(), level: z.enum(['province', 'city', 'district']), name: z.string(), shortName: z.string(), code: z.string() })
  .openapi('Agency');

/** The caller's agency subtree (a business user sees the agency that supervises him). */
export function agencyRoutes(db: Db) {
  const app = router();
  app.openapi(
    route('agency.read', { method: 'get', path: '/', tags: ['registry'], responses: { 200: json(z.object({ items: z.array(AgencyDto) })), ...errorResponses } }),
    async (c) => {
      const user = c.get('user') as AuthUser;
      let q = db.selectFrom('agencies').select(['id', 'parent_id', 'level', 'name', 'short_name', 'code', 'path']).orderBy('path');
      if (user.role === 'business') {
        q = q.where('id', 'in', db.selectFrom('businesses').select('agency_id').where('id', '=', user.businessId ?? ''));
      } else {
        q = q.where('path', 'like', `${escapeLike(user.agencyPath ?? '/__none__/')}%`);
      }
      const rows = await q.execute();
      return c.json({ items: rows.map((a) => ({ id: a.id, parentId: a.parent_id, level: a.level, name: a.name, shortName: a.short_name, code: a.code })) }, 200);
    },
  );
  return app;
}
