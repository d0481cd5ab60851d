import type { BlobStore } from '../../core/blob/blob-store.js';
import { route } from '../access/access.route.js';
import { body, bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf, clientIp } from '../http/request-context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { DeliveryPortalService } from './delivery-portal.service.js';
import type { DeliveryService, MethodInput } from './delivery.service.js';

const View = z.record(z.string(), z.unknown()).openapi('Delivery');
const List = z.object({ items: z.array(View) });
const CaseDoc = z.object({ id: z.uuid(), documentId: z.uuid() });
const Id = z.object({ id: z.uuid() });
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });
const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]+={0,2}$/);
/** Another method of service with its proof (民诉法第八十七条—第九十五条). */
export const MethodBody = z
  .discriminatedUnion('method', [
    z.object({ method: z.literal('direct'), recipientName: text(100), recipientRole: text(50).optional(), signedAt: instant, signaturePng: base64(700_000) }),
    z.object({ method: z.literal('post'), trackingNumber: text(40), carrier: text(40), receivedOn: z.iso.date(), receiptSigner: text(100).optional() }),
    z.object({ method: z.literal('lodging'), lodgedAt: instant, place: text(200), refusalReason: text(500), witnessName: text(100).optional(), witnessUnit: text(200).optional(), photoJpeg: base64(2_000_000).optional() }),
    z.object({ method: z.literal('public_notice'), publishedAt: instant, medium: text(200), reason: text(1000) }),
  ])
  // Lodging is recorded with a witness or with pictures of it (民诉法第八十九条).
  .refine((m) => m.method !== 'lodging' || !!m.witnessName || !!m.photoJpeg, { path: ['witnessName'], message: 'required' })
  .openapi('DeliveryMethod');

function methodInput(b: z.infer<typeof MethodBody>): MethodInput {
  switch (b.method) {
    case 'direct':
      return { ...b, signedAt: new Date(b.signedAt), signaturePng: Buffer.from(b.signaturePng, 'base64') };
    case 'post':
      return b;
    case 'lodging':
      return { ...b, lodgedAt: new Date(b.lodgedAt), photoJpeg: b.photoJpeg ? Buffer.from(b.photoJpeg, 'base64') : undefined };
    case 'public_notice':
      return { ...b, publishedAt: new Date(b.publishedAt) };
  }
}

/**
 * Service of documents (issue 14 item 2), mounted at /api: the officer serves a case document and
 * reads its evidence (case routes), the business reads, downloads and acknowledges its own in the
 * portal (/portal/deliveries), and the e-mail's open pixel (public).
 */
export function deliveryRoutes(deps: { deliveries: DeliveryService; portal: DeliveryPortalService; records: RecordReader; blobs: BlobStore }) {
  const { deliveries, portal } = deps;
  const app = router();
  const tags = ['deliveries'];

  app.openapi(route('case.act', { method: 'post', path: '/cases/{id}/documents/{documentId}/serve', tags, request: { params: CaseDoc }, responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const p = c.req.valid('param');
    return c.json(await deliveries.serve(callerOf(c), p.id, p.documentId), 201);
  });
  app.openapi(route('case.act', { method: 'post', path: '/cases/{id}/documents/{documentId}/service-methods', tags, request: { params: CaseDoc, ...body(MethodBody) }, responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const p = c.req.valid('param');
    return c.json(await deliveries.recordMethod(callerOf(c), p.id, p.documentId, methodInput(c.req.valid('json'))), 201);
  });
  app.openapi(route('case.read', { method: 'get', path: '/cases/{id}/documents/{documentId}/deliveries', tags, request: { params: CaseDoc }, responses: { 200: json(List), ...errorResponses } }), async (c) => {
    const p = c.req.valid('param');
    return c.json({ items: await deliveries.ofCase(callerOf(c), p.id, p.documentId) }, 200);
  });
  app.openapi(route('case.read', { method: 'get', path: '/cases/{id}/deliveries', tags, request: { params: Id }, responses: { 200: json(List), ...errorResponses } }), async (c) =>
    c.json({ items: await deliveries.ofCase(callerOf(c), c.req.valid('param').id) }, 200),
  );

  app.openapi(route('delivery.receive', { method: 'get', path: '/portal/deliveries', tags, responses: { 200: json(List), ...errorResponses } }), async (c) => c.json({ items: await portal.inbox(callerOf(c)) }, 200));
  app.openapi(route('delivery.receive', { method: 'get', path: '/portal/deliveries/{id}', tags, request: { params: Id }, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await portal.open(callerOf(c), c.req.valid('param').id), 200));
  app.openapi(route('delivery.receive', { method: 'get', path: '/portal/deliveries/{id}/document.pdf', tags, request: { params: Id }, responses: { 200: bytes('application/pdf', 'The document served (each download is an evidence event)'), ...errorResponses } }), async (c) => {
    const who = readerOf(c);
    const { id } = c.req.valid('param');
    // Through the read path (api/records): the portal service asks the access layer; the row names the version served.
    let found: Awaited<ReturnType<DeliveryPortalService['download']>> | undefined;
    const read = { action: 'download' as const, record: { kind: 'delivery_pdf' as const, id } };
    const granted = await deps.records.authorize(who, { ...read, ask: { decided: async () => ((found = await portal.download(who, id)), { resource: { kind: 'delivery', id } }) } });
    const f = found!;
    return deps.records.serve(who, { ...read, record: { ...read.record, sha256: f.sha256 }, ask: { granted } }, { body: () => deps.blobs.get(f.sha256), headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`, 'x-content-sha256': f.sha256, 'cache-control': 'private, no-store' } });
  });
  app.openapi(route('delivery.receive', { method: 'post', path: '/portal/deliveries/{id}/acknowledge', tags, request: { params: Id }, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await portal.acknowledge(callerOf(c), c.req.valid('param').id), 200));

  // The e-mail open pixel (no session: mail clients fetch it). Unknown tokens get the same pixel.
  app.openapi(route('public', { method: 'get', path: '/deliveries/open/{file}', tags, request: { params: z.object({ file: z.string() }) }, responses: { 200: bytes('image/gif', 'E-mail open pixel'), ...errorResponses } }), async (c) => {
    const m = /^([A-Za-z0-9_-]{32,64})\.gif$/.exec(c.req.param('file') ?? '');
    if (m) await portal.openByToken(m[1], clientIp(c));
    return new Response(new Uint8Array(PIXEL), { headers: { 'content-type': 'image/gif', 'content-length': String(PIXEL.length), 'cache-control': 'no-store' } });
  });
  return app;
}
