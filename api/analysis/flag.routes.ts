import { route } from '../access/access.route.js';
import { RULE_KINDS, TAMPER_TYPES } from '../../core/analysis/rule-definition.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { AppError } from '../../core/errors.js';
import { bytes, errorResponses, json, rangeResponses, router, z } from '../http/openapi.js';
import { callerOf, type Caller } from '../http/request-context.js';
import { idParam, sendMiss } from './analysis.http.js';
import { parseRange, sliceStream } from './byte-range.js';
import { decodeCursor, encodeCursor, FlagDetailDto, FlagPageDto, toFlagDetail, toFlagListItem } from './flag.dto.js';
import type { FlagService } from './flag.service.js';
import type { PictureViews } from './picture-views.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';

const FlagQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  deviceId: z.uuid().optional(),
  businessId: z.uuid().optional(),
  type: z.enum([...RULE_KINDS, ...TAMPER_TYPES]).optional(),
  source: z.enum(['rule', 'tamper', 'sensor']).optional(),
  state: z.enum(['active', 'ended']).optional(),
});

/** Called after a user was shown a flag (the review records who saw it and when, R5). */
export type FlagViewHook = (caller: Caller, flagId: string) => Promise<void>;

/** Flags, their pictures and clips, mounted at /api. */
/** Called before a flag's clip or snapshot is served (the cases module logs reads of an archived case's evidence). */
export type EvidenceReadHook = (caller: Caller, flagId: string, what: 'evidence_clip' | 'evidence_snapshot', context: Record<string, unknown>) => Promise<void>;

export function flagRoutes(deps: { flags: FlagService; records: RecordReader; blobs: BlobStore; logView: PictureViews; onView?: FlagViewHook; onEvidenceRead?: EvidenceReadHook }) {
  const { flags } = deps;
  const app = router();
  const tags = ['analysis'];

  app.openapi(route('flag.read', { method: 'get', path: '/flags', tags, request: { query: FlagQuery }, responses: { 200: json(FlagPageDto), ...errorResponses } }), async (c) => {
    const { limit, cursor, ...filter } = c.req.valid('query');
    const at = cursor ? decodeCursor(cursor) : null;
    if (cursor && !at) throw new AppError('validation_failed', '', [{ path: ['cursor'], message: 'invalid' }]);
    const page = await flags.list(callerOf(c), filter, limit, at);
    const last = page.rows.at(-1);
    return c.json({ items: page.rows.map(toFlagListItem), nextCursor: page.more && last ? encodeCursor(last) : null, counts: page.counts }, 200);
  });

  app.openapi(
    route('flag.read', { method: 'get', path: '/flags/{flagId}', tags, request: { params: z.object({ flagId: z.uuid() }) }, responses: { 200: json(FlagDetailDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const d = await flags.detail(caller, c.req.valid('param').flagId);
      await deps.onView?.(caller, d.flag.id);
      return c.json(toFlagDetail(d.flag, d.rule, d.segments, d.clips), 200);
    },
  );

  app.openapi(route('flag.read', { method: 'get', path: '/flags/{flagId}/snapshot.jpg', tags: ['analysis'], request: { params: z.object({ flagId: z.string() }) }, responses: { 200: bytes('image/jpeg', 'The annotated snapshot (viewing is logged)'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const flagId = idParam(c, 'flagId');
    const who = readerOf(c);
    // Through the read path (api/records): the flag's module asks the access layer; a refusal is a denied read.
    let found: Awaited<ReturnType<FlagService['flagFor']>> | undefined;
    const granted = await deps.records.authorize(who, { action: 'view', record: { kind: 'flag_snapshot', id: flagId }, ask: { decided: async () => ((found = await flags.flagFor(caller, flagId)), { resource: { kind: 'flag', id: flagId } }) } });
    const first = found!;
    const sha256 = first.snapshot_sha256;
    const stored = sha256 ? await flags.mediaTypeOf(sha256) : null;
    if (!sha256 || !stored) return sendMiss(c, 'no_picture');
    const type = stored.startsWith('image/') ? stored : 'image/jpeg';
    return deps.records.serve(
      who,
      { action: 'view', record: { kind: 'flag_snapshot', id: first.id, sha256 }, deviceId: first.device_id, ask: { granted } },
      {
        body: async () => {
          const file = await deps.blobs.get(sha256);
          await deps.onEvidenceRead?.(caller, first.id, 'evidence_snapshot', { sha256 });
          return file;
        },
        headers: { 'content-type': type, 'cache-control': 'private, no-store', 'x-content-sha256': sha256 },
        onEnd: (bytes) => void deps.logView(caller, { deviceId: first.device_id, bytes, action: 'flag.snapshot_viewed', context: { flagId: first.id, sha256 } }),
      },
    );
  });

  // Browsers play video by ranges: each request is a view, logged with the bytes it asked for.
  // A version pins the bytes: a player keeps asking for ranges of the clip it started while a
  // longer version of an ongoing event's clip is added. Without one: the newest.
  const ClipQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() });
  app.openapi(route('flag.read', { method: 'get', path: '/flags/{flagId}/clip.mp4', tags: ['analysis'], request: { params: z.object({ flagId: z.string() }), query: ClipQuery }, responses: { 200: bytes('video/mp4', 'The evidence clip, a given version or the newest (Range supported; viewing is logged)'), ...rangeResponses, ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const who = readerOf(c);
    const flagId = idParam(c, 'flagId');
    // The clip is named by its flag's id and its bytes' SHA-256 (flag_clips has no id of its own: flag + version).
    let found: Awaited<ReturnType<FlagService['clipSha256']>> | undefined;
    const granted = await deps.records.authorize(who, { action: 'play', record: { kind: 'flag_clip', id: flagId }, ask: { decided: async () => ((found = await flags.clipSha256(caller, flagId, c.req.valid('query').version)), { resource: { kind: 'flag', id: flagId } }) } });
    const { flag: f, sha256 } = found!;
    const stat = sha256 ? await deps.blobs.stat(sha256) : null;
    if (!sha256 || !stat) return sendMiss(c, 'no_clip');
    const size = stat.size;
    const range = parseRange(c.req.header('range'), size);
    if (range === 'unsatisfiable') return sendMiss(c, 'range_not_satisfiable', { 'content-range': `bytes */${size}` });
    const part = range ?? { start: 0, end: size - 1 };
    const length = size === 0 ? 0 : part.end - part.start + 1;
    await deps.logView(caller, { deviceId: f.device_id, bytes: length, action: 'flag.clip_viewed', context: { flagId: f.id, sha256, range: range ? `${part.start}-${part.end}` : null } });
    await deps.onEvidenceRead?.(caller, f.id, 'evidence_clip', { sha256, range: range ? `${part.start}-${part.end}` : null });
    const headers: Record<string, string> = { 'content-type': 'video/mp4', 'content-length': String(length), 'accept-ranges': 'bytes', 'cache-control': 'private, no-store', 'x-content-sha256': sha256 };
    if (range) headers['content-range'] = `bytes ${part.start}-${part.end}/${size}`;
    // One read row per range, counted for the bytes sent.
    return deps.records.serve(
      who,
      { action: 'play', record: { kind: 'flag_clip', id: f.id, sha256 }, deviceId: f.device_id, ask: { granted } },
      { body: async () => { const source = await deps.blobs.get(sha256); return range ? sliceStream(source, part) : source; }, headers, status: range ? 206 : 200 },
    );
  });
  return app;
}
