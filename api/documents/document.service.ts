import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Database } from '../../core/db/database.js';
import { tidyBody } from '../../core/documents/document-body.js';
import { formatNumber, seriesOf, shanghaiYear, takeNumber } from '../../core/documents/numbering.js';
import type { TemplateRegistry } from '../../core/documents/registry.js';
import type { DocumentService, DocumentSigner, DocumentTemplate, IssueDocumentInput, IssuedDocument } from '../../core/documents/template.js';
import { AppError, type Issue } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { AgencySeal } from '../../core/seal/agency-seal.js';
import { issueFromZod } from '../http/zod-issues.js';
import { renderDocumentPdf } from './document-pdf.js';
import { isUnsignedSeal } from './unsigned-seal.js';
import { createDocumentRepository, type DocumentRow } from './document.repository.js';
import { z } from 'zod';

const REF_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const HAN = /\p{Script=Han}/u;

/** An unguessable ref for the verify page: 20 base32 characters (100 random bits), like a consent's. */
export function newPublicRef(): string {
  const bytes = randomBytes(20);
  return [...bytes].map((b) => REF_ALPHABET[b & 31]).join('');
}

const Signer = z.strictObject({
  userId: z.uuid().nullable(),
  name: z.string().trim().min(1, '签名人姓名不能为空').max(100),
  certificateNo: z.string().trim().min(1).max(40).nullable(),
  role: z.string().trim().min(1, '签名人身份不能为空').max(40),
});
const Subject = z.strictObject({ type: z.string().regex(/^[a-z_]{1,40}$/), id: z.uuid() });
/** The 执法类别 of a 文号: one or two Chinese characters (医, 公, 学, 水, 综 …). */
const Category = z.string().regex(/^\p{Script=Han}{1,2}$/u, '文号的执法类别应为一至两个汉字');
const Reason = z.string().trim().min(1, '更正理由不能为空').max(2000, '更正理由过长');

/** Zod issues as field issues under `prefix`: a template's own Chinese message is kept as it is. */
function issuesOf(error: z.ZodError, prefix: string): Issue[] {
  return error.issues.flatMap((i) => {
    const path = [prefix, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')];
    return HAN.test(i.message) ? [{ path, code: 'document.field', message: i.message }] : issueFromZod(i).map((x) => ({ ...x, path: [prefix, ...x.path] }));
  });
}

function parse<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('validation_failed', '', issuesOf(r.error, prefix));
  return r.data;
}

/**
 * A document drawn by a renderer of its own (the consent confirmation and site notice, whose
 * signed output must not change) and numbered by its own record (the consent's ref): recorded
 * like any other — fields validated by its registered template, blob, row, ledger entry with the
 * SHA-256 — in the caller's transaction. The bytes must already be in the blob store.
 */
export type RecordDocumentInput = Omit<IssueDocumentInput, 'category' | 'templateVersion'> & { pdf: { sha256: string; size: number }; issuedAt: Date };

export type DocumentServiceDeps = { registry: TemplateRegistry; blobs: BlobStore; seal: AgencySeal; publicBaseUrl: string };

/**
 * Issues and corrects documents (issue 13 item 5) in the caller's transaction: fields validated
 * first (nothing numbered when they are bad), the next number of the series taken, the PDF drawn
 * (sealed and signed when the template says so) and stored write-once, the row and its ledger
 * entry (with the PDF's SHA-256) written — all or nothing with the caller's state change.
 */
export function createDocumentService(deps: DocumentServiceDeps): DocumentService & {
  verifyUrl(publicRef: string): string;
  template(kind: string, version: number): DocumentTemplate<unknown> | undefined;
  record(trx: Kysely<Database>, input: RecordDocumentInput): Promise<IssuedDocument>;
} {
  const verifyUrl = (publicRef: string) => `${deps.publicBaseUrl}/verify/${publicRef}`;

  const toIssued = (r: DocumentRow): IssuedDocument => ({
    id: r.document_id,
    kind: r.kind as IssuedDocument['kind'],
    templateVersion: r.template_version,
    version: r.version,
    number: r.number,
    sha256: r.pdf_sha256,
    sealed: r.sealed,
    issuedAt: r.issued_at,
    publicRef: r.public_ref,
  });

  async function render(template: DocumentTemplate<unknown>, fields: unknown, p: { agencyId: string; agencyName: string; number: string | null; issuedAt: Date; publicRef: string; version: number; reason: string | null }) {
    const blocks = tidyBody(template.body(fields, { agencyName: p.agencyName, number: p.number, issuedAt: p.issuedAt }));
    const pdf = await renderDocumentPdf({ agencyId: p.agencyId, agencyName: p.agencyName, number: p.number, title: template.title, blocks, verifyUrl: verifyUrl(p.publicRef), version: p.version, correctionReason: p.reason, issuedAt: p.issuedAt, sealed: template.sealed, seal: deps.seal });
    const blob = await deps.blobs.put(pdf, 'application/pdf');
    return blob;
  }

  /** Sealed only when the template says so and a real seal signed it (the placeholder signs nothing). */
  const sealedBy = (template: DocumentTemplate<unknown>) => template.sealed && !isUnsignedSeal(deps.seal);

  const actorUser = (a: { type: string; id?: string | null }) => (a.type === 'user' && a.id ? a.id : null);

  return {
    verifyUrl,
    template: (kind, version) => deps.registry.get(kind as IssuedDocument['kind'], version) as DocumentTemplate<unknown> | undefined,

    async issue(trx: Kysely<Database>, input) {
      const template = (input.templateVersion === undefined ? deps.registry.latest(input.kind) : deps.registry.get(input.kind, input.templateVersion)) as DocumentTemplate<unknown> | undefined;
      if (!template) throw new AppError('validation_failed', '', [{ path: ['templateVersion'], code: 'document.no_template', message: `没有 ${input.kind} 第 ${input.templateVersion} 版文书模板` }]);
      const fields = parse(template.fields, input.fields, 'fields');
      const signers = parse(z.array(Signer), input.signers, 'signers') as DocumentSigner[];
      const subject = parse(Subject, input.subject, 'subject');
      if (template.numbering.scheme === 'wenhao') parse(Category, input.category, 'category');
      const repo = createDocumentRepository(trx);
      const agency = await repo.agency(input.agencyId);
      if (!agency) throw new AppError('not_found', 'document.agency_missing');
      const issuedAt = new Date();
      const series = seriesOf(template.numbering, template.kind);
      const year = series ? shanghaiYear(issuedAt) : null;
      const seq = series ? await takeNumber(trx, { agencyId: agency.id, year: year!, series }) : null;
      const number = seq ? formatNumber(template.numbering, { areaAbbreviation: agency.area_abbreviation, category: input.category, year: year!, seq }) : null;
      const id = randomUUID();
      const publicRef = newPublicRef();
      const blob = await render(template, fields, { agencyId: agency.id, agencyName: agency.name, number, issuedAt, publicRef, version: 1, reason: null });
      const sealed = sealedBy(template);
      await recordBlob(trx, { ...blob, mediaType: 'application/pdf' });
      const row = await repo.insert({
        id, document_id: id, version: 1, kind: template.kind, template_version: template.version, agency_id: agency.id,
        subject_type: subject.type, subject_id: subject.id, number, series, year, seq,
        fields: JSON.stringify(fields), signers: JSON.stringify(signers), pdf_sha256: blob.sha256, sealed,
        issued_by: actorUser(input.actor), issued_at: issuedAt, public_ref: publicRef, supersedes: null, reason: null,
      });
      await appendLedger(trx, { actor: input.actor, requestId: input.requestId, action: 'document.issued', entityType: 'document', entityId: row.id, state: row, context: { sha256: blob.sha256, number, kind: template.kind, templateVersion: template.version, subject } });
      return toIssued(row);
    },

    async record(trx, input) {
      const template = deps.registry.latest(input.kind) as DocumentTemplate<unknown>;
      if (template.numbering.scheme !== 'none') throw new Error(`${input.kind} is numbered by the registry: issue it instead`);
      const fields = parse(template.fields, input.fields, 'fields');
      const signers = parse(z.array(Signer), input.signers, 'signers') as DocumentSigner[];
      const subject = parse(Subject, input.subject, 'subject');
      await recordBlob(trx, { ...input.pdf, mediaType: 'application/pdf' });
      const id = randomUUID();
      const row = await createDocumentRepository(trx).insert({
        id, document_id: id, version: 1, kind: template.kind, template_version: template.version, agency_id: input.agencyId,
        subject_type: subject.type, subject_id: subject.id, number: null, series: null, year: null, seq: null,
        fields: JSON.stringify(fields), signers: JSON.stringify(signers), pdf_sha256: input.pdf.sha256, sealed: false,
        issued_by: actorUser(input.actor), issued_at: input.issuedAt, public_ref: newPublicRef(), supersedes: null, reason: null,
      });
      await appendLedger(trx, { actor: input.actor, requestId: input.requestId, action: 'document.issued', entityType: 'document', entityId: row.id, state: row, context: { sha256: input.pdf.sha256, number: null, kind: template.kind, templateVersion: template.version, subject } });
      return toIssued(row);
    },

    async correct(trx: Kysely<Database>, input) {
      const repo = createDocumentRepository(trx);
      const prev = await repo.latestForUpdate(input.documentId);
      if (!prev) throw new AppError('not_found', '');
      const template = deps.registry.get(prev.kind as IssuedDocument['kind'], prev.template_version) as DocumentTemplate<unknown> | undefined;
      if (!template) throw new AppError('conflict', 'document.template_gone');
      const reason = parse(Reason, input.reason, 'reason');
      const fields = parse(template.fields, input.fields, 'fields');
      const signers = parse(z.array(Signer), input.signers, 'signers') as DocumentSigner[];
      const agency = await repo.agency(prev.agency_id);
      if (!agency) throw new AppError('not_found', 'document.agency_missing');
      const issuedAt = new Date();
      const version = prev.version + 1;
      const blob = await render(template, fields, { agencyId: agency.id, agencyName: agency.name, number: prev.number, issuedAt, publicRef: prev.public_ref, version, reason });
      const sealed = sealedBy(template);
      await recordBlob(trx, { ...blob, mediaType: 'application/pdf' });
      const row = await repo.insert({
        id: randomUUID(), document_id: prev.document_id, version, kind: prev.kind, template_version: prev.template_version, agency_id: prev.agency_id,
        subject_type: prev.subject_type, subject_id: prev.subject_id, number: prev.number, series: prev.series, year: prev.year, seq: prev.seq,
        fields: JSON.stringify(fields), signers: JSON.stringify(signers), pdf_sha256: blob.sha256, sealed,
        issued_by: actorUser(input.actor), issued_at: issuedAt, public_ref: prev.public_ref, supersedes: prev.id, reason,
      });
      await appendLedger(trx, { actor: input.actor, requestId: input.requestId, action: 'document.corrected', entityType: 'document', entityId: row.id, state: row, context: { sha256: blob.sha256, number: prev.number, documentId: prev.document_id, version, supersedes: prev.id, reason } });
      return toIssued(row);
    },
  };
}
export type DocumentServiceImpl = ReturnType<typeof createDocumentService>;
