import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { z } from 'zod';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../http/context.js';
import { route } from '../access/access.route.js';
import { bytes, errorResponses, json, router } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { MediaService } from './media.service.js';

const Id = z.uuid();
const DeviceParam = z.object({ id: z.string() });
const Timeline = z.object({ segments: z.array(z.object({ id: z.string(), startedAt: z.string(), endedAt: z.string(), size: z.number(), partial: z.boolean(), sha256: z.string(), retentionClass: z.string() })), gaps: z.array(z.object({ startedAt: z.string(), endedAt: z.string().nullable(), reason: z.string() })), live: z.boolean() });
const Alerts = z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), since: z.string(), raisedAt: z.string(), deviceId: z.string(), deviceName: z.string(), businessId: z.string(), businessName: z.string() })) });
const Health = z.record(z.string(), z.unknown());
const tags = ['media'];
const Range = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });

/** Counts bytes passed on and reports once when the viewer goes or the stream ends. */
function metered(body: ReadableStream<Uint8Array>, onEnd: (bytes: number) => void): ReadableStream<Uint8Array> {
  let bytes = 0;
  let ended = false;
  const finish = () => {
    if (!ended) {
      ended = true;
      onEnd(bytes);
    }
  };
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          finish();
          ctrl.close();
          return;
        }
        bytes += value.byteLength;
        ctrl.enqueue(value);
      } catch (err) {
        finish();
        ctrl.error(err);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
}

/** Live view (HTTP-FLV proxied from the streams process) and playback, mounted at /api. */
export function mediaRoutes(deps: { media: MediaService; blobs: BlobStore; streamsUrl: string; internalToken: string; offlineAlertMinutes?: number }) {
  const { media } = deps;
  const app = router();
  const param = (c: Context<AppEnv>, name: string) => {
    const r = Id.safeParse(c.req.param(name));
    if (!r.success) throw new AppError('not_found', '');
    return r.data;
  };

  const live = route('media.view', { method: 'get', path: '/devices/{id}/live.flv', tags, request: { params: DeviceParam }, responses: { 200: bytes('video/x-flv', 'The live stream (HTTP-FLV); the view is recorded'), 503: json(z.object({ code: z.string() }), 'Streams unavailable'), ...errorResponses } });
  app.openapi(live, async (c) => {
    const caller = callerOf(c);
    const deviceId = param(c, 'id');
    await media.deviceFor(caller, deviceId);
    const upstream = await fetch(`${deps.streamsUrl}/live/${deviceId}.flv`, { headers: { authorization: `Bearer ${deps.internalToken}` } }).catch(() => null);
    if (!upstream) throw new AppError('unavailable', 'media.streams_down');
    if (upstream.status === 404) throw new AppError('not_found', 'media.offline');
    if (!upstream.ok || !upstream.body) throw new AppError('unavailable', 'media.streams_down');
    const viewId = await media.startView(caller, deviceId, 'live', null);
    const body = metered(upstream.body, (bytes) => void media.endView(viewId, bytes));
    return new Response(body, { headers: { 'content-type': 'video/x-flv', 'cache-control': 'no-store', 'x-vigil-view': viewId } });
  });

  const timeline = route('media.view', { method: 'get', path: '/devices/{id}/recordings', tags, request: { params: DeviceParam, query: z.object({ from: z.string().optional(), to: z.string().optional() }) }, responses: { 200: json(Timeline, 'Segments, gaps and whether it is live'), ...errorResponses } });
  app.openapi(timeline, async (c) => {
    const caller = callerOf(c);
    const q = Range.safeParse(c.req.query());
    if (!q.success) throw new AppError('validation_failed', '', [{ path: ['from'], message: 'invalid' }]);
    const to = q.data.to ? new Date(q.data.to) : new Date();
    const from = q.data.from ? new Date(q.data.from) : new Date(to.getTime() - 24 * 3600_000);
    if (to.getTime() - from.getTime() > 31 * 86400_000 || to < from) throw new AppError('validation_failed', '', [{ path: ['to'], message: 'media.range' }]);
    return c.json(await media.timeline(caller, param(c, 'id'), from, to), 200);
  });

  app.openapi(route('media.view', { method: 'get', path: '/alerts', tags, responses: { 200: json(Alerts, 'Open device alerts in scope'), ...errorResponses } }), async (c) => c.json({ items: await media.openAlerts(callerOf(c)) }, 200));

  app.openapi(route('media.view', { method: 'get', path: '/devices/{id}/health', tags, request: { params: DeviceParam }, responses: { 200: json(Health, 'Stream health and recorded share per day'), ...errorResponses } }), async (c) =>
    c.json(await media.health(callerOf(c), param(c, 'id'), deps.offlineAlertMinutes ?? 10), 200),
  );

  const segment = route('media.view', { method: 'get', path: '/recordings/{id}/media', tags, request: { params: DeviceParam }, responses: { 200: bytes('video/x-flv', 'One recorded segment, as stored (x-content-sha256)'), ...errorResponses } });
  app.openapi(segment, async (c) => {
    const caller = callerOf(c);
    const seg = await media.segment(caller, param(c, 'id'));
    const viewId = await media.startView(caller, seg.device_id, 'playback', seg.id);
    const file = Readable.toWeb(await deps.blobs.get(seg.blob_sha256)) as ReadableStream<Uint8Array>;
    const body = metered(file, (bytes) => void media.endView(viewId, bytes));
    return new Response(body, { headers: { 'content-type': 'video/x-flv', 'content-length': String(seg.size), 'cache-control': 'private, no-store', 'x-content-sha256': seg.blob_sha256 } });
  });
  return app;
}
