import { createReadStream } from 'node:fs';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentKind } from '../../core/documents/template.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { EXPORT_ID } from '../../core/watermark/watermark-text.js';
import { route } from '../access/access.route.js';
import type { Db } from '../../core/db/connect.js';
import { bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { actorOf, callerOf, type Caller } from '../http/request-context.js';
import type { Resource } from '../access/access.repository.js';
import { isRecordKind, type RecordRef } from '../../core/records/record-ref.js';
import { readerOf, type Reader, type RecordReader } from '../records/record-reader.js';
import type { ClipExportJobs } from './clip-export-job.service.js';
import type { ExportJobRow, RecordExportRow } from './export.repository.js';
import type { ExportedFile, ExportService } from './export.service.js';

/**
 * Watermarked exports (导出(带水印)) at /api/exports: POST (each creates a logged copy) answers
 * with the copy as a download; `x-export-id` and `x-content-sha256` name its log row. A clip is
 * made in the background (seconds of ffmpeg): its POST answers 202 with a job, whose progress
 * GET /jobs/{id} gives (and 'export:changed' pushes), and GET /jobs/{id}/file hands the requester
 * the finished copy, once. A request
 * for a copy without the watermark (`watermark` other than `on`) is refused, with the refusal
 * ledgered: there is no way to ask for one. GET /api/exports traces a copy back to its export.
 */
const ExportQuery = z.object({
  version: z.coerce.number().int().min(1).max(100_000).optional(),
  watermark: z.string().max(20).optional().openapi({ description: 'Always on: any other value is refused' }),
});
const TraceQuery = z.object({
  exportId: z.string().trim().regex(EXPORT_ID, 'invalid').optional(),
  text: z.string().trim().min(2).max(100).optional(),
  sha256: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'invalid').optional(),
});
const ExportDto = z
  .object({
    id: z.string(),
    exportedBy: z.object({ id: z.string(), name: z.string(), account: z.string() }),
    record: z.object({ kind: z.string(), id: z.string(), sha256: z.string() }),
    reference: z.object({ kind: z.string(), value: z.string() }).nullable(),
    watermarkText: z.string(),
    file: z.object({ sha256: z.string(), size: z.number(), mediaType: z.string() }),
    ip: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('RecordExport');

const ExportJobDto = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    percent: z.number().int(),
    error: z.string().nullable().openapi({ description: 'Why it failed' }),
    exportId: z.string().nullable().openapi({ description: 'The export log row, once done' }),
    record: z.object({ kind: z.string(), id: z.string(), version: z.number().nullable() }),
    fileUrl: z.string().nullable().openapi({ description: 'Where the requester fetches the copy, once done' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('RecordExportJob');

function jobDto(j: ExportJobRow): z.infer<typeof ExportJobDto> {
  return {
    id: j.id,
    status: j.status,
    percent: j.percent,
    error: j.error,
    exportId: j.export_id,
    record: { kind: j.record_kind, id: j.record_id, version: j.version },
    fileUrl: j.status === 'done' ? `/api/exports/jobs/${j.id}/file` : null,
    createdAt: j.created_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
  };
}

function toDto(r: RecordExportRow): z.infer<typeof ExportDto> {
  return {
    id: r.id,
    exportedBy: { id: r.exported_by, name: r.viewer_name, account: r.account },
    record: { kind: r.record_kind, id: r.record_id, sha256: r.original_sha256 },
    reference: r.reference_kind && r.reference ? { kind: r.reference_kind, value: r.reference } : null,
    watermarkText: r.watermark_text,
    file: { sha256: r.file_sha256, size: Number(r.file_size), mediaType: r.media_type },
    ip: r.ip,
    createdAt: r.created_at.toISOString(),
  };
}

const copyHeaders = (x: ExportedFile): Record<string, string> => ({
  'content-type': x.mediaType,
  'content-length': String(x.row.file_size),
  'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(x.name)}`,
  'cache-control': 'private, no-store',
  'x-export-id': x.row.id,
  'x-content-sha256': x.row.file_sha256,
});

export function exportRoutes(deps: { db: Db; records: RecordReader; exports: ExportService; clipJobs: ClipExportJobs; registry: TemplateRegistry }) {
  const { records, exports, clipJobs } = deps;
  const app = router();
  const tags = ['exports'];
  const download = { 200: bytes(['video/mp4', 'image/jpeg', 'application/pdf'], 'The watermarked copy (x-export-id, x-content-sha256)'), ...errorResponses };

  /** Refuses (and ledgers) a request for a copy without the watermark. */
  async function requireWatermark(caller: Caller, watermark: string | undefined, record: Record<string, unknown>) {
    if (watermark === undefined || watermark === 'on') return;
    await deps.db.transaction().execute((trx) =>
      appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'record.export_refused', entityType: 'record_export', entityId: null, state: null, context: { ...record, reason: 'watermark_required', asked: watermark, ip: caller.ip } }),
    );
    throw new AppError('validation_failed', '', [{ path: ['watermark'], message: 'watermark.required', code: 'watermark.required' }]);
  }

  /**
   * A watermarked copy handed to a person goes out through the one read path (api/records): the
   * export module asks the access layer while it makes (or finds) the copy; the read row is the
   * original record's (kind, id, sha256) with action 'export' and export_id = the copy's WM id.
   * `ref` names the record for a refusal's row (the caller may fill in its id while asking).
   * The copy's folder is removed once sent (or the client goes away), or with `whole`, only once
   * sent to the end (a fetch cut short may be tried again).
   */
  async function sendCopy(who: Reader, ref: RecordRef, resource: () => Resource, make: () => Promise<ExportedFile>, whole = false): Promise<Response> {
    let made: ExportedFile | undefined;
    const req = { action: 'export' as const, record: ref };
    const granted = await records.authorize(who, { ...req, ask: { decided: async () => ((made = await make()), { resource: resource() }) } });
    const x = made!;
    const dispose = () => void x.dispose().catch(() => undefined);
    try {
      return await records.serve(
        who,
        { ...req, record: { kind: isRecordKind(x.row.record_kind) ? x.row.record_kind : ref.kind, id: x.row.record_id, sha256: x.row.original_sha256 }, exportId: x.row.id, ask: { granted } },
        { body: async () => createReadStream(x.file), headers: copyHeaders(x), onEnd: (bytes) => (!whole || bytes === Number(x.row.file_size) ? dispose() : undefined) },
      );
    } catch (err) {
      if (!whole) dispose();
      throw err;
    }
  }

  const FlagParam = z.object({ flagId: z.uuid() });
  app.openapi(route('record.export', { method: 'post', path: '/flags/{flagId}/clip', tags, request: { params: FlagParam, query: ExportQuery }, responses: { 202: json(ExportJobDto, 'Queued: the copy is made in the background'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const { flagId } = c.req.valid('param');
    const q = c.req.valid('query');
    await requireWatermark(caller, q.watermark, { recordKind: 'flag_clip', recordId: flagId });
    return c.json(jobDto(await clipJobs.request(caller, flagId, q.version)), 202);
  });

  const JobParam = z.object({ jobId: z.uuid() });
  app.openapi(route('record.export', { method: 'get', path: '/jobs/{jobId}', tags, request: { params: JobParam }, responses: { 200: json(ExportJobDto), ...errorResponses } }), async (c) => {
    return c.json(jobDto(await clipJobs.status(callerOf(c), c.req.valid('param').jobId)), 200);
  });

  app.openapi(route('record.export', { method: 'get', path: '/jobs/{jobId}/file', tags, request: { params: JobParam }, responses: { 200: bytes('video/mp4', 'The watermarked copy (x-export-id, x-content-sha256); removed once fetched whole'), ...errorResponses } }), async (c) => {
    const who = readerOf(c);
    const { jobId } = c.req.valid('param');
    // The job names the flag: its id is filled in once the job is found, for a refusal's row too.
    const ref: RecordRef = { kind: 'flag_clip', id: jobId };
    return sendCopy(who, ref, () => ({ kind: 'flag', id: ref.id }), async () => {
      ref.id = (await clipJobs.status(who, jobId)).record_id;
      return clipJobs.file(who, jobId);
    }, true);
  });

  app.openapi(route('record.export', { method: 'post', path: '/flags/{flagId}/snapshot', tags, request: { params: FlagParam, query: ExportQuery }, responses: download }), async (c) => {
    const caller = readerOf(c);
    const { flagId } = c.req.valid('param');
    await requireWatermark(caller, c.req.valid('query').watermark, { recordKind: 'flag_snapshot', recordId: flagId });
    return sendCopy(caller, { kind: 'flag_snapshot', id: flagId }, () => ({ kind: 'flag', id: flagId }), () => exports.flagSnapshot(caller, flagId));
  });

  app.openapi(route('record.export', { method: 'post', path: '/documents/{documentId}/pdf', tags, request: { params: z.object({ documentId: z.uuid() }), query: ExportQuery }, responses: download }), async (c) => {
    const caller = readerOf(c);
    const { documentId } = c.req.valid('param');
    const q = c.req.valid('query');
    await requireWatermark(caller, q.watermark, { recordKind: 'document_pdf', recordId: documentId });
    const title = (kind: string, v: number) => deps.registry.get(kind as DocumentKind, v)?.title ?? kind;
    return sendCopy(caller, { kind: 'document_pdf', id: documentId }, () => ({ kind: 'document', id: documentId }), () => exports.documentPdf(caller, documentId, q.version, title));
  });

  app.openapi(route('record.export_trace', { method: 'get', path: '/', tags, request: { query: TraceQuery }, responses: { 200: json(z.object({ items: z.array(ExportDto) })), ...errorResponses } }), async (c) => {
    const rows = await exports.trace(callerOf(c), c.req.valid('query'));
    return c.json({ items: rows.map(toDto) }, 200);
  });
  return app;
}
