import { Readable } from 'node:stream';
import { route } from '../access/access.route.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { body, bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { DeviceGuard } from './analysis.guard.js';
import { idParam, sendMiss } from './analysis.http.js';
import type { DeviceSnapshots } from './device-snapshot.js';
import type { PictureViews } from './picture-views.js';
import type { ReferenceService } from './reference.service.js';
import { DeviceParam, RelearnInput } from './rule.schemas.js';

const ReferenceDto = z
  .object({ capturedAt: z.string(), width: z.number().int(), height: z.number().int(), setBy: z.string(), relearnRequestedAt: z.string().nullable() })
  .openapi('ReferenceScene');
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** A camera's recent picture and its reference scene, mounted at /api. */
export function devicePictureRoutes(deps: { records: RecordReader; deviceFor: DeviceGuard; snapshots: DeviceSnapshots; references: ReferenceService; blobs: BlobStore; logView: PictureViews }) {
  const { references } = deps;
  const app = router();
  const tags = ['analysis'];

  app.openapi(route('analysis.read', { method: 'get', path: '/devices/{deviceId}/snapshot.jpg', tags: ['analysis'], request: { params: z.object({ deviceId: z.string() }) }, responses: { 200: bytes('image/jpeg', 'The current picture of the camera (viewing is logged)'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const who = readerOf(c);
    const deviceId = idParam(c, 'deviceId');
    // Through the read path (api/records): asked, logged as a view of the device's picture, counted.
    const read = { action: 'view' as const, record: { kind: 'device_picture' as const, id: deviceId }, deviceId };
    const granted = await deps.records.authorize(who, { ...read, ask: { decided: async () => (await deps.deviceFor(caller, deviceId), { resource: { kind: 'device', id: deviceId } }) } });
    const shot = await deps.snapshots.latest(deviceId);
    if (shot.kind === 'none') return sendMiss(c, 'no_picture');
    if (shot.kind === 'failed') return sendMiss(c, 'snapshot_failed');
    await deps.logView(caller, { deviceId, segmentId: shot.segmentId, bytes: shot.jpeg.length, action: 'media.snapshot_viewed', context: {} });
    return deps.records.serve(who, { ...read, ask: { granted } }, { body: async () => Readable.from([shot.jpeg]), headers: { 'content-type': 'image/jpeg', 'content-length': String(shot.jpeg.length), 'cache-control': 'private, no-store' } });
  });

  app.openapi(
    route('analysis.read', { method: 'get', path: '/devices/{deviceId}/reference', tags, request: { params: DeviceParam }, responses: { 200: json(ReferenceDto), ...errorResponses } }),
    async (c) => {
      const row = await references.get(callerOf(c), c.req.valid('param').deviceId);
      if (!row) return sendMiss(c, 'no_reference') as never;
      return c.json({ capturedAt: iso(row.captured_at)!, width: row.width, height: row.height, setBy: row.set_by, relearnRequestedAt: iso(row.relearn_requested_at) }, 200);
    },
  );

  app.openapi(route('analysis.read', { method: 'get', path: '/devices/{deviceId}/reference.jpg', tags: ['analysis'], request: { params: z.object({ deviceId: z.string() }) }, responses: { 200: bytes('image/jpeg', 'The learned reference scene'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const who = readerOf(c);
    const deviceId = idParam(c, 'deviceId');
    let ref: Awaited<ReturnType<ReferenceService['picture']>> | undefined;
    const read = { action: 'view' as const, record: { kind: 'device_picture' as const, id: deviceId }, deviceId };
    const granted = await deps.records.authorize(who, { ...read, ask: { decided: async () => ((ref = await references.picture(caller, deviceId)), { resource: { kind: 'device', id: deviceId } }) } });
    const bytes = ref && (await deps.blobs.get(ref.sha256).then(readAll, () => null));
    if (!ref || !bytes) return sendMiss(c, 'no_reference');
    await deps.logView(caller, { deviceId, bytes: bytes.length, action: 'media.reference_viewed', context: { sha256: ref.sha256 } });
    return deps.records.serve(who, { ...read, record: { ...read.record, sha256: ref.sha256 }, ask: { granted } }, { body: async () => Readable.from([bytes]), headers: { 'content-type': ref.mediaType, 'content-length': String(bytes.length), 'cache-control': 'private, no-store' } });
  });

  app.openapi(
    route('analysis.write', {
      method: 'post',
      path: '/devices/{deviceId}/reference/relearn',
      tags,
      request: { params: DeviceParam, ...body(RelearnInput) },
      responses: { 200: json(z.object({ relearnRequestedAt: z.string() })), ...errorResponses },
    }),
    async (c) => {
      const row = await references.relearn(callerOf(c), c.req.valid('param').deviceId, c.req.valid('json').reason);
      if (!row) return sendMiss(c, 'no_reference') as never;
      return c.json({ relearnRequestedAt: iso(row.relearn_requested_at)! }, 200);
    },
  );
  return app;
}
