import type { BlobStore } from '../../core/blob/blob-store.js';
import { can } from '../../core/access/permissions.js';
import { contentSha256 } from '../../core/self-reports/commitment.js';
import { route } from '../access/access.route.js';
import { body, bytes, errorResponses, json, router, upload, z } from '../http/openapi.js';
import { callerOf, type Caller } from '../http/request-context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import { reportDto, summaryDto, periodDto } from './self-report.dto.js';
import type { SelfReportRepository } from './self-report.repository.js';
import type { SelfReportSigningService } from './self-report-signing.service.js';
import type { SelfReportService } from './self-report.service.js';
import { BusinessQuery, CloseCheckInput, CodeInput, CreateReportInput, IdParam, OverdueDto, PeriodsDto, PhotoParam, PhotoQuery, QueueQuery, ReportDto, ReportSummaryDto, ReviewInput, SaveAnswersInput, SignInput } from './self-report.schemas.js';

/** Self-inspection reports (issue 16 item 3), mounted at /api/self-reports. */
export function selfReportRoutes(deps: { repo: SelfReportRepository; reports: SelfReportService; signing: SelfReportSigningService; records: RecordReader; blobs: BlobStore }) {
  const { repo, reports, signing, records, blobs } = deps;
  const app = router();
  const tags = ['self-reports'];

  /** The full report as its page shows it. */
  async function full(caller: Caller, id: string) {
    const r = await reports.report(caller, 'self_report.read', id);
    const [b, photos, history] = await Promise.all([repo.business(r.business_id), repo.photosOf(r.business_id, r.period_start), repo.versions(r.business_id, r.period_start)]);
    const content = await reports.contentOf(r, b!);
    const names = await repo.userNames([r.reviewed_by, r.routine_check_closed_by]);
    const codeChannels = r.status === 'draft' && can(caller, 'self_report.submit') ? await signing.codeChannels(caller, r.business_id) : [];
    return reportDto(caller, { ...r, business_name: b!.name }, { checklist: reports.checklistOf(r), photos, history, commitment: content.commitment, contentSha256: r.content_sha256 ?? contentSha256(content), names, codeChannels });
  }

  app.openapi(
    route('self_report.read', { method: 'get', path: '/periods', tags, description: "A business's reporting periods (newest first) with where each stands, and its checklist.", request: { query: BusinessQuery }, responses: { 200: json(PeriodsDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const o = await reports.periods(caller, c.req.valid('query').businessId);
      return c.json(
        {
          business: { id: o.business.id, name: o.business.name, category: o.business.category },
          length: o.length,
          checklist: { ...o.checklist, items: [...o.checklist.items] },
          periods: o.periods.map((p) => ({ period: periodDto(p.period), state: p.state, dueAt: p.dueAt.toISOString(), latest: p.latest ? summaryDto(p.latest) : null, versions: p.versions })),
          canSubmit: can(caller, 'self_report.submit'),
        },
        200,
      );
    },
  );

  app.openapi(
    route('self_report.review', { method: 'get', path: '/overdue', tags, description: 'Late and missing reports in the caller’s agency subtree (periods whose due day passed with nothing signed).', responses: { 200: json(OverdueDto), ...errorResponses } }),
    async (c) => {
      const rows = await reports.overdue(callerOf(c));
      return c.json({ items: rows.map((x) => ({ businessId: x.business.id, businessName: x.business.name, agencyName: x.business.agency_name, period: periodDto(x.period), state: x.state, dueAt: x.dueAt.toISOString() })) }, 200);
    },
  );

  app.openapi(
    route('self_report.review', { method: 'get', path: '/', tags, description: 'The review queue: reports in the caller’s agency subtree by status (default: submitted, oldest first).', request: { query: QueueQuery }, responses: { 200: json(z.object({ items: z.array(ReportSummaryDto) })), ...errorResponses } }),
    async (c) => c.json({ items: (await reports.queue(callerOf(c), c.req.valid('query').status ?? 'submitted')).map(summaryDto) }, 200),
  );

  app.openapi(
    route('self_report.submit', { method: 'post', path: '/', tags, description: 'Starts the period’s report (or its correction after a return) as a draft.', request: body(CreateReportInput), responses: { 201: json(ReportDto, 'Drafted'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const input = c.req.valid('json');
      const row = await reports.createDraft(caller, input.businessId, input.periodStart, input.siteId ?? null);
      return c.json(await full(caller, row.id), 201);
    },
  );

  app.openapi(route('self_report.read', { method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(ReportDto), ...errorResponses } }), async (c) => c.json(await full(callerOf(c), c.req.valid('param').id), 200));

  app.openapi(
    route('self_report.submit', { method: 'put', path: '/{id}/answers', tags, description: 'Saves the draft’s answers.', request: { params: IdParam, ...body(SaveAnswersInput) }, responses: { 200: json(ReportDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      await reports.saveDraft(caller, id, c.req.valid('json').answers);
      return c.json(await full(caller, id), 200);
    },
  );

  app.openapi(
    route('self_report.submit', { method: 'post', path: '/{id}/photos', tags, description: 'A photo (JPEG/PNG, ≤ 8 MB) for one checklist item (?item=key) of the draft.', request: { params: IdParam, query: PhotoQuery, ...upload(['image/jpeg', 'image/png']) }, responses: { 201: json(z.object({ id: z.string(), itemKey: z.string(), sha256: z.string() }), 'Stored'), 413: json(z.object({ code: z.string() }), 'Too large'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const bytesIn = Buffer.from(await c.req.arrayBuffer());
      const p = await reports.addPhoto(caller, c.req.valid('param').id, c.req.valid('query').item, bytesIn, c.req.header('content-type') ?? '');
      return c.json({ id: p.id, itemKey: p.item_key, sha256: p.blob_sha256 }, 201);
    },
  );

  app.openapi(
    route('self_report.read', { method: 'get', path: '/{id}/photos/{photoId}', tags, request: { params: PhotoParam }, responses: { 200: bytes(['image/jpeg', 'image/png'], 'A photo of the report'), ...errorResponses } }),
    async (c) => {
      const who = readerOf(c);
      const { id, photoId } = c.req.valid('param');
      let found: Awaited<ReturnType<SelfReportService['photo']>> | undefined;
      const read = { action: 'view' as const, record: { kind: 'self_report_photo' as const, id: photoId } };
      // Through the read path (api/records): the self-report service asks the access layer.
      const granted = await records.authorize(who, { ...read, ask: { decided: async () => ((found = await reports.photo(who, id, photoId)), { resource: { kind: 'self_report_photo', id: photoId } }) } });
      const p = found!;
      return records.serve(who, { ...read, record: { ...read.record, sha256: p.blob_sha256 }, ask: { granted } }, { body: () => blobs.get(p.blob_sha256), headers: { 'content-type': p.media_type, 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(`自查照片-${p.item_key}.${p.media_type === 'image/png' ? 'png' : 'jpg'}`)}`, 'cache-control': 'private, no-store' } });
    },
  );

  app.openapi(
    route('self_report.submit', { method: 'post', path: '/{id}/code', tags, description: 'Sends a one-time code for signing the commitment to the business’s e-mail or phone.', request: { params: IdParam, ...body(CodeInput) }, responses: { 200: json(z.object({ channel: z.string(), address: z.string(), expiresAt: z.string(), resendAfterSeconds: z.number() })), 429: json(z.object({ code: z.string() }), 'Too soon'), 503: json(z.object({ code: z.string() }), 'Cannot send'), ...errorResponses } }),
    async (c) => c.json(await signing.requestCode(callerOf(c), c.req.valid('param').id, c.req.valid('json').channel), 200),
  );

  app.openapi(
    route('self_report.submit', { method: 'post', path: '/{id}/sign', tags, description: 'Signs the commitment with the code: the report is submitted with its SHA-256.', request: { params: IdParam, ...body(SignInput) }, responses: { 200: json(ReportDto, 'Signed'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      await signing.sign(caller, id, c.req.valid('json'), { ip: caller.ip, userAgent: c.req.header('user-agent') ?? null });
      return c.json(await full(caller, id), 200);
    },
  );

  app.openapi(
    route('self_report.review', { method: 'post', path: '/{id}/review', tags, description: 'Accept, return for correction (note), or find falsified (reason).', request: { params: IdParam, ...body(ReviewInput) }, responses: { 200: json(ReportDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      await reports.review(caller, id, input.decision, input.note ?? null);
      return c.json(await full(caller, id), 200);
    },
  );

  app.openapi(
    route('self_report.review', { method: 'post', path: '/{id}/close-check', tags, description: 'Closes the routine check of this period by document review (002 §14): who, when, why.', request: { params: IdParam, ...body(CloseCheckInput) }, responses: { 200: json(ReportDto), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const { id } = c.req.valid('param');
      await reports.closeRoutineCheck(caller, id, c.req.valid('json').reason);
      return c.json(await full(caller, id), 200);
    },
  );

  return app;
}
