import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import { refusal } from '../../core/cases/refusal.js';
import type { Database, DeliveryRow } from '../../core/db/database.js';
import { verifyChain, type ChainedEvent, type DeliveryChannel, type DeliveryEventKind } from '../../core/delivery/evidence.js';
import { methodServedAt } from '../../core/delivery/service-date.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import { caseRepository } from '../cases/case.repository.js';
import { Refused, withRefusals } from '../cases/case-trail.js';
import { assertDrawablePng } from '../documents/signature-png.js';
import type { Caller } from '../http/request-context.js';
import { addressesInForce } from '../registry/service-address.repository.js';
import type { DeliveryCompletion } from './delivery-completion.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, type TrailActor } from './delivery-trail.js';

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
 * the business confirmed at once (its verified e-mail and SMS service addresses, and its portal
 * account), each channel a pg-boss job enqueued in the same transaction; or records another
 * method with its proof. The business reads, downloads and acknowledges its own deliveries in
 * the portal, each an evidence event. Every change is ledgered in its transaction.
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

  async function view(d: DeliveryRow) {
    const [channels, events] = await Promise.all([repo.channels(db, [d.id]), repo.events(db, [d.id])]);
    const chained: ChainedEvent[] = events.map((e) => ({ deliveryId: e.delivery_id, seq: e.seq, kind: e.kind as DeliveryEventKind, channel: e.channel as DeliveryChannel | null, at: new Date(e.at), documentSha256: e.content_sha256, detail: e.detail, prevHash: e.prev_hash, hash: e.hash }));
    const problems = verifyChain(chained, d.content_sha256);
    return {
      id: d.id, caseId: d.case_id, documentId: d.document_id, documentVersion: d.document_version, documentKind: d.document_kind, documentNumber: d.document_number,
      sha256: d.content_sha256, status: d.status, servedAt: d.served_at, serviceRule: d.service_rule, serviceBasis: d.service_basis, certificateId: d.certificate_id, createdAt: d.created_at,
      channels: channels.map((c) => ({ id: c.id, channel: c.channel, address: c.address, status: c.status, attempts: c.attempts, proof: c.proof })),
      events: events.map((e) => ({ seq: e.seq, kind: e.kind, channel: e.channel, at: e.at, detail: e.detail, prevHash: e.prev_hash, hash: e.hash })),
      chain: { ok: problems.length === 0, problems },
    };
  }
  type DeliveryView = Awaited<ReturnType<typeof view>>;

  async function own(caller: Caller, id: string): Promise<DeliveryRow> {
    await access.require(caller, 'delivery.receive', { kind: 'delivery', id });
    const d = await repo.get(db, id);
    if (!d || d.subject_kind !== 'document') throw new AppError('not_found', '');
    return d;
  }

  /** Records a portal event once per delivery (the first look), or each time (downloads). */
  async function portalEvent(caller: Caller, d: DeliveryRow, kind: 'notification_opened' | 'content_downloaded', once: boolean) {
    await db.transaction().execute(async (trx) => {
      const locked = (await repo.lock(trx, d.id))!;
      const events = await repo.events(trx, [d.id]);
      if (once && events.some((e) => e.kind === kind && e.channel === 'portal')) return;
      const portal = (await repo.channels(trx, [d.id])).find((c) => c.channel === 'portal') ?? null;
      await appendEvent(trx, locked, { kind, channel: portal, actor: me(caller), requestId: caller.requestId, detail: { userId: caller.user.id, ip: caller.ip } });
    });
  }

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
          const addresses = await addressesInForce(trx, c.business_id);
          const portalUsers = await repo.portalUsers(trx, c.business_id);
          const targets = [
            ...(portalUsers.length ? [{ channel: 'portal' as const, address: `business:${c.business_id}`, serviceAddressId: null as string | null }] : []),
            ...addresses.map((a) => ({ channel: a.method as 'email' | 'sms', address: a.address.trim(), serviceAddressId: a.id })),
          ];
          // Electronic service only to what the business agreed to (行政处罚法第六十一条第二款): an SMS alone carries no document.
          if (!targets.some((t) => t.channel !== 'sms')) throw new Refused(refusal('no_confirmed_address', ELECTRONIC_RULE, '当事人未确认电子送达地址（电子邮箱或平台账号），不能电子送达；请采用直接送达、邮寄送达、留置送达或公告送达'));
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

    // The business's portal (its own deliveries only: access.require answers 403 for another's, 404 for none).
    async inbox(caller: Caller) {
      access.assert(caller, 'delivery.receive');
      if (!caller.user.businessId) return [];
      return Promise.all((await repo.ofBusiness(db, caller.user.businessId, 100)).map(view));
    },
    async open(caller: Caller, id: string) {
      const d = await own(caller, id);
      await portalEvent(caller, d, 'notification_opened', true);
      return view((await repo.get(db, id))!);
    },
    /** The PDF served, for the business (each download is an event). */
    async download(caller: Caller, id: string) {
      const d = await own(caller, id);
      await portalEvent(caller, d, 'content_downloaded', false);
      return { sha256: d.content_sha256, filename: `${d.document_number ?? d.document_kind ?? 'document'}.pdf` };
    },
    /** The business confirms receipt (在线诉讼规则第三十三条); the 送达回证 gets a new version with it. */
    async acknowledge(caller: Caller, id: string) {
      await own(caller, id);
      await db.transaction().execute(async (trx) => {
        const d = (await repo.lock(trx, id))!;
        const events = await repo.events(trx, [d.id]);
        if (events.some((e) => e.kind === 'acknowledged')) throw new AppError('conflict', 'delivery.already_acknowledged');
        const portal = (await repo.channels(trx, [d.id])).find((c) => c.channel === 'portal') ?? null;
        await appendEvent(trx, d, { kind: 'acknowledged', channel: portal, actor: me(caller), requestId: caller.requestId, detail: { userId: caller.user.id, name: caller.user.displayName, ip: caller.ip } });
        const row = await repo.update(trx, d.id, {});
        await ledgerDeliveryRow(trx, 'delivery', row, 'delivery.acknowledged', me(caller), caller.requestId);
        await deps.completion.reissueCertificate(trx, row, '受送达人在线确认签收（人民法院在线诉讼规则第三十三条）', caller.requestId);
      });
      return view((await repo.get(db, id))!);
    },

    /** The e-mail's open pixel was fetched: notification_opened on that channel (first time only). */
    async openByToken(token: string, ip: string | null) {
      const ch = await repo.channelByToken(db, token);
      if (!ch) return;
      await db.transaction().execute(async (trx) => {
        const d = (await repo.lock(trx, ch.delivery_id))!;
        if ((await repo.events(trx, [d.id])).some((e) => e.kind === 'notification_opened' && e.channel_id === ch.id)) return;
        await appendEvent(trx, d, { kind: 'notification_opened', channel: ch, actor: { type: 'anonymous', id: null }, detail: { ip, via: 'pixel' } });
      });
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
