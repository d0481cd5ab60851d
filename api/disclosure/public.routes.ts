import type { Context } from 'hono';
import { AppError } from '../../core/errors.js';
import { CHANGE_KIND_ZH } from '../../core/disclosure/withdrawal.js';
import type { Db } from '../../core/db/connect.js';
import { route } from '../access/access.route.js';
import type { AppEnv } from '../http/context.js';
import { errorResponses, json, router, z } from '../http/openapi.js';
import { deviceRegister } from './device-register.repository.js';
import type { PublicationRepository } from './publication.repository.js';

const tags = ['public'];
const Day = z.iso.date();
const Page = { page: z.coerce.number().int().min(1).max(10_000).default(1), size: z.coerce.number().int().min(1).max(50).default(20) };
const Region = z.string().regex(/^\d{6}$/).optional().openapi({ description: "An agency's public code (330702): its area and the areas below it" });
const Q = z.string().trim().max(50).optional();
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
/** Public pages change only when something is published or withdrawn: a minute's caching is enough. */
const cached = (c: Context<AppEnv>) => c.header('cache-control', 'public, max-age=60');

const Listed = z.object({
  ref: z.string(),
  kind: z.enum(['case_decision', 'inspection_result']),
  title: z.string(),
  partyName: z.string(),
  documentNumber: z.string().nullable(),
  decidedOn: z.string().nullable(),
  agency: z.string(),
  publishedAt: z.string(),
  withdrawn: z.boolean(),
  withdrawnAt: z.string().nullable(),
});
const Detail = Listed.extend({
  body: z.string().nullable().openapi({ description: 'null once withdrawn: the information is taken back (行政处罚法第四十八条第二款), its reason shown' }),
  withdrawal: z.object({ at: z.string(), reason: z.string(), changeKind: z.string().nullable() }).nullable(),
});
const Device = z.object({
  business: z.string(),
  site: z.string(),
  address: z.string(),
  device: z.string(),
  kind: z.enum(['camera', 'sensor']),
  pointsAt: z.string(),
  coverage: z.string(),
  status: z.enum(['in_use', 'suspended', 'fault']),
  since: z.string(),
  agency: z.string(),
});

/**
 * The public pages' API, no login (R15): published and withdrawn decisions and inspection results
 * (行政处罚法 art. 48; 004 附表2), and the register of electronic monitoring devices (art. 41 ¶1).
 * Mounted at /api/public; no internal id leaves here (a publication is named by its public ref).
 */
export function publicDisclosureRoutes(deps: { db: Db; repo: PublicationRepository }) {
  const app = router();

  app.openapi(
    route('public', { method: 'get', path: '/publications', tags, request: { query: z.object({ q: Q, region: Region, from: Day.optional(), to: Day.optional(), ...Page }) }, responses: { 200: json(z.object({ total: z.number(), page: z.number(), size: z.number(), items: z.array(Listed) })), ...errorResponses } }),
    async (c) => {
      const f = c.req.valid('query');
      if (f.from && f.to && f.from > f.to) throw new AppError('validation_failed', '', [{ path: ['to'], message: 'audit.period_order' }]);
      const { total, items } = await deps.repo.publicList(f);
      cached(c);
      return c.json({ total, page: f.page, size: f.size, items: items.map((p) => ({ ref: p.public_ref, kind: p.kind, title: p.title, partyName: p.party_name, documentNumber: p.document_number, decidedOn: p.decided_on, agency: p.agency_name, publishedAt: iso(p.published_at)!, withdrawn: p.status === 'withdrawn', withdrawnAt: iso(p.withdrawn_at) })) }, 200);
    },
  );

  app.openapi(route('public', { method: 'get', path: '/publications/{ref}', tags, request: { params: z.object({ ref: z.string().regex(/^[A-Za-z0-9]{8,32}$/) }) }, responses: { 200: json(Detail), ...errorResponses } }), async (c) => {
    const p = await deps.repo.publicGet(c.req.valid('param').ref);
    // A draft, a request or a refused one is not public: the same 404 as no such thing.
    if (!p || (p.status !== 'published' && p.status !== 'withdrawn')) throw new AppError('not_found', '该信息未公开或不存在');
    const withdrawn = p.status === 'withdrawn';
    cached(c);
    return c.json(
      {
        ref: p.public_ref,
        kind: p.kind,
        title: p.title,
        partyName: p.party_name,
        documentNumber: p.document_number,
        decidedOn: p.decided_on,
        agency: p.agency_name,
        publishedAt: iso(p.published_at)!,
        withdrawn,
        withdrawnAt: iso(p.withdrawn_at),
        body: withdrawn ? null : p.body,
        withdrawal: withdrawn ? { at: iso(p.withdrawn_at)!, reason: p.withdrawal_reason ?? '', changeKind: p.change_kind ? CHANGE_KIND_ZH[p.change_kind] : null } : null,
      },
      200,
    );
  });

  app.openapi(
    route('public', { method: 'get', path: '/devices', tags, request: { query: z.object({ q: Q, region: Region, ...Page }) }, responses: { 200: json(z.object({ total: z.number(), page: z.number(), size: z.number(), items: z.array(Device) }), 'The register of electronic monitoring devices (行政处罚法第四十一条第一款)'), ...errorResponses } }),
    async (c) => {
      const f = c.req.valid('query');
      const { total, items } = await deviceRegister(deps.db, f);
      cached(c);
      const status = (r: (typeof items)[number]): 'in_use' | 'suspended' | 'fault' => (r.device_status === 'fault' ? 'fault' : r.device_status === 'suspended' || r.consent_status === 'suspended' ? 'suspended' : 'in_use');
      return c.json({ total, page: f.page, size: f.size, items: items.map((r) => ({ business: r.business, site: r.site, address: r.address, device: r.device, kind: r.kind, pointsAt: r.points_at, coverage: r.coverage, status: status(r), since: r.since, agency: r.agency })) }, 200);
    },
  );

  app.openapi(route('public', { method: 'get', path: '/regions', tags, responses: { 200: json(z.object({ items: z.array(z.object({ name: z.string(), code: z.string(), level: z.string(), depth: z.number() })) })) } }), async (c) => {
    cached(c);
    return c.json({ items: (await deps.repo.regions()).map((r) => ({ name: r.name, code: r.code, level: r.level, depth: r.path.split('/').filter(Boolean).length - 1 })) }, 200);
  });
  return app;
}
