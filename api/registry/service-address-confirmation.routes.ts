import type { BlobStore } from '../../core/blob/blob-store.js';
import type { ConfirmationTick, ConfirmedAddress, ServiceAddressConfirmationRow } from '../../core/db/database.js';
import type { Db } from '../../core/db/connect.js';
import { appendLedger } from '../../core/ledger/append.js';
import { route } from '../access/access.route.js';
import { body, bytes, errorResponses, json, router } from '../http/openapi.js';
import { actorOf, callerOf } from '../http/request-context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import { IdParam } from './registry.schemas.js';
import type { ServiceAddressConfirmationService } from './service-address-confirmation.service.js';
import { ConfirmationDto, ConfirmationOverviewDto, SignConfirmationInput } from './service-address-confirmation.schemas.js';

/** A confirmation as the pages show it; `history` is the business's versions, newest first, to tell current and successor. */
function toDto(c: ServiceAddressConfirmationRow, history: ServiceAddressConfirmationRow[]) {
  const next = history.find((h) => h.supersedes === c.id) ?? null;
  return {
    id: c.id,
    businessId: c.business_id,
    version: c.version,
    number: c.number,
    supersedes: c.supersedes,
    current: history[0]?.id === c.id,
    supersededBy: next ? { id: next.id, version: next.version, signedAt: next.signed_at.toISOString() } : null,
    templateVersion: c.template_version,
    addresses: c.addresses as ConfirmedAddress[],
    portal: c.portal,
    confirmations: c.confirmations as ConfirmationTick[],
    signerName: c.signer_name,
    signerRole: c.signer_role,
    signedAt: c.signed_at.toISOString(),
    documentId: c.document_id,
    pdfSha256: c.pdf_sha256,
  };
}

/** The 送达地址确认书 (issue 14 item 1), mounted at /api. */
export function serviceAddressConfirmationRoutes(deps: { db: Db; records: RecordReader; service: ServiceAddressConfirmationService; blobs: BlobStore }) {
  const { db, records, service, blobs } = deps;
  const app = router();
  const tags = ['registry'];

  app.openapi(
    route('business.read', { method: 'get', path: '/businesses/{id}/service-address-confirmations', tags, description: 'The current confirmation (null: no electronic service possible), every earlier version, and the terms a new one says.', request: { params: IdParam }, responses: { 200: json(ConfirmationOverviewDto), ...errorResponses } }),
    async (c) => {
      const o = await service.overview(callerOf(c), c.req.valid('param').id);
      const history = o.history.map((h) => toDto(h, o.history));
      return c.json({ current: history[0] ?? null, history, terms: o.terms, canSign: o.canSign }, 200);
    },
  );

  app.openapi(
    route('service_address.confirm', { method: 'post', path: '/businesses/{id}/service-address-confirmations', tags, description: 'The business signs a new confirmation of its proven addresses; it supersedes the current one.', request: { params: IdParam, ...body(SignConfirmationInput) }, responses: { 201: json(ConfirmationDto, 'Signed'), ...errorResponses } }),
    async (c) => {
      const caller = callerOf(c);
      const row = await service.sign(caller, c.req.valid('param').id, c.req.valid('json'), { userAgent: c.req.header('user-agent') ?? null });
      const o = await service.overview(caller, row.business_id);
      return c.json(toDto(row, o.history), 201);
    },
  );

  // The PDF as signed (its SHA-256 is in the ledger); each read is ledgered like any document's.
  app.openapi(
    route('business.read', { method: 'get', path: '/service-address-confirmations/{id}/pdf', tags, request: { params: IdParam }, responses: { 200: bytes('application/pdf', 'The signed confirmation'), ...errorResponses } }),
    async (c) => {
      const caller = readerOf(c);
      const { id } = c.req.valid('param');
      // Through the read path (api/records): the registry service asks the access layer.
      let found: ServiceAddressConfirmationRow | undefined;
      const read = { action: 'download' as const, record: { kind: 'service_address_confirmation' as const, id } };
      const granted = await records.authorize(caller, { ...read, ask: { decided: async () => ((found = await service.load(caller, id)), { resource: { kind: 'service_address_confirmation', id } }) } });
      const row = found!;
      await db.transaction().execute((trx) =>
        appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'document.read', entityType: 'document', entityId: row.document_id, state: null, context: { documentId: row.document_id, version: 1, sha256: row.pdf_sha256, ip: caller.ip } }),
      );
      const name = `送达地址确认书-${row.number ?? `第${row.version}版`}.pdf`;
      return records.serve(caller, { ...read, record: { ...read.record, sha256: row.pdf_sha256 }, ask: { granted } }, { body: () => blobs.get(row.pdf_sha256), headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'private, no-store' } });
    },
  );
  return app;
}
