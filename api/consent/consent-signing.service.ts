import { can } from '../../core/access/permissions.js';
import type { z } from 'zod';
import type { BlobStore } from '../../core/blob/blob-store.js';
import { recordBlob } from '../../core/blob/blob.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { ConsentConfirmation, ConsentStatement } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { DocumentServiceImpl } from '../documents/document.service.js';
import type { ConsentDocuments } from './consent-documents.js';
import { consentDeviceIds, notifyPublishGate, syncDeviceStatus } from './consent-state.js';
import type { ConsentRepository } from './consent.repository.js';
import type { SignInput } from './consent.schemas.js';
import { actionsFor, mayEver, sha256Hex, type ConsentService } from './consent.service.js';
import { CODE_RESEND_MS, maskAddress } from './one-time-code.js';
import { checkedCode, consumeCode, issueCode, resendWaitMs, supersedeCode } from './one-time-code.store.js';
import { decodeSignaturePng } from './signature-png.js';

const PURPOSE = 'consent.sign';
const invalid = (path: string, message: string) => new AppError('validation_failed', '', [{ path: [path], message }]);

/** The business's side: identity by one-time code, then the signature and its audit trail. */
export function createConsentSigningService(deps: { db: Db; repo: ConsentRepository; consents: ConsentService; docs: ConsentDocuments; blobs: BlobStore; notifier: Notifier | null; events: EventBus; documents: Pick<DocumentServiceImpl, 'record'> }) {
  const { db, repo, consents, docs, blobs, events } = deps;

  async function loadForSigning(caller: Caller, id: string) {
    const c = await consents.load(caller, id);
    if (!actionsFor(caller, c).includes('sign')) throw mayEver(caller, 'sign') ? new AppError('conflict', 'consent.not_now') : new AppError('forbidden', '');
    return c;
  }

  async function channels(caller: Caller, businessId: string) {
    const a = await repo.codeAddresses(businessId, caller.user.id);
    const out: { channel: 'email' | 'sms'; address: string; raw: string }[] = [];
    if (a.email) out.push({ channel: 'email', address: maskAddress('email', a.email), raw: a.email });
    if (a.sms) out.push({ channel: 'sms', address: maskAddress('sms', a.sms), raw: a.sms });
    return out;
  }

  return {
    /** Masked addresses a code can go to (for the signing page). */
    async codeChannels(caller: Caller, businessId: string) {
      if (!can(caller, 'consent.party')) return [];
      return (await channels(caller, businessId)).map(({ channel, address }) => ({ channel, address }));
    },

    async requestCode(caller: Caller, id: string, channel: 'email' | 'sms') {
      const c = await loadForSigning(caller, id);
      if (!deps.notifier) throw new AppError('unavailable', 'consent.code_not_sent');
      const target = (await channels(caller, c.business_id)).find((x) => x.channel === channel);
      if (!target) throw invalid('channel', 'consent.no_address');
      if (deps.notifier.modes?.[channel] === 'not_configured') throw new AppError('unavailable', `notify.${channel}_not_configured`);
      const key = { purpose: PURPOSE, subjectId: id, userId: caller.user.id };
      if ((await resendWaitMs(db, key)) > 0) throw new AppError('rate_limited', 'consent.code_too_soon');
      const { codeId, code, expiresAt } = await db.transaction().execute(async (trx) => {
        const issued = await issueCode(trx, key, { requestedBy: caller.user.id, channel, address: target.raw });
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'consent.code_sent', entityType: 'consent', entityId: id, state: null, context: { channel, address: target.address, codeId: issued.codeId, expiresAt: issued.expiresAt.toISOString() } });
        return issued;
      });
      const sent = await deps.notifier.send({
        channel,
        to: target.raw,
        subject: `签署验证码 ${code}（${c.ref}）`,
        body: `您正在签署非现场监管设备安装确认书（编号 ${c.ref}，场所：${c.site_name}）。验证码：${code}，10 分钟内有效，仅可使用一次。如非本人操作，请忽略并联系执法机构。`,
        purpose: PURPOSE,
      });
      if (sent.status === 'failed') {
        await supersedeCode(db, codeId);
        throw new AppError('unavailable', sent.reason === 'not_configured' ? `notify.${channel}_not_configured` : 'consent.code_not_sent');
      }
      return { channel, address: target.address, expiresAt: expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
    },

    async sign(caller: Caller, id: string, input: z.infer<typeof SignInput>, client: { ip: string | null; userAgent: string | null }) {
      const c = await loadForSigning(caller, id);
      if (input.textSha256 !== c.text_sha256) throw new AppError('conflict', 'consent.text_changed');
      const statements = c.statements as ConsentStatement[];
      const required = statements.map((s) => s.key);
      const ticks = new Map<string, number>();
      for (const x of input.confirmed) {
        const [key, ms] = typeof x === 'string' ? [x, 0] : [x.key, x.msBeforeSign];
        if (!ticks.has(key)) ticks.set(key, ms);
      }
      if (required.some((k) => !ticks.has(k))) throw invalid('confirmed', 'consent.statements_missing');
      const png = decodeSignaturePng(input.signaturePng);

      // Identity first: the latest live code sent for this consent to this user.
      const code = await checkedCode(db, { purpose: PURPOSE, subjectId: id, userId: caller.user.id }, input.code, (trx, c) =>
        appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'consent.sign_refused', entityType: 'consent', entityId: id, state: null, context: { reason: 'code_wrong', codeId: c.id, ip: client.ip } }).then(() => undefined),
      );

      // The documents, durably stored before the rows that name them commit.
      const signedAt = new Date();
      // Each statement with when it was ticked: the signing time less how long before signing the
      // page saw the tick (its own clock's interval, so a phone set to the wrong time cannot move
      // it). Never before the consent was sent: such a tick is not from this signing.
      const confirmations: ConsentConfirmation[] = statements.map((s) => ({ key: s.key, text: s.text, confirmedAt: new Date(signedAt.getTime() - ticks.get(s.key)!).toISOString() }));
      if (c.proposed_at && confirmations.some((x) => Date.parse(x.confirmedAt) < new Date(c.proposed_at!).getTime())) throw invalid('confirmed', 'consent.tick_before_sent');
      const identityMethod = code.channel === 'email' ? ('email_code' as const) : ('sms_code' as const);
      const identityAddress = maskAddress(code.channel, code.address);
      const devices = await repo.devices(id);
      const [pdf, notice] = await Promise.all([
        docs.confirmation(c, {
          signerName: input.signerName,
          signedAt,
          identityMethod,
          identityAddressMasked: identityAddress,
          ip: client.ip ?? '',
          userAgent: client.userAgent ?? '',
          signaturePng: png,
          confirmations: confirmations.map((x) => ({ text: x.text, confirmedAt: new Date(x.confirmedAt) })),
        }),
        docs.notice(c, devices),
      ]);
      const [sigBlob, pdfBlob, noticeBlob] = await Promise.all([blobs.put(png, 'image/png'), blobs.put(pdf, 'application/pdf'), blobs.put(notice, 'application/pdf')]);

      const actor = actorOf(caller.user);
      await db.transaction().execute(async (trx) => {
        if (!(await consumeCode(trx, code.id, signedAt))) throw invalid('code', 'consent.code_used');
        await recordBlob(trx, { ...sigBlob, mediaType: 'image/png' });
        await recordBlob(trx, { ...pdfBlob, mediaType: 'application/pdf' });
        await recordBlob(trx, { ...noticeBlob, mediaType: 'application/pdf' });
        let oldDevices: string[] = [];
        if (c.amends_id) {
          const old = await trx
            .updateTable('consents')
            .set((eb) => ({ status: 'superseded', status_reason: `由 ${c.ref} 变更替代`, status_changed_at: signedAt, version: eb('version', '+', 1), updated_at: signedAt }))
            .where('id', '=', c.amends_id)
            .where('status', 'in', ['active', 'suspended'])
            .returningAll()
            .executeTakeFirst();
          if (old) {
            await appendLedger(trx, { actor, requestId: caller.requestId, action: 'consent.superseded', entityType: 'consent', entityId: old.id, state: old, context: { by: id } });
            oldDevices = await consentDeviceIds(trx, old.id);
          }
        }
        const row = await trx
          .updateTable('consents')
          .set((eb) => ({
            status: 'active',
            signer_user_id: caller.user.id,
            signer_name: input.signerName,
            identity_method: identityMethod,
            identity_address: identityAddress,
            signed_at: signedAt,
            sign_ip: client.ip,
            sign_user_agent: client.userAgent?.slice(0, 500) ?? null,
            signature_sha256: sigBlob.sha256,
            pdf_sha256: pdfBlob.sha256,
            notice_pdf_sha256: noticeBlob.sha256,
            confirmations: JSON.stringify(confirmations),
            status_changed_by: caller.user.id,
            status_changed_at: signedAt,
            version: eb('version', '+', 1),
            updated_at: signedAt,
          }))
          .where('id', '=', id)
          .where('status', '=', 'proposed')
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AppError('conflict', 'consent.not_now');
        await appendLedger(trx, {
          actor,
          requestId: caller.requestId,
          action: 'consent.signed',
          entityType: 'consent',
          entityId: id,
          state: row,
          context: { codeId: code.id, confirmed: required, confirmations, textSha256: sha256Hex(c.rendered_text ?? '') },
        });
        // Both documents go into the one register of documents (issue 13 item 1): their fields, hash and ledger entry.
        const subject = { type: 'consent', id };
        const signers = [{ userId: caller.user.id, name: input.signerName, certificateNo: null, role: '签署人' }];
        await deps.documents.record(trx, {
          kind: 'consent_confirmation', agencyId: c.agency_id, subject, signers, actor, requestId: caller.requestId, issuedAt: signedAt, pdf: pdfBlob,
          fields: { ref: c.ref, businessName: c.business_name, creditCode: c.credit_code, siteName: c.site_name, siteAddress: c.site_address, text: c.rendered_text ?? '', textSha256: c.text_sha256 ?? '', signerName: input.signerName, signedAt },
        });
        await deps.documents.record(trx, {
          kind: 'site_notice', agencyId: c.agency_id, subject, signers: [], actor, requestId: caller.requestId, issuedAt: signedAt, pdf: noticeBlob,
          fields: { ref: c.ref, businessName: c.business_name, siteName: c.site_name, siteAddress: c.site_address, devices: devices.map(({ snapshot: d }) => ({ name: d.name, pointsAt: d.pointsAt, coverage: d.coverage })), purpose: c.purpose, retention: c.retention, viewers: c.viewers, validFrom: c.valid_from, validUntil: c.valid_until, contact: c.agency_phone ?? '' },
        });
        const newDevices = await consentDeviceIds(trx, id);
        await syncDeviceStatus(trx, [...new Set([...newDevices, ...oldDevices])], actor, caller.requestId, { consentId: id, action: 'consent.signed' });
        await notifyPublishGate(trx, { consentId: id, deviceIds: oldDevices.filter((d) => !newDevices.includes(d)), reason: 'consent.superseded' });
      });
      events.emit('consent:changed', { id, status: 'active' });
      return consents.load(caller, id);
    },
  };
}
export type ConsentSigningService = ReturnType<typeof createConsentSigningService>;
