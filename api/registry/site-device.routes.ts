import type { DeviceRow } from '../../core/db/database.js';
import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { AddressCodeSentDto, DeviceDto, ServiceAddressDto, SiteDto, toDeviceDto, toServiceAddressDto, toSiteDto } from './registry.dto.js';
import { AddressCodeInput, DeviceInput, DevicePatch, IdParam, ReasonInput, ServiceAddressInput, SiteInput, SitePatch } from './registry.schemas.js';
import type { ServiceAddressService } from './service-address.service.js';
import type { SiteDeviceService } from './site-device.service.js';
import type { DeviceStateRepository } from './device-state.repository.js';

/** Routes mounted at /api: sites, devices and service addresses. */
export function siteDeviceRoutes(sites: SiteDeviceService, addresses: ServiceAddressService, deviceStates: DeviceStateRepository) {
  const app = router();
  const tags = ['registry'];
  const r = { ...errorResponses };
  const withState = async (d: DeviceRow) => toDeviceDto(d, await deviceStates.view(d.id));

  app.openapi(
    route('business.write', { method: 'post', path: '/businesses/{id}/sites', tags, request: { params: IdParam, ...body(SiteInput) }, responses: { 201: json(SiteDto), ...r } }),
    async (c) => c.json(toSiteDto(await sites.createSite(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 201),
  );
  app.openapi(
    route('business.write', { method: 'patch', path: '/sites/{id}', tags, request: { params: IdParam, ...body(SitePatch) }, responses: { 200: json(SiteDto), ...r } }),
    async (c) => c.json(toSiteDto(await sites.updateSite(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(
    route('business.write', { method: 'post', path: '/sites/{id}/archive', tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(SiteDto), ...r } }),
    async (c) => c.json(toSiteDto(await sites.archiveSite(callerOf(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  app.openapi(
    route('business.write', { method: 'post', path: '/sites/{id}/devices', tags, request: { params: IdParam, ...body(DeviceInput) }, responses: { 201: json(DeviceDto), ...r } }),
    async (c) => c.json(await withState(await sites.createDevice(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 201),
  );
  app.openapi(
    route('business.write', { method: 'patch', path: '/devices/{id}', tags, request: { params: IdParam, ...body(DevicePatch) }, responses: { 200: json(DeviceDto), ...r } }),
    async (c) => c.json(await withState(await sites.updateDevice(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(
    route('business.write', { method: 'post', path: '/devices/{id}/retire', tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(DeviceDto), ...r } }),
    async (c) => c.json(await withState(await sites.retireDevice(callerOf(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  app.openapi(
    route('service_address.write', { method: 'post', path: '/businesses/{id}/service-addresses', tags, request: { params: IdParam, ...body(ServiceAddressInput) }, responses: { 201: json(ServiceAddressDto), ...r } }),
    async (c) => c.json(toServiceAddressDto(await addresses.add(callerOf(c), c.req.valid('param').id, c.req.valid('json'))), 201),
  );
  app.openapi(
    route('service_address.write', { method: 'post', path: '/service-addresses/{id}/withdraw', tags, request: { params: IdParam, ...body(ReasonInput) }, responses: { 200: json(ServiceAddressDto), ...r } }),
    async (c) => c.json(toServiceAddressDto(await addresses.withdraw(callerOf(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  const limited = { ...r, 429: json(z.object({ code: z.string(), message: z.string(), requestId: z.string() }), 'Too many requests') };
  // The business itself, or a registry editor in scope, proves the address.
  app.openapi(
    route('service_address.write', { method: 'post', path: '/service-addresses/{id}/code', tags, description: 'Sends a one-time code to the pending address itself (6 digits, 10 minutes, 5 tries, 60 s between sends).', request: { params: IdParam }, responses: { 200: json(AddressCodeSentDto), ...limited } }),
    async (c) => c.json(await addresses.requestCode(callerOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    route('service_address.write', { method: 'post', path: '/service-addresses/{id}/verify', tags, description: 'The code sent to the address puts it in force (verified).', request: { params: IdParam, ...body(AddressCodeInput) }, responses: { 200: json(ServiceAddressDto), ...r } }),
    async (c) => c.json(toServiceAddressDto(await addresses.verify(callerOf(c), c.req.valid('param').id, c.req.valid('json').code)), 200),
  );
  return app;
}
