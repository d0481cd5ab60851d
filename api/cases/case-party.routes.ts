import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { route } from '../access/access.route.js';
import { idParam } from '../analysis/analysis.http.js';
import { body, bytes, errorResponses, json, router, upload, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import type { CasePartyService } from './case-party.service.js';
import { PARTY_FILE_TYPES } from './case-party.service.js';
import type { CasePartyViews } from './case-party.view.js';

const View = z.record(z.string(), z.unknown()).openapi('CasePartyView');
const Id = z.object({ id: z.uuid() });
const StatementBody = z.object({ statement: z.string().max(20000), hearingWaived: z.boolean().default(false), fileIds: z.array(z.uuid()).max(10).default([]), expectedVersion: z.number().int().min(1) }).strict();
const HearingBody = z.object({ note: z.string().trim().max(2000).nullish(), expectedVersion: z.number().int().min(1) }).strict();
const FileDto = z.object({ id: z.string(), filename: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), uploadedAt: z.string(), sent: z.boolean() });

/**
 * The party's cases in the business portal (issue 14 item 3), mounted at /api: its cases, one
 * case's page, its files, statement and hearing request, the documents addressed to it. Each
 * route is case.party (the business's own cases: access.require on the case); the files the
 * party sent are also read by staff (/cases/{id}/party-files/{fileId}, case.read).
 */
export function casePartyRoutes(deps: { records: RecordReader; party: CasePartyService; views: CasePartyViews; blobs: BlobStore }) {
  const app = router();
  const tags = ['portal-cases'];
  const page = (c: Parameters<typeof callerOf>[0], id: string) => deps.views.view(callerOf(c), id);

  app.openapi(route('case.party', { method: 'get', path: '/portal/cases', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.views.list(callerOf(c)), 200));
  app.openapi(route('case.party', { method: 'get', path: '/portal/cases/{id}', tags, request: { params: Id }, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await page(c, c.req.valid('param').id), 200));

  // Raw upload: the body is the file, its name in ?filename= (size limit: api/app.ts UPLOADS).
  app.openapi(
    route('case.party', { method: 'post', path: '/portal/cases/{id}/files', tags, request: { params: z.object({ id: z.string() }), ...upload(PARTY_FILE_TYPES) }, responses: { 201: json(FileDto, 'Stored'), 413: json(z.object({ code: z.string() }), 'Too large'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const bytes = Buffer.from(await c.req.arrayBuffer());
      const claimedType = (c.req.header('content-type') ?? '').split(';')[0].trim();
      return c.json(await deps.party.upload(caller, idParam(c, 'id'), { bytes, claimedType, filename: c.req.query('filename') ?? '' }), 201);
    },
  );
  app.openapi(route('case.party', { method: 'post', path: '/portal/cases/{id}/statement', tags, request: { params: Id, ...body(StatementBody) }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.party.statement(callerOf(c), id, c.req.valid('json'));
    return c.json(await page(c, id), 200);
  });
  app.openapi(route('case.party', { method: 'post', path: '/portal/cases/{id}/hearing-request', tags, request: { params: Id, ...body(HearingBody) }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.party.requestHearing(callerOf(c), id, c.req.valid('json'));
    return c.json(await page(c, id), 200);
  });

  const sendFile = async (c: Parameters<typeof callerOf>[0]) => {
    const who = readerOf(c);
    const caseId = idParam(c, 'id');
    const fileId = idParam(c, 'fileId');
    // Through the read path (api/records): the case module asks the access layer (staff or the party).
    let found: Awaited<ReturnType<CasePartyService['file']>> | undefined;
    const read = { action: 'view' as const, record: { kind: 'party_file' as const, id: fileId }, caseId };
    const granted = await deps.records.authorize(who, { ...read, ask: { decided: async () => ((found = await deps.party.file(who, caseId, fileId)), { resource: { kind: 'case', id: caseId } }) } });
    const f = found!;
    return deps.records.serve(who, { ...read, record: { ...read.record, sha256: f.blob_sha256 }, ask: { granted } }, { body: () => deps.blobs.get(f.blob_sha256), headers: { 'content-type': f.media_type, 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(f.filename)}`, 'cache-control': 'private, no-store', 'x-content-sha256': f.blob_sha256 } });
  };
  const FileParams = z.object({ id: z.string(), fileId: z.string() });
  const fileResponses = { 200: bytes([...PARTY_FILE_TYPES], 'A file the party sent'), ...errorResponses };
  app.openapi(route('case.party', { method: 'get', path: '/portal/cases/{id}/files/{fileId}', tags, request: { params: FileParams }, responses: fileResponses }), sendFile);
  app.openapi(route('case.read', { method: 'get', path: '/cases/{id}/party-files/{fileId}', tags: ['cases'], request: { params: FileParams }, responses: fileResponses }), sendFile);

  // A document addressed to the party, as issued; each opening ledgered (party-documents.ts: the seam with service).
  app.openapi(
    route('case.party', { method: 'get', path: '/portal/cases/{id}/documents/{documentId}/pdf', tags, request: { params: z.object({ id: z.string(), documentId: z.string() }) }, responses: { 200: bytes('application/pdf', 'The PDF as issued'), ...errorResponses } }),
    async (c) => {
      const who = readerOf(c);
      const caseId = idParam(c, 'id');
      const documentId = idParam(c, 'documentId');
      let found: Awaited<ReturnType<CasePartyService['document']>> | undefined;
      const read = { action: 'view' as const, record: { kind: 'document_pdf' as const, id: documentId }, caseId };
      const granted = await deps.records.authorize(who, { ...read, ask: { decided: async () => ((found = await deps.party.document(who, caseId, documentId)), { resource: { kind: 'case', id: caseId } }) } });
      const d = found!;
      const name = `${d.number ?? d.kind}${d.version > 1 ? `-v${d.version}` : ''}.pdf`;
      return deps.records.serve(who, { ...read, record: { kind: 'document_pdf', id: d.row_id, sha256: d.pdf_sha256 }, ask: { granted } }, { body: () => deps.blobs.get(d.pdf_sha256), headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'private, no-store', 'x-content-sha256': d.pdf_sha256 } });
    },
  );
  return app;
}
