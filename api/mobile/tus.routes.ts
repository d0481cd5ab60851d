import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.js';
import { UPLOAD_KINDS } from '../../core/records/upload-deadline.js';
import { route } from '../access/access.route.js';
import type { AppEnv } from '../http/context.js';
import { errorResponses, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { zodIssues } from '../http/errors.js';
import { MOBILE_MAX_BYTES, type MobileRecordingService } from './mobile-recording.service.js';

/**
 * The core of the tus 1.0 resumable upload protocol (https://tus.io/protocols/resumable-upload,
 * core + creation), enough for tus-js-client: POST creates an upload from Upload-Length and
 * Upload-Metadata and answers its Location; HEAD (Hono serves it from the GET) tells Upload-Offset;
 * PATCH appends at Upload-Offset (409 on a wrong offset). Mounted at /api, behind the session and its
 * CSRF header like every write, permission record.upload, scope through the access layer
 * (mobile-recording.service.ts). Finishing (hash, size, late reason) is its own JSON call.
 *
 * Written here rather than mounting @tus/server: its handler owns the request from start to end
 * (its own store, locker and hooks), while an upload here is one of our records: created with its
 * labels in the access layer and the ledger, refused in the same way as every other refusal.
 */
export const TUS_PATH = '/uploads/tus';
const TUS = { 'Tus-Resumable': '1.0.0' };

/**
 * tus 1.0 §Tus-Resumable: "MUST be included in every request and response", refusals too (401 without
 * a session, 403 out of scope, 413 past the size). Mounted in api/app.ts ahead of the session and the
 * body limit so that their answers carry it as well.
 */
export const tusResumable: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Tus-Resumable', '1.0.0');
  // An offset is true only at the moment it is answered: no cache between the phone and us keeps it.
  if (c.req.method === 'HEAD' || c.req.method === 'GET') c.res.headers.set('Cache-Control', 'no-store');
};

const Meta = z
  .object({
    filename: z.string().trim().min(1).max(255),
    filetype: z.string().trim().max(100).default('application/octet-stream'),
    kind: z.enum(UPLOAD_KINDS),
    target: z.enum(['case', 'device']),
    targetId: z.uuid(),
    capturedFrom: z.iso.datetime({ offset: true }),
    capturedTo: z.iso.datetime({ offset: true }),
    matter: z.string().trim().min(1).max(500),
    officers: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.uuid()).min(1).max(20)),
    recorderSerial: z.string().trim().min(1).max(100).optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((m) => Date.parse(m.capturedTo) >= Date.parse(m.capturedFrom), { path: ['capturedTo'], message: 'invalid' });

/** Upload-Metadata: comma-separated `key base64(value)` pairs (tus 1.0 creation). */
export function parseMetadata(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

const tusError = (status: 400 | 409 | 412 | 413 | 415, message: string) => new AppError(status === 409 ? 'conflict' : status === 413 ? 'payload_too_large' : 'validation_failed', message);

export function tusRoutes(deps: { uploads: MobileRecordingService }) {
  const app = router();
  const tags = ['uploads'];
  const Id = z.object({ id: z.string() });
  const headers = (c: Context<AppEnv>) => {
    if (c.req.header('tus-resumable') !== '1.0.0') throw tusError(412, 'Tus-Resumable: 1.0.0 required');
  };

  app.openapi(route('public', { method: 'options', path: TUS_PATH, tags, responses: { 204: { description: 'The protocol this server speaks' } } }), (c) =>
    c.body(null, 204, { ...TUS, 'Tus-Version': '1.0.0', 'Tus-Extension': 'creation', 'Tus-Max-Size': String(MOBILE_MAX_BYTES) }),
  );

  app.openapi(route('record.upload', { method: 'post', path: TUS_PATH, tags, responses: { 201: { description: 'Created: Location names the upload' }, ...errorResponses } }), async (c) => {
    headers(c);
    const length = Number(c.req.header('upload-length'));
    if (!Number.isSafeInteger(length) || length < 1) throw tusError(400, 'Upload-Length must be a positive whole number');
    if (length > MOBILE_MAX_BYTES) throw tusError(413, `at most ${MOBILE_MAX_BYTES} bytes`);
    const parsed = Meta.safeParse(parseMetadata(c.req.header('upload-metadata') ?? ''));
    if (!parsed.success) throw new AppError('validation_failed', '', zodIssues(parsed.error, c.get('lang') ?? 'zh-CN').map((i) => ({ ...i, path: ['metadata', ...i.path] })));
    const m = parsed.data;
    const row = await deps.uploads.start(callerOf(c), {
      target: { kind: m.target, id: m.targetId },
      kind: m.kind,
      filename: m.filename,
      mediaType: m.filetype || 'application/octet-stream',
      capturedFrom: new Date(m.capturedFrom),
      capturedTo: new Date(m.capturedTo),
      matter: m.matter,
      officerIds: m.officers,
      recorderSerial: m.recorderSerial ?? null,
      sha256: m.sha256,
      size: length,
    });
    return c.json({ id: row.id, deadlineAt: new Date(row.deadline_at).toISOString() }, 201, { ...TUS, Location: `/api${TUS_PATH}/${row.id}`, 'Upload-Offset': '0' });
  });

  // HEAD is answered from this GET (Hono), headers only.
  app.openapi(route('record.upload', { method: 'get', path: `${TUS_PATH}/{id}`, tags, request: { params: Id }, responses: { 200: { description: 'Upload-Offset and Upload-Length' }, ...errorResponses } }), async (c) => {
    const { row, offset } = await deps.uploads.offset(callerOf(c), c.req.valid('param').id);
    const h = { ...TUS, 'Upload-Offset': String(offset), 'Upload-Length': String(row.declared_size), 'Cache-Control': 'no-store' };
    if (row.status === 'refused') return c.json({ code: 'gone', status: row.status }, 410 as never, h);
    return c.json({ offset, length: Number(row.declared_size), status: row.status }, 200, h);
  });

  app.openapi(
    route('record.upload', {
      method: 'patch',
      path: `${TUS_PATH}/{id}`,
      tags,
      request: { params: Id, body: { content: { 'application/offset+octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, required: true } },
      responses: { 204: { description: 'Appended: Upload-Offset is the new offset' }, ...errorResponses },
    }),
    async (c) => {
      headers(c);
      if ((c.req.header('content-type') ?? '').split(';')[0].trim() !== 'application/offset+octet-stream') throw tusError(415, 'Content-Type must be application/offset+octet-stream');
      const offset = Number(c.req.header('upload-offset'));
      if (!Number.isSafeInteger(offset) || offset < 0) throw tusError(400, 'Upload-Offset must be a whole number');
      const raw = c.req.raw.body;
      const body = raw ? Readable.fromWeb(raw as never) : Readable.from([]);
      const r = await deps.uploads.append(callerOf(c), c.req.valid('param').id, offset, body);
      if (r.overflow) throw tusError(400, 'more bytes than Upload-Length');
      return c.body(null, 204, { ...TUS, 'Upload-Offset': String(r.offset) });
    },
  );
  return app;
}
