import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { BusinessService } from './business.service.js';
import type { DeviceStateRepository } from './device-state.repository.js';
import { BusinessDetailDto, BusinessDto, toBusinessDto, toDeviceDto, toServiceAddressDto, toSiteDto } from './registry.dto.js';
import { BusinessInput, BusinessPatch, IdParam, ListQuery, ReasonInput } from './registry.schemas.js';

export function businessRoutes(service: BusinessService, deviceStates: DeviceStateRepository) {
  const app = router();
  const tags = ['registry'];

  app.openapi(
    route('business.read', { method: 'get', path: '/', tags, request: { query: ListQuery }, responses: { 200: json(z.object({ items: z.array(BusinessDto), total: z.number() })), ...errorResponses } }),
    async (c) => {
      const { items, total } = await service.list(callerOf(c), c.req.valid('query'));
      return c.json({ items: items.map(toBusinessDto), total }, 200);
    },
  );

  app.openapi(
    route('business.write', { method: 'post', path: '/', tags, request: body(BusinessInput), responses: { 201: json(BusinessDto, 'Registered'), ...errorResponses } }),
    async (c) => c.json(toBusinessDto(await service.create(callerOf(c), c.req.valid('json'))), 201),
  );

  app.openapi(
    route('business.read', { method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(BusinessDetailDto), ...errorResponses } }),
    async (c) => {
      const { business, sites, devices, addresses } = await service.get(callerOf(c), c.req.valid('param').id);
      const states = await deviceStates.views(devices.map((d) => d.id));
      return c.json(
        {
          ...toBusinessDto(business),
          sites: sites.map((s) => ({ ...toSiteDto(s), devices: devices.filter((d) => d.site_id === s.id).map((d) => toDeviceDto(d, states.get(d.id))) })),
          serviceAddresses: addresses.map(toServiceAddressDto),
        },
        200,
      );
    },
  );

  app.openapi(
    route('business.write', { method: 'patch', path: '/{id}', tags, request: { params: IdParam, ...body(BusinessPatch) }, responses: { 200: json(BusinessDto), ...errorResponses } }),
    async (c) => c.json(toBusinessDto(await service.update(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  app.openapi(
    route('business.write', { method: 'post', path: '/{id}/archive', tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(BusinessDto), ...errorResponses } }),
    async (c) => c.json(toBusinessDto(await service.archive(callerOf(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  return app;
}
