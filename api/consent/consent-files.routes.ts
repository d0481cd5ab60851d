import { route } from '../access/access.route.js';
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Context } from 'hono';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { AppEnv } from '../http/context.js';
import { bytes, errorResponses, json, router, upload, z } from '../http/openapi.js';
import { actorOf, callerOf } from '../http/request-context.js';
import { readerOf, type RecordReader } from '../records/record-reader.js';
import type { ConsentDocuments } from './consent-documents.js';
import type { ConsentView } from './consent.dto.js';
import type { ConsentRepository } from './consent.repository.js';
import { AttachmentParam, ConsentIdParam } from './consent.schemas.js';
import { actionsFor, mayEver, type ConsentService } from './consent.service.js';
import { checkUpload } from '../http/upload-type.js';

export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;


const headersOf = (type: string, filename: string, inline = false): Record<string, string> => ({
  'content-type': type,
  'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`,
  'cache-control': 'private, no-store',
});

/** A draft made on the fly (not a stored record yet: nothing to log as a read). */
function sendFile(c: Context<AppEnv>, bytes: Buffer, type: string, filename: string) {
  return c.body(bytes as never, 200, headersOf(type, filename));
}

/** PDFs of a consent and photos of its posted notice, at /api/consents. */
export function consentFileRoutes(deps: { db: Db; records: RecordReader; repo: ConsentRepository; consents: ConsentService; docs: ConsentDocuments; blobs: BlobStore }) {
  const { db, records, repo, consents, docs, blobs } = deps;
  const app = router();
  /**
   * A signed PDF of a consent goes out through the read path (api/records; kind consent_file,
   * the consent's id, the PDF's sha256); without one the consent is answered for its draft.
   */
  const signed = async (c: Context<AppEnv>, id: string, shaOf: (x: ConsentView) => string | null, nameOf: (x: ConsentView) => string): Promise<ConsentView | Response> => {
    const who = readerOf(c);
    let consent: ConsentView | undefined;
    const read = { action: 'download' as const, record: { kind: 'consent_file' as const, id } };
    const granted = await records.authorize(who, { ...read, ask: { decided: async () => ((consent = await consents.load(who, id)), { resource: { kind: 'consent', id } }) } });
    const sha = shaOf(consent!);
    // A draft is answered by the caller; its ask wrote no row (only refusals and reads of stored bytes do).
    if (!sha) return consent!;
    return records.serve(who, { ...read, record: { ...read.record, sha256: sha }, ask: { granted } }, { body: () => blobs.get(sha), headers: headersOf('application/pdf', nameOf(consent!)) });
  };
  const idOf = (c: Context<AppEnv>) => {
    const parsed = ConsentIdParam.safeParse({ id: c.req.param('id') });
    if (!parsed.success) throw new AppError('not_found', '');
    return parsed.data.id;
  };

  app.openapi(route('consent.read', { method: 'get', path: '/{id}/confirmation.pdf', tags: ['consents'], request: { params: z.object({ id: z.string() }) }, responses: { 200: bytes('application/pdf', 'The confirmation (signed PDF once signed, else a draft)'), ...errorResponses } }), async (c) => {
    const consent = await signed(c, idOf(c), (x) => x.pdf_sha256, (x) => `设备安装确认书-${x.ref}.pdf`);
    if (consent instanceof Response) return consent;
    return sendFile(c, await docs.confirmation(consent, null), 'application/pdf', `设备安装确认书-${consent.ref}-草稿.pdf`);
  });

  app.openapi(route('consent.read', { method: 'get', path: '/{id}/notice.pdf', tags: ['consents'], request: { params: z.object({ id: z.string() }) }, responses: { 200: bytes('application/pdf', 'The site notice (公告)'), ...errorResponses } }), async (c) => {
    const consent = await signed(c, idOf(c), (x) => x.notice_pdf_sha256, (x) => `非现场监管公告-${x.ref}.pdf`);
    if (consent instanceof Response) return consent;
    return sendFile(c, await docs.notice(consent, await repo.devices(consent.id)), 'application/pdf', `非现场监管公告-${consent.ref}-草稿.pdf`);
  });

  app.openapi(route('consent.party', { method: 'post', path: '/{id}/notice-photos', tags: ['consents'], request: { params: z.object({ id: z.string() }), ...upload(['image/jpeg', 'image/png']) }, responses: { 201: json(z.object({}).passthrough(), 'Stored'), 413: json(z.object({ code: z.string() }), 'Too large'), ...errorResponses } }), async (c) => {
    const caller = callerOf(c);
    const consent = await consents.load(caller, idOf(c));
    if (!actionsFor(caller, consent).includes('upload_photo')) throw mayEver(caller, 'upload_photo') ? new AppError('conflict', 'consent.not_now') : new AppError('forbidden', '');
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > PHOTO_MAX_BYTES) throw new AppError('payload_too_large', '');
    const checked = checkUpload('photo', bytes, c.req.header('content-type') ?? '', ['image/jpeg', 'image/png']);
    if ('issue' in checked) throw new AppError('validation_failed', '', [checked.issue]);
    const type = checked.type;
    const blob = await blobs.put(bytes, type);
    const row = await db.transaction().execute(async (trx) => {
      await recordBlob(trx, { ...blob, mediaType: type });
      const att = await trx.insertInto('consent_attachments').values({ consent_id: consent.id, kind: 'notice_photo', blob_sha256: blob.sha256, media_type: type, uploaded_by: caller.user.id }).returningAll().executeTakeFirstOrThrow();
      await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'consent.notice_photo_added', entityType: 'consent_attachment', entityId: att.id, state: att, context: { consentId: consent.id } });
      return att;
    });
    return c.json({ id: row.id, mediaType: row.media_type, sha256: row.blob_sha256, uploadedAt: row.created_at.toISOString() }, 201);
  });

  app.openapi(route('consent.read', { method: 'get', path: '/{id}/notice-photos/{attachmentId}', tags: ['consents'], request: { params: z.object({ id: z.string(), attachmentId: z.string() }) }, responses: { 200: bytes(['image/jpeg', 'image/png'], 'A notice photo'), ...errorResponses } }), async (c) => {
    const parsed = AttachmentParam.safeParse(c.req.param());
    if (!parsed.success) throw new AppError('not_found', '');
    const who = readerOf(c);
    // Through the read path (api/records): the consent service asks the access layer.
    let found: { consent: ConsentView; att: Selectable<Database['consent_attachments']> } | undefined;
    const read = { action: 'view' as const, record: { kind: 'consent_attachment' as const, id: parsed.data.attachmentId } };
    const granted = await records.authorize(who, {
      ...read,
      ask: {
        decided: async () => {
          const consent = await consents.load(who, parsed.data.id);
          const att = await db.selectFrom('consent_attachments').selectAll().where('id', '=', parsed.data.attachmentId).where('consent_id', '=', consent.id).executeTakeFirst();
          if (!att) throw new AppError('not_found', '');
          found = { consent, att };
          return { resource: { kind: 'consent', id: consent.id } };
        },
      },
    });
    const { consent, att } = found!;
    return records.serve(who, { ...read, record: { ...read.record, sha256: att.blob_sha256 }, ask: { granted } }, { body: () => blobs.get(att.blob_sha256), headers: headersOf(att.media_type, `公告照片-${consent.ref}.${att.media_type === 'image/png' ? 'png' : 'jpg'}`, true) });
  });
  return app;
}

/** SHA-256 of an uploaded document, compared with what was signed (public: the QR target). */
export function documentDigest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
