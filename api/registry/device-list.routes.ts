import { route } from '../access/access.route.js';
import type { Access } from '../access/access.service.js';
import { BUSINESS_CATEGORIES } from '../../core/db/database.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { DeviceListRepository } from './device-list.repository.js';

const DeviceListQuery = z.object({
  regionId: z.uuid().optional(),
  category: z.enum(BUSINESS_CATEGORIES as [string, ...string[]]).optional(),
  online: z.enum(['true', 'false']).optional(),
  kind: z.enum(['camera', 'sensor']).optional(),
  status: z.enum(['pending_consent', 'active', 'suspended', 'fault', 'retired']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const DeviceRowDto = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  status: z.string(),
  businessId: z.string(),
  businessName: z.string(),
  category: z.string(),
  siteName: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  online: z.boolean().nullable(),
  since: z.string().nullable(),
});

/** GET /api/devices: the devices under a region (the caller's by default), by category and online state (issue 16). */
export function deviceListRoutes(deps: { access: Access; repo: DeviceListRepository }) {
  const app = router();
  app.openapi(
    route('device.list', { method: 'get', path: '/devices', tags: ['registry'], request: { query: DeviceListQuery }, responses: { 200: json(z.object({ items: z.array(DeviceRowDto), total: z.number() })), ...errorResponses } }),
    async (c) => {
      const { regionId, online, ...f } = c.req.valid('query');
      const scope = await deps.access.regionScope(callerOf(c), 'device.list', regionId);
      const { items, total } = await deps.repo.list(scope, { ...f, online: online === undefined ? undefined : online === 'true' });
      return c.json(
        {
          items: items.map((d) => ({
            id: d.id,
            name: d.name,
            kind: d.kind,
            status: d.status,
            businessId: d.business_id,
            businessName: d.business_name,
            category: d.category,
            siteName: d.site_name,
            agencyId: d.agency_id,
            agencyName: d.agency_name,
            online: d.online,
            since: d.since ? new Date(d.since).toISOString() : null,
          })),
          total,
        },
        200,
      );
    },
  );
  return app;
}
