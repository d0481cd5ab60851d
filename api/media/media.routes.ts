import { createReadStream } from 'node:fs';
import type { Context } from 'hono';
import { z } from 'zod';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../http/context.js';
import { route } from '../access/access.route.js';
import { body, bytes, errorResponses, json, rangeResponses, router } from '../http/openapi.js';
import { parseRange } from '../analysis/byte-range.js';
import { PLAYBACK_MAX_MS } from './media.service.js';
import { callerOf } from '../http/request-context.js';
import type { MediaService } from './media.service.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';

const Id = z.uuid();
const DeviceParam = z.object({ id: z.string() });
const When = z.object({ startedAt: z.string(), endedAt: z.string() });
const Timeline = z.object({
  device: z.object({ id: z.string(), name: z.string(), kind: z.string(), status: z.string(), pointsAt: z.string(), site: z.object({ id: z.string(), name: z.string(), address: z.string() }), business: z.object({ id: z.string(), name: z.string() }) }),
  now: z.string(),
  installedAt: z.string().nullable(),
  spans: z.array(When.extend({ segments: z.number(), partial: z.boolean() })).openapi({ description: 'Playable recorded runs (touching segments joined)' }),
  gaps: z.array(z.object({ startedAt: z.string(), endedAt: z.string().nullable(), reason: z.string() })),
  watched: z.array(When).openapi({ description: 'When the device was installed and consented (expected to record), up to now' }),
  blind: z.array(When).openapi({ description: 'Expected to record, nothing recorded' }),
  summary: z.object({ watchedSeconds: z.number(), recordedSeconds: z.number(), blindSeconds: z.number(), uptimePercent: z.number().nullable() }),
  flags: z.array(z.object({ id: z.string(), type: z.string(), state: z.string(), startedAt: z.string(), endedAt: z.string().nullable() })),
  live: z.boolean(),
});
const Playback = z.object({
  viewId: z.string(),
  url: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number(),
  seekMs: z.number(),
  size: z.number(),
  segments: z.array(When.extend({ id: z.string(), sha256: z.string(), offsetMs: z.number() })),
  next: z.string().nullable(),
});
const PlaybackInput = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).optional() });
const Alerts = z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), since: z.string(), raisedAt: z.string(), deviceId: z.string(), deviceName: z.string(), businessId: z.string(), businessName: z.string() })) });
const Health = z.record(z.string(), z.unknown());
const tags = ['media'];
const Range = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });

/** Live view (HTTP-FLV proxied from the streams process) and playback, mounted at /api. */
export function mediaRoutes(deps: { media: MediaService; records: RecordReader; blobs: BlobStore; streamsUrl: string; internalToken: string; offlineAlertMinutes?: number }) {
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
    let viewId = '';
    // Through the read path (api/records): asked, logged as a 'live' read, its bytes counted.
    return deps.records.serve(
      readerOf(c),
      { action: 'live', record: { kind: 'live', id: deviceId }, deviceId, ask: { permission: 'media.view', resource: { kind: 'device', id: deviceId } } },
      {
        body: async () => {
          const upstream = await fetch(`${deps.streamsUrl}/live/${deviceId}.flv`, { headers: { authorization: `Bearer ${deps.internalToken}` } }).catch(() => null);
          if (!upstream) throw new AppError('unavailable', 'media.streams_down');
          if (upstream.status === 404) throw new AppError('not_found', 'media.offline');
          if (!upstream.ok || !upstream.body) throw new AppError('unavailable', 'media.streams_down');
          viewId = await media.startView(caller, deviceId, 'live', null);
          return upstream.body;
        },
        headers: { 'content-type': 'video/x-flv', 'cache-control': 'no-store' },
        onEnd: (bytes) => void media.endView(viewId, bytes),
      },
    ).then((res) => {
      res.headers.set('x-vigil-view', viewId);
      return res;
    });
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
    const seg = await media.segment(param(c, 'id'));
    let viewId = '';
    // A segment is a stretch of its device's recording: in scope, or under a 调用单 whose window holds it.
    const window = { from: new Date(seg.started_at), to: new Date(seg.ended_at) };
    return deps.records.serve(
      readerOf(c),
      { action: 'download', record: { kind: 'segment', id: seg.id, sha256: seg.blob_sha256 }, deviceId: seg.device_id, ask: { permission: 'media.view', record: { kind: 'device', id: seg.device_id, ...window } } },
      {
        body: async () => {
          const file = await deps.blobs.get(seg.blob_sha256);
          viewId = await media.startView(caller, seg.device_id, 'playback', seg.id);
          return file;
        },
        headers: { 'content-type': 'video/x-flv', 'content-length': String(seg.size), 'cache-control': 'private, no-store', 'x-content-sha256': seg.blob_sha256 },
        onEnd: (bytes) => void media.endView(viewId, bytes),
      },
    );
  });
  // A stretch of recording as one playable file (segments joined): the view is logged when asked for.
  const playback = route('media.view', { method: 'post', path: '/devices/{id}/playback', tags, request: { params: DeviceParam, ...body(PlaybackInput) }, responses: { 200: json(Playback, 'One playable window from the segment holding `from`; the view is recorded'), ...errorResponses } });
  app.openapi(playback, async (c) => {
    const input = c.req.valid('json');
    const from = new Date(input.from);
    const to = input.to ? new Date(input.to) : new Date(from.getTime() + PLAYBACK_MAX_MS);
    if (to <= from) throw new AppError('validation_failed', '', [{ path: ['to'], message: 'media.range' }]);
    return c.json(await media.playback(callerOf(c), param(c, 'id'), from, to), 200);
  });

  const playbackFile = route('media.view', { method: 'get', path: '/playback/{id}/video.mp4', tags, request: { params: DeviceParam }, responses: { 200: bytes('video/mp4', 'The joined window (Range supported), to the viewer who asked for it'), ...rangeResponses, ...errorResponses } });
  app.openapi(playbackFile, async (c) => {
    const f = await media.playbackFile(callerOf(c), param(c, 'id'));
    // A view read under a grant is served only while the grant is in force (requireGrant at every range); else the device's scope.
    const read = {
      action: 'play' as const,
      record: { kind: 'recording' as const, id: f.deviceId, window: f.from && f.to ? { from: f.from, to: f.to } : null },
      deviceId: f.deviceId,
      ask: { permission: 'media.view' as const, resource: { kind: 'device' as const, id: f.deviceId }, grantId: f.grantId },
    };
    const range = parseRange(c.req.header('range'), f.size);
    if (range === 'unsatisfiable') return new Response(JSON.stringify({ code: 'range_not_satisfiable' }), { status: 416, headers: { 'content-type': 'application/json', 'content-range': `bytes */${f.size}` } });
    const part = range ?? { start: 0, end: f.size - 1 };
    const length = f.size === 0 ? 0 : part.end - part.start + 1;
    const headers: Record<string, string> = { 'content-type': 'video/mp4', 'content-length': String(length), 'accept-ranges': 'bytes', 'cache-control': 'private, no-store' };
    if (range) headers['content-range'] = `bytes ${part.start}-${part.end}/${f.size}`;
    // One read row per range asked, counted for the bytes of that range actually sent.
    return deps.records.serve(readerOf(c), read, { body: async () => createReadStream(f.file, { start: part.start, end: Math.max(part.start, part.end) }), headers, status: range ? 206 : 200, onEnd: (n) => void media.addViewBytes(f.viewId, n) });
  });
  return app;
}
