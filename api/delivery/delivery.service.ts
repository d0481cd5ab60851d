import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { refusal } from '../../core/cases/refusal.js';
import type { Database, DeliveryRow } from '../../core/db/database.js';
import { methodServedAt } from '../../core/delivery/service-date.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import { caseRepository } from '../cases/case.repository.js';
import { Refused, withRefusals } from '../cases/case-trail.js';
import { assertDrawablePng } from '../documents/signature-png.js';
import type { Caller } from '../http/request-context.js';
import { confirmedServiceAddresses } from '../registry/service-address-confirmation.repository.js';
import type { DeliveryCompletion } from './delivery-completion.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, type TrailActor } from './delivery-trail.js';
import { deliveryView as toView, type DeliveryView } from './delivery-view.js';

/** Documents addressed to the party (served); the rest are the agency's own records (never served). */
export const SERVED_KINDS: readonly string[] = ['evidence_preservation_decision', 'seizure_decision', 'seizure_extension_decision', 'prior_notice', 'hearing_notice', 'penalty_decision', 'on_the_spot_decision', 'reminder'];
const ELECTRONIC_RULE = '民事诉讼法第九十条第一款；行政处罚法第六十一条第二款';

/** Another method an officer records, with its proof (民诉法第八十七条—第九十五条). */
export type MethodInput =
  | { method: 'direct'; recipientName: string; recipientRole?: string; signedAt: Date; signaturePng: Buffer }
  | { method: 'post'; trackingNumber: string; carrier: string; receivedOn: string; receiptSigner?: string }
  | { method: 'lodging'; lodgedAt: Date; place: string; refusalReason: string; witnessName?: string; witnessUnit?: string; photoJpeg?: Buffer }
  | { method: 'public_notice'; publishedAt: Date; medium: string; reason: string };

type Enqueue = (trx: Kysely<Database>, channelId: string, correlationId: string) => Promise<unknown>;

/**
 * Serving documents (issue 14 item 2): an officer serves a case document through every channel
 * the business confirmed at once (the e-mail and SMS addresses and the portal account of its signed
 * 送达地址确认书, the latest version: api/registry/service-address-confirmation.repository.ts), each channel a pg-boss job enqueued in the same transaction; or records another
 * method with its proof (the business's side is delivery-portal.service.ts). Every change is
 * ledgered in its transaction.
 */
export function createDeliveryService(deps: { db: Kysely<Database>; access: Access; blobs: BlobStore; completion: DeliveryCompletion; enqueue: Enqueue | null; now?: () => Date }) {
  const { db, access } = deps;
  const now = deps.now ?? (() => new Date());
  const me = (caller: Caller): TrailActor => ({ type: 'user', id: caller.user.id });

  async function caseDocument(trx: Kysely<Database>, caseId: string, documentId: string) {
    const doc = await repo.caseDocument(trx, caseId, documentId);
    if (!doc) throw new AppError('not_found', '');
    return doc;
  }

  /** A delivery of a case document, new (no channels yet). */
  async function newDelivery(trx: Kysely<Database>, caller: Caller, c: { id: string; business_id: string; agency_id: string }, doc: Awaited<ReturnType<typeof caseDocument>>) {
    const d = await repo.insert(trx, {
      business_id: c.business_id, agency_id: c.agency_id, case_id: c.id, subject_kind: 'document',
      document_row_id: doc.row_id, document_id: doc.document_id, document_version: doc.version, document_kind: doc.kind, document_number: doc.number,
      content_sha256: doc.pdf_sha256, purpose: `case.${doc.kind}`, created_by: caller.user.id,
    });
    await ledgerDeliveryRow(trx, 'delivery', d, 'delivery.created', me(caller), caller.requestId);
    return d;
  }

  const view = (d: DeliveryRow) => toView(db, d);

  return {
    view,

    /** Serves a case document through every confirmed channel at once (POST …/documents/:documentId/serve). */
    async serve(caller: Caller, caseId: string, documentId: string): Promise<DeliveryView> {
      await access.require(caller, 'case.act', { kind: 'case', id: caseId });
      const d = await withRefusals(db, caller, { caseId, attempted: 'serve' }, () =>
        db.transaction().execute(async (trx) => {
          const c = await caseRepository.lock(trx, caseId);
          if (!c) throw new AppError('not_found', '');
          if (c.state === 'closed' || c.state === 'not_filed') throw new Refused(refusal('stage_out_of_order', '行政处罚法第六十一条', '案件已结案或未立案，不再送达'));
          const doc = await caseDocument(trx, caseId, documentId);
          if (!SERVED_KINDS.includes(doc.kind)) throw new Refused(refusal('not_served_to_party', '民事诉讼法第八十七条', '该文书为本机关内部记录，不向当事人送达'));
          const earlier = (await repo.ofDocument(trx, caseId, documentId)).filter((x) => x.document_version === doc.version);
          if (earlier.some((x) => x.status === 'served')) throw new Refused(refusal('already_served', '民事诉讼法第八十七条', '该文书已送达，送达回证已附卷'));
          if (earlier.some((x) => x.status === 'serving')) throw new Refused(refusal('already_serving', '民事诉讼法第九十条', '该文书正在送达中'));
          // Only to what the business confirmed in its signed 送达地址确认书 (the latest version is in force).
          const confirmed = await confirmedServiceAddresses(trx, c.business_id);
          const portalUsers = confirmed?.portal ? await repo.portalUsers(trx, c.business_id) : [];
          const targets = [
            ...(portalUsers.length ? [{ channel: 'portal' as const, address: `business:${c.business_id}`, serviceAddressId: null as string | null }] : []),
            ...(confirmed?.addresses ?? []).map((a) => ({ channel: a.method, address: a.address.trim(), serviceAddressId: a.serviceAddressId })),
          ];
          // Electronic service only to what the business agreed to (行政处罚法第六十一条第二款): an SMS alone carries no document.
          if (!targets.some((t) => t.channel !== 'sms')) throw new Refused(refusal('no_confirmed_address', ELECTRONIC_RULE, confirmed ? '当事人确认的送达地址中没有电子邮箱或平台账号，不能电子送达；请采用直接送达、邮寄送达、留置送达或公告送达' : '当事人尚未签署送达地址确认书，不能电子送达；请采用直接送达、邮寄送达、留置送达或公告送达'));
          const d = await newDelivery(trx, caller, c, doc);
          const seen = new Set<string>();
          for (const t of targets) {
            const key = `${t.channel}:${t.address.toLowerCase()}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const portal = t.channel === 'portal';
            const ch = await repo.insertChannel(trx, { delivery_id: d.id, channel: t.channel, address: t.address, service_address_id: t.serviceAddressId, status: portal ? 'delivered' : 'queued', open_token: t.channel === 'email' ? randomBytes(24).toString('base64url') : null, proof: null, recorded_by: null });
            await ledgerDeliveryRow(trx, 'delivery_channel', ch, portal ? 'delivery_channel.delivered' : 'delivery_channel.queued', me(caller), caller.requestId);
            await appendEvent(trx, d, { kind: 'submission_accepted', channel: ch, actor: me(caller), requestId: caller.requestId, detail: { address: portal ? null : t.address } });
            // The portal message exists as this commits: it has reached the business's account.
            if (portal) await appendEvent(trx, d, { kind: 'delivered_to_portal', channel: ch, actor: me(caller), requestId: caller.requestId, detail: { users: portalUsers.length } });
            else if (deps.enqueue) await deps.enqueue(trx, ch.id, caller.requestId);
          }
          return (await deps.completion.completeIfSettled(trx, d.id, caller.requestId)) ?? d;
        }),
      );
      return view((await repo.get(db, d.id))!);
    },

    /** Records another method with its proof; the delivery completes (or waits for pending channels). */
    async recordMethod(caller: Caller, caseId: string, documentId: string, input: MethodInput): Promise<DeliveryView> {
      await access.require(caller, 'case.act', { kind: 'case', id: caseId });
      const at = now();
      const servedAt = methodServedAt(input.method, input);
      const inFuture = servedAt && input.method !== 'public_notice' && servedAt.getTime() > at.getTime() + 60_000;
      if (!servedAt || inFuture) throw new AppError('validation_failed', '', [{ path: [input.method === 'post' ? 'receivedOn' : input.method === 'direct' ? 'signedAt' : input.method === 'lodging' ? 'lodgedAt' : 'publishedAt'], code: 'delivery.date_invalid', message: '送达日期不能晚于现在' }]);
      if (input.method === 'public_notice' && input.publishedAt.getTime() > at.getTime() + 60_000) throw new AppError('validation_failed', '', [{ path: ['publishedAt'], code: 'delivery.date_invalid', message: '公告日期不能晚于现在' }]);
      // Proof files go to the blob store before the transaction (write-once, by hash).
      const files: Record<string, string> = {};
      if (input.method === 'direct') {
        try {
          assertDrawablePng(input.signaturePng);
        } catch {
          throw new AppError('validation_failed', '', [{ path: ['signaturePng'], code: 'file.not_png', message: '签名图像无效' }]);
        }
        files.signature = (await deps.blobs.put(input.signaturePng, 'image/png')).sha256;
      }
      if (input.method === 'lodging' && input.photoJpeg) {
        if (input.photoJpeg.subarray(0, 3).toString('hex') !== 'ffd8ff') throw new AppError('validation_failed', '', [{ path: ['photoJpeg'], code: 'file.not_jpeg', message: '照片应为JPEG图像' }]);
        files.photo = (await deps.blobs.put(input.photoJpeg, 'image/jpeg')).sha256;
      }
      const d = await withRefusals(db, caller, { caseId, attempted: `serve_${input.method}` }, () =>
        db.transaction().execute(async (trx) => {
          const c = await caseRepository.lock(trx, caseId);
          if (!c) throw new AppError('not_found', '');
          const doc = await caseDocument(trx, caseId, documentId);
          if (!SERVED_KINDS.includes(doc.kind)) throw new Refused(refusal('not_served_to_party', '民事诉讼法第八十七条', '该文书为本机关内部记录，不向当事人送达'));
          const earlier = (await repo.ofDocument(trx, caseId, documentId)).filter((x) => x.document_version === doc.version);
          if (earlier.some((x) => x.status === 'served')) throw new Refused(refusal('already_served', '民事诉讼法第八十七条', '该文书已送达，送达回证已附卷'));
          const d = earlier.find((x) => x.status !== 'served') ?? (await newDelivery(trx, caller, c, doc));
          if (files.signature) await recordBlob(trx, { sha256: files.signature, size: input.method === 'direct' ? input.signaturePng.length : 0, mediaType: 'image/png' });
          if (files.photo && input.method === 'lodging') await recordBlob(trx, { sha256: files.photo, size: input.photoJpeg!.length, mediaType: 'image/jpeg' });
          const { signaturePng: _s, photoJpeg: _p, ...rest } = input as MethodInput & { signaturePng?: Buffer; photoJpeg?: Buffer };
          const proof = { ...rest, ...(files.signature ? { signatureSha256: files.signature } : {}), ...(files.photo ? { photoSha256: files.photo } : {}) };
          const address = input.method === 'direct' ? input.recipientName : input.method === 'post' ? `${input.carrier} ${input.trackingNumber}` : input.method === 'lodging' ? input.place : input.medium;
          const ch = await repo.insertChannel(trx, { delivery_id: d.id, channel: input.method, address: address.slice(0, 320), service_address_id: null, status: 'recorded', open_token: null, proof: JSON.stringify(proof), recorded_by: caller.user.id });
          await ledgerDeliveryRow(trx, 'delivery_channel', ch, 'delivery_channel.recorded', me(caller), caller.requestId);
          await appendEvent(trx, d, { kind: 'method_recorded', channel: ch, actor: me(caller), requestId: caller.requestId, detail: { servedAt: servedAt.toISOString(), summary: summary(input), ...proof } });
          return (await deps.completion.completeIfSettled(trx, d.id, caller.requestId)) ?? d;
        }),
      );
      return view((await repo.get(db, d.id))!);
    },

    /** Staff: the deliveries of a case (or of one of its documents), with their evidence. */
    async ofCase(caller: Caller, caseId: string, documentId?: string) {
      await access.require(caller, 'case.read', { kind: 'case', id: caseId });
      const rows = documentId ? await repo.ofDocument(db, caseId, documentId) : await repo.ofCase(db, caseId);
      return Promise.all(rows.map(view));
    },
  };
}
export type DeliveryService = ReturnType<typeof createDeliveryService>;

function summary(m: MethodInput): string {
  switch (m.method) {
    case 'direct':
      return `受送达人${m.recipientName}${m.recipientRole ? `（${m.recipientRole}）` : ''}签收`;
    case 'post':
      return `${m.carrier}邮件号${m.trackingNumber}，回执收件日期${m.receivedOn}${m.receiptSigner ? `，签收人${m.receiptSigner}` : ''}`;
    case 'lodging':
      return `拒收事由：${m.refusalReason}；留置于${m.place}${m.witnessName ? `；见证人${m.witnessName}${m.witnessUnit ? `（${m.witnessUnit}）` : ''}` : ''}${m.photoJpeg ? '；已拍照记录' : ''}`;
    case 'public_notice':
      return `公告载体：${m.medium}；原因和经过：${m.reason}`;
  }
}
