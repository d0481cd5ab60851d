import type { BlobStore } from '../../core/blob/blob-store.js';
import { route } from '../access/access.route.js';
import { body, bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { Listed } from './mobile-recording.repository.js';
import type { RecordReader } from '../records/record-reader.js';
import type { MobileRecordingService } from './mobile-recording.service.js';
import { serveMobileRecording } from './serve-mobile-recording.js';
import { TUS_PATH } from './tus.routes.js';

const Upload = z
  .object({
    id: z.string(),
    target: z.object({ kind: z.enum(['case', 'device']), id: z.string(), name: z.string().nullable() }),
    kind: z.enum(['video', 'audio', 'photo', 'document']),
    filename: z.string(),
    mediaType: z.string(),
    capturedFrom: z.string(),
    capturedTo: z.string(),
    party: z.object({ businessId: z.string(), name: z.string() }),
    matter: z.string(),
    officers: z.array(z.object({ id: z.string(), name: z.string() })),
    recorderSerial: z.string().nullable(),
    declaredSha256: z.string(),
    sha256: z.string().nullable(),
    size: z.number(),
    received: z.number(),
    uploadedBy: z.object({ id: z.string(), name: z.string() }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    deadlineAt: z.string(),
    late: z.boolean(),
    lateReason: z.string().nullable(),
    status: z.enum(['uploading', 'complete', 'refused']),
    refusal: z.string().nullable(),
    uploadUrl: z.string().nullable(),
    contentUrl: z.string().nullable(),
  })
  .openapi('MobileRecording');
type UploadDto = z.infer<typeof Upload>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
export function toDto(r: Listed): UploadDto {
  return {
    id: r.id,
    target: r.case_id ? { kind: 'case', id: r.case_id, name: r.case_cause } : { kind: 'device', id: r.device_id!, name: r.device_name },
    kind: r.kind,
    filename: r.filename,
    mediaType: r.media_type,
    capturedFrom: iso(r.captured_from)!,
    capturedTo: iso(r.captured_to)!,
    party: { businessId: r.business_id, name: r.party_name },
    matter: r.matter,
    officers: typeof r.officers === 'string' ? JSON.parse(r.officers) : r.officers,
    recorderSerial: r.recorder_serial,
    declaredSha256: r.declared_sha256,
    sha256: r.sha256,
    size: Number(r.declared_size),
    received: Number(r.received_bytes),
    uploadedBy: { id: r.uploaded_by, name: r.uploader_name },
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    deadlineAt: iso(r.deadline_at)!,
    late: r.late,
    lateReason: r.late_reason,
    status: r.status,
    refusal: r.refusal,
    uploadUrl: r.status === 'uploading' ? `/api${TUS_PATH}/${r.id}` : null,
    contentUrl: r.status === 'complete' ? `/api/mobile-recordings/${r.id}/content` : null,
  };
}

/**
 * Field records (R10), mounted at /api: a case's and a device's uploads, finishing an upload (with the
 * late reason when past its limit), the head's list of late uploads, and one upload's bytes.
 */
export function mobileRecordingRoutes(deps: { uploads: MobileRecordingService; records: RecordReader; blobs: BlobStore; listed: (id: string) => Promise<Listed | undefined> }) {
  const app = router();
  const tags = ['mobile-recordings'];
  const List = json(z.object({ items: z.array(Upload) }));
  const Id = z.object({ id: z.string() });
  const one = async (id: string) => toDto((await deps.listed(id))!);

  app.openapi(route('record.upload_read', { method: 'get', path: '/cases/{id}/mobile-recordings', tags, request: { params: Id }, responses: { 200: List, ...errorResponses } }), async (c) =>
    c.json({ items: (await deps.uploads.list(callerOf(c), { kind: 'case', id: c.req.valid('param').id })).map(toDto) }, 200),
  );
  app.openapi(route('record.upload_read', { method: 'get', path: '/devices/{id}/mobile-recordings', tags, request: { params: Id }, responses: { 200: List, ...errorResponses } }), async (c) =>
    c.json({ items: (await deps.uploads.list(callerOf(c), { kind: 'device', id: c.req.valid('param').id })).map(toDto) }, 200),
  );
  app.openapi(route('record.upload_late', { method: 'get', path: '/mobile-recordings/late', tags, responses: { 200: List, ...errorResponses } }), async (c) =>
    c.json({ items: (await deps.uploads.late(callerOf(c))).map(toDto) }, 200),
  );
  app.openapi(
    route('record.upload', { method: 'post', path: '/mobile-recordings/{id}/complete', tags, request: { params: Id, ...body(z.object({ lateReason: z.string().trim().min(1).max(2000).nullish() }).strict()) }, responses: { 200: json(Upload), 422: json(z.object({ code: z.string() }), 'Refused: hash or size'), ...errorResponses } }),
    async (c) => {
      const done = await deps.uploads.complete(callerOf(c), c.req.valid('param').id, c.req.valid('json').lateReason ?? null);
      return c.json(await one(done.id), 200);
    },
  );
  app.openapi(route('record.upload_read', { method: 'get', path: '/mobile-recordings/{id}/content', tags, request: { params: Id }, responses: { 200: bytes('application/octet-stream', 'The record as uploaded'), ...errorResponses } }), (c) =>
    serveMobileRecording(c, deps, c.req.valid('param').id),
  );
  return app;
}
