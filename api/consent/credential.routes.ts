import { route } from '../access/access.route.js';
import { z } from 'zod';
import { body, errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { CredentialDto, IssuedCredentialDto } from './consent.dto.js';
import { CredentialRevokeInput, DeviceIdParam } from './consent.schemas.js';
import type { CredentialService } from './credential.service.js';

/** Per-device publish keys, mounted at /api. */
export function credentialRoutes(creds: CredentialService) {
  const app = router();
  const tags = ['devices'];
  const r = errorResponses;
  app.openapi(
    route('credential.read', {
      method: 'get',
      path: '/devices/{id}/credentials',
      tags,
      request: { params: DeviceIdParam },
      responses: { 200: json(z.object({ items: z.array(CredentialDto), publishAllowed: z.boolean(), publishRefusal: z.string().nullable() })), ...r },
    }),
    async (c) => c.json(await creds.list(callerOf(c), c.req.valid('param').id), 200),
  );
  app.openapi(
    route('credential.write', { method: 'post', path: '/devices/{id}/credentials', tags, request: { params: DeviceIdParam }, responses: { 201: json(IssuedCredentialDto), ...r } }),
    async (c) => c.json(await creds.issue(callerOf(c), c.req.valid('param').id), 201),
  );
  app.openapi(
    route('credential.write', { method: 'post', path: '/device-credentials/{id}/revoke', tags, request: { params: DeviceIdParam, ...body(CredentialRevokeInput) }, responses: { 200: json(CredentialDto), ...r } }),
    async (c) => c.json(await creds.revoke(callerOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );
  return app;
}
