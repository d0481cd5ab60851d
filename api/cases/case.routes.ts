import { meteredStream } from '../records/metered-stream.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import { route } from '../access/access.route.js';
import { AppError } from '../../core/errors.js';
import { body, bytes, errorResponses, json, router, upload, z } from '../http/openapi.js';
import { callerOf } from '../http/request-context.js';
import { issuesFromZod } from '../http/zod-issues.js';
import type { CaseExportService } from './case-export.service.js';
import type { CaseFilingService } from './case-filing.service.js';
import type { CaseStageService } from './case-stage.service.js';
import type { CaseViews } from './case-views.js';
import type { DocumentSettingsService } from './document-settings.service.js';
import type { CaseClosingService } from './case-closing.service.js';
import type { ArchiveReads } from './archive-reads.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { closingRepository } from './closing.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { Access } from '../access/access.service.js';
import { ArchiveBody, PaymentBody, ChecklistBody, EvidenceBody, ExtensionBody, ExtensionDecisionBody, DocumentSettingsBody, FileFromFlagsBody, FilingLimitBody, ListQuery, OpenByHandBody, PauseBody, ResumeBody, StageBody, STAGE_FIELDS } from './case.schemas.js';

const View = z.record(z.string(), z.unknown()).openapi('CaseWorkspace');
const Id = z.object({ id: z.uuid() });

/**
 * Cases (R7, R8), mounted at /api. Each route declares its permission; the services ask for the
 * case (scope: the case's agency subtree). Stages go through one endpoint validated by kind;
 * the stage's own permission (officer, head, legal reviewer) is checked by the service.
 */
export function caseRoutes(deps: { db: Db; access: Access; records: RecordReader; blobs: BlobStore; filing: CaseFilingService; stages: CaseStageService; views: CaseViews; settings: DocumentSettingsService; closing: CaseClosingService; reads: ArchiveReads; exports: CaseExportService }) {
  const app = router();
  const tags = ['cases'];
  const workspace = async (c: Parameters<typeof callerOf>[0], id: string) => deps.views.workspace(callerOf(c), id);

  app.openapi(route('case.read', { method: 'get', path: '/cases', tags, request: { query: ListQuery }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { from, to, ...q } = c.req.valid('query');
    return c.json(await deps.views.list(callerOf(c), { ...q, overdue: q.overdue === 'true', filedFrom: from ? new Date(from) : undefined, filedTo: to ? new Date(to) : undefined }), 200);
  });
  app.openapi(route('case.approve', { method: 'get', path: '/cases/approvals', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.views.approvals(callerOf(c)), 200));
  app.openapi(route('record.archive', { method: 'get', path: '/cases/archive-queue', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.views.archiveQueue(callerOf(c)), 200));
  app.openapi(route('legal_review.perform', { method: 'get', path: '/cases/reviews', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.views.reviews(callerOf(c)), 200));
  app.openapi(route('case.read', { method: 'get', path: '/cases/staff', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.views.staff(callerOf(c)), 200));
  app.openapi(route('case.read', { method: 'get', path: '/cases/settings/filing-limit', tags, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await deps.filing.filingLimit(), 200));
  app.openapi(route('settings.admin', { method: 'put', path: '/cases/settings/filing-limit', tags, request: body(FilingLimitBody), responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const row = await deps.filing.setFilingLimit(callerOf(c), c.req.valid('json'));
    return c.json(row.value as Record<string, unknown>, 200);
  });

  // What every document of an agency prints besides the case: 复议机关, court, payment, contact, 较大数额.
  const AgencyParam = z.object({ agencyId: z.uuid() });
  app.openapi(route('settings.admin', { method: 'get', path: '/cases/settings/agencies/{agencyId}/documents', tags, request: { params: AgencyParam }, responses: { 200: json(View), ...errorResponses } }), async (c) =>
    c.json(await deps.settings.get(callerOf(c), c.req.valid('param').agencyId), 200),
  );
  app.openapi(
    route('settings.admin', { method: 'put', path: '/cases/settings/agencies/{agencyId}/documents', tags, request: { params: AgencyParam, ...body(DocumentSettingsBody) }, responses: { 200: json(View), ...errorResponses } }),
    async (c) => c.json(await deps.settings.put(callerOf(c), c.req.valid('param').agencyId, c.req.valid('json')), 200),
  );

  app.openapi(route('case.file', { method: 'post', path: '/cases/from-flags', tags, request: body(FileFromFlagsBody), responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const row = await deps.filing.fileFromFlags(callerOf(c), c.req.valid('json'));
    return c.json(await workspace(c, row.id), 201);
  });
  app.openapi(route('case.file', { method: 'post', path: '/cases', tags, request: body(OpenByHandBody), responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const row = await deps.filing.openByHand(callerOf(c), c.req.valid('json'));
    return c.json(await workspace(c, row.id), 201);
  });
  app.openapi(route('case.read', { method: 'get', path: '/cases/{id}', tags, request: { params: Id }, responses: { 200: json(View), ...errorResponses } }), async (c) => c.json(await workspace(c, c.req.valid('param').id), 200));

  // The case file as a self-verifying zip (issue 14 item 6), streamed; `npm run verify -- case.zip` or its index.html checks it.
  const zipBody = { content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The case file: documents, evidence, ledger entries with proofs, keys, manifest, index.html' };
  app.openapi(route('case.export', { method: 'get', path: '/cases/{id}/export', tags, request: { params: Id }, responses: { 200: zipBody, ...errorResponses } }), async (c) => {
    // Through the read path (api/records): asked and logged (action export) before the zip is
    // written; the row is finished once with the bytes sent when the zip stream ends.
    const who = readerOf(c);
    const { id } = c.req.valid('param');
    const read = { action: 'export' as const, record: { kind: 'case_file' as const, id }, caseId: id };
    const granted = await deps.records.authorize(who, { ...read, ask: { permission: 'case.export', resource: { kind: 'case', id } } });
    const out = await deps.exports.export(who, id, { open: () => deps.records.open(who, { ...read, ask: { granted } }) });
    const body = meteredStream(out.stream, (bytes) => out.read?.finish(bytes));
    return c.body(body as never, 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(out.filename)}`, 'cache-control': 'private, no-store', ...(out.read ? { 'x-vigil-read': out.read.id } : {}) });
  });

  app.openapi(
    route('case.act', { method: 'post', path: '/cases/{id}/evidence', tags, request: { params: Id, ...body(EvidenceBody) }, responses: { 201: json(View), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await deps.filing.addEvidence(callerOf(c), id, c.req.valid('json'));
      return c.json(await workspace(c, id), 201);
    },
  );
  app.openapi(
    route('case.act', { method: 'put', path: '/cases/{id}/evidence/{evidenceId}/checklist', tags, request: { params: z.object({ id: z.uuid(), evidenceId: z.uuid() }), ...body(ChecklistBody) }, responses: { 200: json(View), ...errorResponses } }),
    async (c) => {
      const { id, evidenceId } = c.req.valid('param');
      await deps.filing.reviewEvidence(callerOf(c), id, evidenceId, c.req.valid('json'));
      return c.json(await workspace(c, id), 200);
    },
  );

  app.openapi(
    route(['case.act', 'case.approve', 'legal_review.perform'], { method: 'post', path: '/cases/{id}/stages', tags, request: { params: Id, ...body(StageBody) }, responses: { 200: json(View), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      if (input.kind !== ('acceptance' as string)) {
        const parsed = STAGE_FIELDS[input.kind].safeParse(input.fields);
        if (!parsed.success) throw new AppError('validation_failed', '', issuesFromZod(parsed.error).map((i) => ({ ...i, path: ['fields', ...i.path] })));
        await deps.stages.record(callerOf(c), id, { ...input, fields: parsed.data as Record<string, unknown> });
      }
      return c.json(await workspace(c, id), 200);
    },
  );

  app.openapi(route('case.approve', { method: 'post', path: '/cases/{id}/clocks/pause', tags, request: { params: Id, ...body(PauseBody) }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.stages.pause(callerOf(c), id, c.req.valid('json'));
    return c.json(await workspace(c, id), 200);
  });
  app.openapi(route('case.approve', { method: 'post', path: '/cases/{id}/clocks/resume', tags, request: { params: Id, ...body(ResumeBody) }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.stages.resume(callerOf(c), id, c.req.valid('json'));
    return c.json(await workspace(c, id), 200);
  });
  app.openapi(route('case.act', { method: 'post', path: '/cases/{id}/extensions', tags, request: { params: Id, ...body(ExtensionBody) }, responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.stages.requestExtension(callerOf(c), id, c.req.valid('json'));
    return c.json(await workspace(c, id), 201);
  });
  app.openapi(
    route('case.approve', { method: 'post', path: '/cases/{id}/extensions/{extensionId}/decision', tags, request: { params: z.object({ id: z.uuid(), extensionId: z.uuid() }), ...body(ExtensionDecisionBody) }, responses: { 200: json(View), ...errorResponses } }),
    async (c) => {
      const { id, extensionId } = c.req.valid('param');
      await deps.stages.decideExtension(callerOf(c), id, extensionId, c.req.valid('json'));
      return c.json(await workspace(c, id), 200);
    },
  );

  // After the decision (issue 14 items 4–5): payments, their receipts, and the archive.
  app.openapi(route('case.act', { method: 'post', path: '/cases/{id}/payment-files', tags, request: { params: Id, ...upload(['image/jpeg', 'image/png', 'application/pdf']) }, responses: { 201: json(View, 'Stored'), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    const claimedType = (c.req.header('content-type') ?? '').split(';')[0].trim();
    const stored = await deps.closing.uploadReceipt(callerOf(c), id, { bytes: Buffer.from(await c.req.arrayBuffer()), claimedType, filename: c.req.query('filename') ?? '' });
    return c.json(stored, 201);
  });
  app.openapi(route('case.act', { method: 'post', path: '/cases/{id}/payments', tags, request: { params: Id, ...body(PaymentBody) }, responses: { 201: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.closing.recordPayment(callerOf(c), id, c.req.valid('json'));
    return c.json(await workspace(c, id), 201);
  });
  app.openapi(
    route('case.read', { method: 'get', path: '/cases/{id}/payments/{paymentId}/file', tags, request: { params: z.object({ id: z.uuid(), paymentId: z.uuid() }) }, responses: { 200: bytes(['image/jpeg', 'image/png', 'application/pdf'], 'The receipt as uploaded'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const who = readerOf(c);
      const { id, paymentId } = c.req.valid('param');
      // Through the read path (api/records): a case is read in scope or under a 调用单.
      const read = { action: 'view' as const, record: { kind: 'payment_receipt' as const, id: paymentId }, caseId: id };
      const granted = await deps.records.authorize(who, { ...read, ask: { permission: 'case.read', record: { kind: 'case', id } } });
      const p = (await closingRepository.payments(deps.db, id)).find((x) => x.id === paymentId);
      if (!p?.file_sha256) throw new AppError('not_found', '');
      const archived = (await closingRepository.archive(deps.db, id)) !== undefined;
      if (archived) await deps.reads.log(caller, id, 'payment_receipt', { paymentId, sha256: p.file_sha256 });
      const blob = await closingRepository.blob(deps.db, p.file_sha256);
      const sha256 = p.file_sha256;
      return deps.records.serve(who, { ...read, record: { ...read.record, sha256 }, ask: { granted } }, { body: () => deps.blobs.get(sha256), headers: { 'content-type': blob?.media_type ?? 'application/octet-stream', 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(p.file_name ?? 'receipt')}`, 'cache-control': 'private, no-store' } });
    },
  );
  app.openapi(route('record.archive', { method: 'post', path: '/cases/{id}/archive', tags, request: { params: Id, ...body(ArchiveBody) }, responses: { 200: json(View), ...errorResponses } }), async (c) => {
    const { id } = c.req.valid('param');
    await deps.closing.archive(callerOf(c), id, c.req.valid('json'));
    return c.json(await workspace(c, id), 200);
  });
  return app;
}
