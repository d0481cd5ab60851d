import type { Access } from '../access/access.service.js';
import { route } from '../access/access.route.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Db } from '../../core/db/connect.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentKind } from '../../core/documents/template.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { bytes, errorResponses, json, router, z } from '../http/openapi.js';
import { actorOf, callerOf } from '../http/request-context.js';
import type { DocumentRepository, DocumentRow } from './document.repository.js';

const VersionDto = z.object({
  id: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  sealed: z.boolean(),
  issuedAt: z.string(),
  issuedBy: z.string().nullable(),
  reason: z.string().nullable(),
  signers: z.array(z.object({ userId: z.string().nullable(), name: z.string(), certificateNo: z.string().nullable(), role: z.string() })),
  fields: z.unknown(),
});
const DocumentDto = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    titleEn: z.string(),
    templateVersion: z.number().int(),
    agencyId: z.string(),
    subject: z.object({ type: z.string(), id: z.string() }),
    number: z.string().nullable(),
    publicRef: z.string(),
    versions: z.array(VersionDto),
  })
  .openapi('Document');

const IdParam = z.object({ id: z.string() });
const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });

/** An issued document (R8) and the stored bytes of each version, at /api/documents. */
/** Called before a document or its PDF is served (the cases module logs reads of an archived case's documents). */
export type DocumentReadHook = (caller: ReturnType<typeof callerOf>, documentId: string, what: 'document' | 'document_pdf', context: Record<string, unknown>) => Promise<void>;

export function documentRoutes(deps: { db: Db; access: Access; records: RecordReader; repo: DocumentRepository; blobs: BlobStore; registry: TemplateRegistry; onRead?: DocumentReadHook }) {
  const { db, access, repo, blobs, registry } = deps;
  const app = router();
  const tags = ['documents'];

  async function load(c: Parameters<typeof callerOf>[0], id: string): Promise<DocumentRow[]> {
    const caller = callerOf(c);
    await access.require(caller, 'document.read', { kind: 'document', id });
    const versions = await repo.versions(id);
    if (!versions.length) throw new AppError('not_found', ''); // a version row's id is not the document's
    return versions;
  }

  app.openapi(route('document.read', { method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(DocumentDto), ...errorResponses } }), async (c) => {
    const versions = await load(c, c.req.valid('param').id);
    const first = versions[0];
    await deps.onRead?.(callerOf(c), first.document_id, 'document', {});
    const template = registry.get(first.kind as DocumentKind, first.template_version);
    return c.json(
      {
        id: first.document_id,
        kind: first.kind,
        title: template?.title ?? first.kind,
        titleEn: template?.titleEn ?? first.kind,
        templateVersion: first.template_version,
        agencyId: first.agency_id,
        subject: { type: first.subject_type, id: first.subject_id },
        number: first.number,
        publicRef: first.public_ref,
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          sha256: v.pdf_sha256,
          sealed: v.sealed,
          issuedAt: v.issued_at.toISOString(),
          issuedBy: v.issued_by,
          reason: v.reason,
          signers: v.signers as z.infer<typeof VersionDto>['signers'],
          fields: v.fields,
        })),
      },
      200,
    );
  });

  // The stored bytes of one version (the latest by default), never drawn again; each read is ledgered.
  app.openapi(route('document.read', { method: 'get', path: '/{id}/pdf', tags, request: { params: IdParam, query: VersionQuery }, responses: { 200: bytes('application/pdf', 'The PDF as issued'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const who = readerOf(c);
    const documentId = c.req.valid('param').id;
    // Through the read path (api/records): a document is read in scope or under a 调用单 (requireRecord).
    const read = { action: 'view' as const, record: { kind: 'document_pdf' as const, id: documentId } };
    const granted = await deps.records.authorize(who, { ...read, ask: { permission: 'document.read', record: { kind: 'document', id: documentId } } });
    const versions = await deps.repo.versions(documentId);
    if (!versions.length) throw new AppError('not_found', '');
    const want = c.req.valid('query').version;
    const v = want === undefined ? versions[versions.length - 1] : versions.find((x) => x.version === want);
    if (!v) throw new AppError('not_found', '');
    await db.transaction().execute((trx) =>
      appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'document.read', entityType: 'document', entityId: v.id, state: null, context: { documentId: v.document_id, version: v.version, sha256: v.pdf_sha256, ip: caller.ip, grantId: granted.grantId } }),
    );
    await deps.onRead?.(caller, v.document_id, 'document_pdf', { version: v.version, sha256: v.pdf_sha256 });
    const template = registry.get(v.kind as DocumentKind, v.template_version);
    const name = `${template?.title ?? v.kind}${v.number ? `-${v.number}` : ''}${v.version > 1 ? `-第${v.version}版` : ''}.pdf`;
    return deps.records.serve(
      who,
      { ...read, record: { kind: 'document_pdf', id: v.id, sha256: v.pdf_sha256 }, ask: { granted } },
      { body: () => blobs.get(v.pdf_sha256), headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`, 'cache-control': 'private, no-store' } },
    );
  });
  return app;
}
