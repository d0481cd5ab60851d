import { route } from '../access/access.route.js';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { AppError } from '../../core/errors.js';
import { body, bytes, errorResponses, json, rangeResponses, router, upload, z } from '../http/openapi.js';
import { callerOf, clientIp, type Caller } from '../http/request-context.js';
import { idParam, sendMiss } from '../analysis/analysis.http.js';
import { parseRange, sliceStream } from '../analysis/byte-range.js';
import type { PictureViews } from '../analysis/picture-views.js';
import type { Access } from '../access/access.service.js';
import { scopeOf } from '../access/scope.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { RecordRef } from '../../core/records/record-ref.js';
import { FINDING_STATUSES, FindingDetailDto, FindingListItemDto } from './finding.dto.js';
import type { FindingRepository } from './finding.repository.js';
import type { FindingPortalService } from './finding-portal.service.js';
import type { FindingViews } from './finding-detail.js';
const RespondInput = z.object({ decision: z.enum(['confirm', 'dispute']), statement: z.string().max(4000), expectedVersion: z.number().int().min(1) }).strict();
// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The business portal (/api/portal/findings), the staff view of a flag's finding, and the e-mail open pixel. */
export function findingRoutes(deps: { portal: FindingPortalService; repo: FindingRepository; views: FindingViews; access: Access; records: RecordReader; blobs: BlobStore; logView: PictureViews }) {
  const { portal, repo, views } = deps;
  const app = router();
  const tags = ['findings'];
  const detail = (caller: Caller, f: Parameters<FindingViews['detail']>[1]) => views.detail(caller, f);

  app.openapi(
    route('finding.read', { method: 'get', path: '/portal/findings', tags, request: { query: z.object({ status: z.enum(FINDING_STATUSES).optional() }) }, responses: { 200: json(z.object({ items: z.array(FindingListItemDto) })), ...errorResponses } }),
    async (c) => {
      const rows = await portal.list(callerOf(c), c.req.valid('query'), 200);
      return c.json({ items: await views.list(rows) }, 200);
    },
  );

  app.openapi(route('finding.read', { method: 'get', path: '/portal/findings/{id}', tags, request: { params: z.object({ id: z.uuid() }) }, responses: { 200: json(FindingDetailDto), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const f = await portal.open(caller, c.req.valid('param').id);
    return c.json(await detail(caller, f), 200);
  });

  app.openapi(
    route('finding.answer', { method: 'post', path: '/portal/findings/{id}/respond', tags, request: { params: z.object({ id: z.uuid() }), ...body(RespondInput) }, responses: { 200: json(FindingDetailDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      await portal.respond(caller, id, c.req.valid('json'));
      return c.json(await detail(caller, await portal.load(caller, id)), 200);
    },
  );

  // Raw upload: the body is the file, its name in ?filename=.
  app.openapi(route('finding.answer', { method: 'post', path: '/portal/findings/{id}/attachments', tags: ['findings'], request: { params: z.object({ id: z.string() }), ...upload(['image/jpeg', 'image/png', 'application/pdf']) }, responses: { 201: json(z.object({}).passthrough(), 'Stored'), 413: json(z.object({ code: z.string() }), 'Too large'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    const claimedType = (c.req.header('content-type') ?? '').split(';')[0].trim();
    const att = await portal.attach(caller, idParam(c, 'id'), { bytes, claimedType, filename: c.req.query('filename') ?? '' });
    return c.json({ id: att.id, filename: att.filename, mediaType: att.media_type, size: Number(att.size), sha256: att.blob_sha256, uploadedAt: new Date(att.uploaded_at).toISOString() }, 201);
  });

  app.openapi(route('finding.read', { method: 'get', path: '/portal/findings/{id}/attachments/{attachmentId}', tags: ['findings'], request: { params: z.object({ id: z.string(), attachmentId: z.string() }) }, responses: { 200: bytes(['image/jpeg', 'image/png', 'application/pdf'], 'An attached file'), ...errorResponses } }), async (c) => {
    const who = readerOf(c);
    const attId = idParam(c, 'attachmentId');
    // Through the read path (api/records): the portal service asks the access layer for the finding.
    let found: Awaited<ReturnType<FindingRepository['attachments']>>[number] | undefined;
    const read = { action: 'view' as const, record: { kind: 'finding_attachment' as const, id: attId } };
    const granted = await deps.records.authorize(who, {
      ...read,
      ask: {
        decided: async () => {
          const f = await portal.load(who, idParam(c, 'id'));
          found = (await repo.attachments(f.id)).find((a) => a.id === attId);
          if (!found) throw new AppError('not_found', '');
          return { resource: { kind: 'finding', id: f.id } };
        },
      },
    });
    const att = found!;
    return deps.records.serve(who, { ...read, record: { ...read.record, sha256: att.blob_sha256 }, ask: { granted } }, { body: () => deps.blobs.get(att.blob_sha256), headers: { 'content-type': att.media_type, 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(att.filename)}`, 'cache-control': 'private, no-store' } });
  });

  app.openapi(route('finding.read', { method: 'get', path: '/portal/findings/{id}/snapshot.jpg', tags: ['findings'], request: { params: z.object({ id: z.string() }) }, responses: { 200: bytes('image/jpeg', 'The annotated snapshot (viewing is logged)'), ...errorResponses } }), async (c) => {
    const caller = readerOf(c);
    // Through the read path (api/records): the flag's snapshot, asked of the access layer through the finding.
    let found: Awaited<ReturnType<FindingPortalService['load']>> | undefined;
    const findingId = idParam(c, 'id');
    const ref: RecordRef = { kind: 'flag_snapshot', id: findingId };
    const granted = await deps.records.authorize(caller, { action: 'view', record: ref, ask: { decided: async () => ((found = await portal.load(caller, findingId)), (ref.id = found.flag_id), { resource: { kind: 'finding', id: found.id } }) } });
    const f = found!;
    const file = f.snapshot_sha256 ? await deps.blobs.get(f.snapshot_sha256).catch(() => null) : null;
    if (!f.snapshot_sha256 || !file) return sendMiss(c, 'no_picture');
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    await deps.logView(caller, { deviceId: f.device_id, bytes: bytes.length, action: 'flag.snapshot_viewed', context: { flagId: f.flag_id, findingId: f.id, sha256: f.snapshot_sha256 } });
    return deps.records.serve(caller, { action: 'view', record: { kind: 'flag_snapshot', id: f.flag_id, sha256: f.snapshot_sha256 }, deviceId: f.device_id, ask: { granted } }, { body: async () => Readable.from([bytes]), headers: { 'content-type': 'image/jpeg', 'content-length': String(bytes.length), 'cache-control': 'private, no-store' } });
  });

  app.openapi(route('finding.read', { method: 'get', path: '/portal/findings/{id}/clip.mp4', tags: ['findings'], request: { params: z.object({ id: z.string() }) }, responses: { 200: bytes('video/mp4', 'The evidence clip (Range supported; viewing is logged)'), ...rangeResponses, ...errorResponses } }), async (c) => {
    const caller = readerOf(c);
    // Through the read path (api/records): one 'play' row per range, named by the flag's id and the clip's hash.
    let found: Awaited<ReturnType<FindingPortalService['load']>> | undefined;
    const findingId = idParam(c, 'id');
    const ref: RecordRef = { kind: 'flag_clip', id: findingId };
    const granted = await deps.records.authorize(caller, { action: 'play', record: ref, ask: { decided: async () => ((found = await portal.load(caller, findingId)), (ref.id = found.flag_id), { resource: { kind: 'finding', id: found.id } }) } });
    const f = found!;
    const stat = f.clip_sha256 ? await deps.blobs.stat(f.clip_sha256) : null;
    if (!f.clip_sha256 || !stat) return sendMiss(c, 'no_clip');
    const range = parseRange(c.req.header('range'), stat.size);
    if (range === 'unsatisfiable') return sendMiss(c, 'range_not_satisfiable', { 'content-range': `bytes */${stat.size}` });
    const part = range ?? { start: 0, end: stat.size - 1 };
    const length = stat.size === 0 ? 0 : part.end - part.start + 1;
    await deps.logView(caller, { deviceId: f.device_id, bytes: length, action: 'flag.clip_viewed', context: { flagId: f.flag_id, findingId: f.id, sha256: f.clip_sha256, range: range ? `${part.start}-${part.end}` : null } });
    const sha256 = f.clip_sha256;
    const headers: Record<string, string> = { 'content-type': 'video/mp4', 'content-length': String(length), 'accept-ranges': 'bytes', 'cache-control': 'private, no-store' };
    if (range) headers['content-range'] = `bytes ${part.start}-${part.end}/${stat.size}`;
    return deps.records.serve(
      caller,
      { action: 'play', record: { kind: 'flag_clip', id: f.flag_id, sha256 }, deviceId: f.device_id, ask: { granted } },
      { body: async () => { const source = await deps.blobs.get(sha256); return range ? sliceStream(source, part) : source; }, headers, status: range ? 206 : 200 },
    );
  });

  // Staff: the finding of a confirmed flag, with its answer and trail.
  app.openapi(route('flag.read', { method: 'get', path: '/flags/{flagId}/finding', tags, request: { params: z.object({ flagId: z.uuid() }) }, responses: { 200: json(FindingDetailDto), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const { flagId } = c.req.valid('param');
    await deps.access.require(caller, 'flag.read', { kind: 'flag', id: flagId });
    const f = await repo.getByFlag(scopeOf(caller.user), flagId);
    if (!f) throw new AppError('not_found', '');
    return c.json(await detail(caller, f), 200);
  });

  return app;
}

/** The e-mail open pixel (no session: mail clients fetch it). Unknown tokens get the same pixel. */
export function findingPixelRoutes(portal: FindingPortalService) {
  const app = router();
  app.openapi(route('public', { method: 'get', path: '/findings/open/{file}', tags: ['findings'], request: { params: z.object({ file: z.string() }) }, responses: { 200: bytes('image/gif', 'E-mail open pixel'), ...errorResponses } }), async (c) => {
    const m = /^([A-Za-z0-9_-]{32,64})\.gif$/.exec(c.req.param('file') ?? '');
    if (m) await portal.openByToken(m[1], clientIp(c));
    return new Response(new Uint8Array(PIXEL), { headers: { 'content-type': 'image/gif', 'content-length': String(PIXEL.length), 'cache-control': 'no-store' } });
  });
  return app;
}
