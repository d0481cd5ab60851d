import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { COMMITMENT_VERSION, contentSha256 } from '../../core/self-reports/commitment.js';
import { CODE_RESEND_MS, maskAddress } from '../consent/one-time-code.js';
import { checkedCode, consumeCode, issueCode, resendWaitMs, supersedeCode } from '../consent/one-time-code.store.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { SelfReportRepository } from './self-report.repository.js';
import { periodLabel, periodOfRow, type SelfReportService } from './self-report.service.js';

const PURPOSE = 'self_report.sign';
const invalid = (path: string, message: string) => new AppError('validation_failed', '', [{ path: [path], message }]);

/**
 * The commitment of truthfulness signed with a one-time code, as the consent is
 * (api/consent/consent-signing.service.ts): the code goes to the business's e-mail or phone, the
 * signer types it, and the report becomes 'submitted' with the SHA-256 of what was signed (the
 * canonical report and the commitment text), who, how identified, when, from where — late when
 * after the due day. A wrong or expired code is refused and changes nothing but the try count.
 */
export function createSelfReportSigningService(deps: { db: Db; repo: SelfReportRepository; reports: SelfReportService; notifier: Notifier | null }) {
  const { db, repo, reports } = deps;

  async function channels(caller: Caller, businessId: string) {
    const a = await repo.codeAddresses(businessId, caller.user.id);
    const out: { channel: 'email' | 'sms'; address: string; raw: string }[] = [];
    if (a.email) out.push({ channel: 'email', address: maskAddress('email', a.email), raw: a.email });
    if (a.sms) out.push({ channel: 'sms', address: maskAddress('sms', a.sms), raw: a.sms });
    return out;
  }

  /** The draft the caller may sign, its business, and what signing it would say. */
  async function signing(caller: Caller, id: string) {
    const r = await reports.report(caller, 'self_report.submit', id);
    const { late } = reports.signable(r);
    const b = await repo.business(r.business_id);
    if (!b) throw new AppError('not_found', '');
    const content = await reports.contentOf(r, b);
    return { r, b, late, content, sha256: contentSha256(content) };
  }

  return {
    /** Masked addresses a code can go to (for the signing page). */
    async codeChannels(caller: Caller, businessId: string) {
      return (await channels(caller, businessId)).map(({ channel, address }) => ({ channel, address }));
    },

    async requestCode(caller: Caller, id: string, channel: 'email' | 'sms') {
      const { r, b, sha256 } = await signing(caller, id);
      if (!deps.notifier) throw new AppError('unavailable', 'consent.code_not_sent');
      const target = (await channels(caller, r.business_id)).find((x) => x.channel === channel);
      if (!target) throw invalid('channel', 'consent.no_address');
      if (deps.notifier.modes?.[channel] === 'not_configured') throw new AppError('unavailable', `notify.${channel}_not_configured`);
      const key = { purpose: PURPOSE, subjectId: id, userId: caller.user.id };
      if ((await resendWaitMs(db, key)) > 0) throw new AppError('rate_limited', 'consent.code_too_soon');
      const { codeId, code, expiresAt } = await db.transaction().execute(async (trx) => {
        const issued = await issueCode(trx, key, { requestedBy: caller.user.id, channel, address: target.raw });
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'self_report.code_sent', entityType: 'self_inspection_report', entityId: id, state: null, context: { channel, address: target.address, codeId: issued.codeId, expiresAt: issued.expiresAt.toISOString(), contentSha256: sha256 } });
        return issued;
      });
      const label = periodLabel(periodOfRow(r));
      const sent = await deps.notifier.send({
        channel,
        to: target.raw,
        subject: `自查报告签署验证码 ${code}（${label}）`,
        body: `您正在签署${b.name}${label}自查报告的真实性承诺书（内容摘要 ${sha256.slice(0, 12)}）。验证码：${code}，10 分钟内有效，仅可使用一次。如非本人操作，请忽略并联系执法机构。`,
        purpose: PURPOSE,
      });
      if (sent.status === 'failed') {
        await supersedeCode(db, codeId);
        throw new AppError('unavailable', sent.reason === 'not_configured' ? `notify.${channel}_not_configured` : 'consent.code_not_sent');
      }
      return { channel, address: target.address, expiresAt: expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
    },

    /**
     * Signs the draft: `contentSha256` is the hash the review page showed (what the signer read);
     * a draft changed since is refused. The code is checked last, then used once.
     */
    async sign(caller: Caller, id: string, input: { code: string; signerName: string; contentSha256: string }, client: { ip: string | null; userAgent: string | null }) {
      const { late, content, sha256 } = await signing(caller, id);
      if (input.contentSha256 !== sha256) throw new AppError('conflict', 'self_report.content_changed');
      const code = await checkedCode(db, { purpose: PURPOSE, subjectId: id, userId: caller.user.id }, input.code, (trx, c) =>
        appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'self_report.sign_refused', entityType: 'self_inspection_report', entityId: id, state: null, context: { reason: 'code_wrong', codeId: c.id, ip: client.ip } }).then(() => undefined),
      );
      const signedAt = reports.now();
      return db.transaction().execute(async (trx) => {
        if (!(await consumeCode(trx, code.id, signedAt))) throw invalid('code', 'consent.code_used');
        const row = await repo.update(trx, id, 'draft', {
          status: 'submitted',
          commitment_version: COMMITMENT_VERSION,
          commitment_text: content.commitment,
          content_sha256: sha256,
          signer_user_id: caller.user.id,
          signer_name: input.signerName.trim(),
          identity_method: code.channel === 'email' ? 'email_code' : 'sms_code',
          identity_address: maskAddress(code.channel, code.address),
          code_id: code.id,
          signed_at: signedAt,
          sign_ip: client.ip,
          sign_user_agent: client.userAgent?.slice(0, 500) ?? null,
          late,
        });
        if (!row) throw new AppError('conflict', 'self_report.not_draft');
        await reports.ledgerOf(trx, caller, 'self_report.signed', row, { codeId: code.id, contentSha256: sha256, late, content });
        return row;
      });
    },
  };
}
export type SelfReportSigningService = ReturnType<typeof createSelfReportSigningService>;
