import { route } from '../access/access.route.js';
import { AppError } from '../../core/errors.js';
import { errorResponses, json, router, upload, z } from '../http/openapi.js';
import { documentDigest } from './consent-files.routes.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentKind } from '../../core/documents/template.js';
import type { DocumentRepository, DocumentRow } from '../documents/document.repository.js';
import { DocumentVerifyInfoDto, VerifyInfoDto, VerifyMatchDto } from './consent.dto.js';
import type { ConsentRepository } from './consent.repository.js';
import { VerifyRefParam } from './consent.schemas.js';

/**
 * A signed confirmation with 4 devices is ~170 KB and its notice ~130 KB (README, bench
 * consent-pdf); 5 MB leaves a wide margin for many devices and long texts, and refuses an
 * anonymous 20 MB upload.
 */
export const VERIFY_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Public document verification at /api/verify (the QR code on every document points here):
 * what was signed and its hashes, and whether an uploaded PDF is byte for byte the one issued.
 * No login; it shows only what the posted notice shows anyway. Documents are found by their
 * unguessable public ref (never the sequential one, except for consents sent before refs were
 * random), and every request is throttled per client address where the app mounts this.
 */
export function verifyRoutes(repo: ConsentRepository, documents: { repo: DocumentRepository; registry: TemplateRegistry }) {
  const app = router();
  const tags = ['documents'];
  /** A consent sent to its business, or else an issued enforcement document (all its versions); else 404. */
  const find = async (ref: string): Promise<{ consent: Awaited<ReturnType<ConsentRepository['byPublicRef']>> & object } | { versions: DocumentRow[] }> => {
    const c = await repo.byPublicRef(ref);
    if (c && c.status !== 'draft' && c.status !== 'withdrawn') return { consent: c };
    const versions = /^[0-9a-hjkmnp-tv-z]{20}$/.test(ref) ? await documents.repo.byPublicRef(ref) : [];
    if (!versions.length) throw new AppError('not_found', '');
    return { versions };
  };
  const documentInfo = async (versions: DocumentRow[]) => {
    const first = versions[0];
    const last = versions[versions.length - 1];
    const template = documents.registry.get(first.kind as DocumentKind, first.template_version);
    const agency = await documents.repo.agencyName(first.agency_id);
    return DocumentVerifyInfoDto.parse({
      type: 'document',
      ref: first.public_ref,
      kind: first.kind,
      title: template?.title ?? first.kind,
      titleEn: template?.titleEn ?? first.kind,
      number: first.number,
      agencyName: agency?.name ?? '',
      issuedAt: first.issued_at.toISOString(),
      version: last.version,
      pdfSha256: last.pdf_sha256,
      sealed: last.sealed,
      versions: versions.map((v) => ({ version: v.version, issuedAt: v.issued_at.toISOString(), sha256: v.pdf_sha256, reason: v.reason })),
    });
  };

  app.openapi(
    route('public', { method: 'get', path: '/{ref}', tags, request: { params: VerifyRefParam }, responses: { 200: json(z.union([VerifyInfoDto, DocumentVerifyInfoDto])), ...errorResponses } }),
    async (c) => {
      const found = await find(c.req.valid('param').ref);
      if ('versions' in found) return c.json(await documentInfo(found.versions), 200);
      const k = found.consent;
      return c.json(
        {
          type: 'consent' as const,
          ref: k.ref,
          status: k.status,
          businessName: k.business_name,
          siteName: k.site_name,
          agencyName: k.agency_name,
          signedAt: k.signed_at ? new Date(k.signed_at).toISOString() : null,
          validFrom: k.valid_from,
          validUntil: k.valid_until,
          textSha256: k.text_sha256,
          pdfSha256: k.pdf_sha256,
          noticePdfSha256: k.notice_pdf_sha256,
        },
        200,
      );
    },
  );

  app.openapi(route('public', { method: 'post', path: '/{ref}', tags: ['verify'], request: { params: z.object({ ref: z.string() }), ...upload(['application/pdf']) }, responses: { 200: json(z.object({}).passthrough(), 'The document matches'), 413: json(z.object({ code: z.string() }), 'Too large'), 422: json(z.object({ code: z.string() }), 'Does not match'), ...errorResponses } }), async (c) => {
    const parsed = VerifyRefParam.safeParse({ ref: c.req.param('ref') });
    if (!parsed.success) throw new AppError('not_found', '');
    const found = await find(parsed.data.ref);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > VERIFY_MAX_BYTES) throw new AppError('payload_too_large', '');
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('validation_failed', '', [{ path: ['file'], message: 'verify.not_pdf' }]);
    const sha256 = documentDigest(bytes);
    if ('versions' in found) {
      // Byte for byte one of the versions issued (an old version matches, and says it is not the latest).
      const v = found.versions.find((x) => x.pdf_sha256 === sha256);
      if (!v) throw new AppError('document_mismatch', '');
      return c.json(VerifyMatchDto.parse({ match: true, document: 'document', sha256, ref: v.public_ref, version: v.version, latest: v.version === found.versions[found.versions.length - 1].version }), 200);
    }
    const k = found.consent;
    const document = sha256 === k.pdf_sha256 ? 'consent' : sha256 === k.notice_pdf_sha256 ? 'notice' : null;
    if (!document) throw new AppError('document_mismatch', '');
    return c.json(VerifyMatchDto.parse({ match: true, document, sha256, ref: k.ref }), 200);
  });
  return app;
}
