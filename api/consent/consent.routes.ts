import { route } from '../access/access.route.js';
import { z } from 'zod';
import { body, errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { ConsentView } from './consent.dto.js';
import { CodeSentDto, ConsentDto, ConsentTemplateDto, ConsentSummaryDto, ConsentTextDto, CoverageDto, toConsentDto, toConsentSummaryDto } from './consent.dto.js';
import { consentCoverage } from './consent-coverage.js';
import type { ConsentLifecycleService } from './consent-lifecycle.service.js';
import type { ConsentRepository } from './consent.repository.js';
import { CodeRequestInput, ConsentIdParam, ConsentInput, ConsentListQuery, LangQuery, ReasonVersionInput, SignInput, VersionInput } from './consent.schemas.js';
import type { ConsentSigningService } from './consent-signing.service.js';
import { actionsFor, type ConsentService } from './consent.service.js';
import type { Access } from '../access/access.service.js';
import type { Db } from '../../core/db/connect.js';
import type { Caller } from '../http/request-context.js';

export type ConsentRouteDeps = { db: Db; access: Access; repo: ConsentRepository; consents: ConsentService; lifecycle: ConsentLifecycleService; signing: ConsentSigningService };

/** Routes mounted at /api/consents (JSON). Documents and photos are in consent-files.routes.ts. */
export function consentRoutes(deps: ConsentRouteDeps) {
  const { repo, consents, lifecycle, signing } = deps;
  const app = router();
  const tags = ['consents'];
  const r = { ...errorResponses, 429: json(z.object({ code: z.string(), message: z.string(), requestId: z.string() }), 'Too many requests') };

  async function dto(caller: Caller, c: ConsentView) {
    const [devices, photos, codeChannels] = await Promise.all([repo.devices(c.id), repo.photos(c.id), c.status === 'proposed' ? signing.codeChannels(caller, c.business_id) : Promise.resolve([])]);
    return toConsentDto(c, { devices, photos, codeChannels, actions: actionsFor(caller, c) });
  }

  app.openapi(
    route('consent.read', { method: 'get', path: '/', tags, request: { query: ConsentListQuery }, responses: { 200: json(z.object({ items: z.array(ConsentSummaryDto), total: z.number() })), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      const { items, total } = await repo.list(deps.access.scope(caller, 'consent.read'), c.req.valid('query'));
      return c.json({ items: items.map(toConsentSummaryDto), total }, 200);
    },
  );
  app.openapi(
    route('consent.edit', { method: 'post', path: '/', tags, request: body(ConsentInput), responses: { 201: json(ConsentDto), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      return c.json(await dto(caller, await consents.draft(caller, c.req.valid('json'))), 201);
    },
  );
  app.openapi(
    route('consent.edit', { method: 'get', path: '/template', tags, responses: { 200: json(ConsentTemplateDto), ...r } }),
    async (c) => c.json(await consents.currentTemplate(), 200),
  );
  app.openapi(
    route('consent.coverage', { method: 'get', path: '/coverage', tags, responses: { 200: json(z.object({ items: z.array(CoverageDto) })), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      return c.json({ items: await consentCoverage(deps.db, deps.access.scope(caller, 'consent.coverage')) }, 200);
    },
  );
  app.openapi(
    route('consent.read', { method: 'get', path: '/{id}', tags, request: { params: ConsentIdParam }, responses: { 200: json(ConsentDto), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      return c.json(await dto(caller, await consents.load(caller, c.req.valid('param').id)), 200);
    },
  );
  app.openapi(
    route('consent.read', { method: 'get', path: '/{id}/text', tags, request: { params: ConsentIdParam, query: LangQuery }, responses: { 200: json(ConsentTextDto), ...r } }),
    async (c) => c.json(await consents.text(callerOf(c), c.req.valid('param').id, c.req.valid('query').lang), 200),
  );
  app.openapi(
    route('consent.edit', { method: 'post', path: '/{id}/propose', tags, request: { params: ConsentIdParam, ...body(VersionInput) }, responses: { 200: json(ConsentDto), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      return c.json(await dto(caller, await lifecycle.propose(caller, c.req.valid('param').id, c.req.valid('json').version)), 200);
    },
  );
  for (const action of ['withdraw', 'suspend', 'resume', 'revoke'] as const) {
    app.openapi(
      route(['consent.edit', 'consent.party'] as const, { method: 'post', path: `/{id}/${action}`, tags, request: { params: ConsentIdParam, ...body(ReasonVersionInput) }, responses: { 200: json(ConsentDto), ...r } }),
      async (c) => {
        const caller = callerOf(c);
        const { reason, version } = c.req.valid('json');
        return c.json(await dto(caller, await lifecycle[action](caller, c.req.valid('param').id, reason, version)), 200);
      },
    );
  }
  app.openapi(
    route('consent.party', { method: 'post', path: '/{id}/code', tags, request: { params: ConsentIdParam, ...body(CodeRequestInput) }, responses: { 200: json(CodeSentDto), ...r } }),
    async (c) => c.json(await signing.requestCode(callerOf(c), c.req.valid('param').id, c.req.valid('json').channel), 200),
  );
  app.openapi(
    route('consent.party', { method: 'post', path: '/{id}/sign', tags, request: { params: ConsentIdParam, ...body(SignInput) }, responses: { 200: json(ConsentDto), ...r } }),
    async (c) => {
      const caller = callerOf(c);
      const signed = await signing.sign(caller, c.req.valid('param').id, c.req.valid('json'), { ip: caller.ip, userAgent: c.req.header('user-agent') ?? null });
      return c.json(await dto(caller, signed), 200);
    },
  );
  return app;
}
