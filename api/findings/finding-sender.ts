import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Database } from '../../core/db/database.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import type { MailAttachment } from '../../core/notify/notify.types.js';
import { loadFindingFacts } from './finding-facts.js';
import { findingDecisionEmail, findingDecisionSms, findingEmail, findingSms } from './finding-message.js';
import { ledgerDelivery } from './finding-trail.js';

/** Attempts per delivery before it is marked failed (one sweep a minute retries the rest). */
export const MAX_ATTEMPTS = 5;
const SYSTEM = { type: 'system' as const, id: 'findings.notify' };

async function readAll(blobs: BlobStore, sha256: string): Promise<Buffer | null> {
  const stream = await blobs.get(sha256).catch(() => null);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends queued e-mail and SMS deliveries of findings. Each delivery is locked while it is sent
 * (SKIP LOCKED: two sweeps never send the same one), then recorded: 'sent' when the SMTP server
 * or SMS adapter accepted it ('captured' when it only reached the local capture), or retried up
 * to MAX_ATTEMPTS and then 'failed'. SMTP and the outbox SMS adapter report no delivery, so
 * delivered_at stays null for them. Safe to run twice.
 */
export function createFindingSender(deps: { db: Kysely<Database>; notifier: Notifier | null; blobs: BlobStore; publicBaseUrl: string; log: Logger }) {
  const { db, log } = deps;
  async function sendOne(deliveryId: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const d = await trx.selectFrom('finding_deliveries').selectAll().where('id', '=', deliveryId).where('status', '=', 'queued').forUpdate().skipLocked().executeTakeFirst();
      if (!d || d.channel === 'portal' || !deps.notifier) return;
      const loaded = await loadFindingFacts(trx, d.finding_id, deps.publicBaseUrl);
      if (!loaded) return;
      const { facts } = loaded;
      // A decision notice tells the business what became of its dispute (never sent without one).
      const decision = d.purpose === 'decision';
      if (decision && !facts.decision) return;
      let result: Awaited<ReturnType<Notifier['send']>>;
      try {
        if (d.channel === 'email') {
          const pixelUrl = `${deps.publicBaseUrl}/api/findings/open/${d.open_token}.gif`;
          if (decision) {
            const mail = findingDecisionEmail(facts, { pixelUrl });
            result = await deps.notifier.send({ channel: 'email', to: d.address, subject: mail.subject, body: mail.text, html: mail.html, purpose: 'finding.decision' });
          } else {
            const jpeg = loaded.snapshotSha256 ? await readAll(deps.blobs, loaded.snapshotSha256) : null;
            const attachments: MailAttachment[] = jpeg ? [{ filename: 'snapshot.jpg', content: jpeg, contentType: 'image/jpeg', cid: 'snapshot@vigil' }] : [];
            const mail = findingEmail(facts, { pixelUrl, snapshotCid: jpeg ? 'snapshot@vigil' : null });
            result = await deps.notifier.send({ channel: 'email', to: d.address, subject: mail.subject, body: mail.text, html: mail.html, attachments, purpose: 'finding.notice' });
          }
        } else {
          result = await deps.notifier.send({ channel: 'sms', to: d.address, body: decision ? findingDecisionSms(facts) : findingSms(facts), purpose: decision ? 'finding.decision' : 'finding.notice' });
        }
      } catch (err) {
        result = { outboxId: '', status: 'failed', error: err instanceof Error ? err.message : String(err) };
      }
      const attempts = d.attempts + 1;
      const ok = result.status !== 'failed';
      const status = ok ? result.status : attempts >= MAX_ATTEMPTS ? 'failed' : 'queued';
      const row = await trx
        .updateTable('finding_deliveries')
        .set({ status, outbox_id: result.outboxId || d.outbox_id, attempts, error: ok ? null : (result.error ?? 'failed').slice(0, 1000), sent_at: ok ? new Date() : null, version: d.version + 1, updated_at: new Date() })
        .where('id', '=', d.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await ledgerDelivery(trx, row, ok ? 'finding_delivery.sent' : status === 'failed' ? 'finding_delivery.failed' : 'finding_delivery.retry', SYSTEM);
      if (!ok) log.warn({ deliveryId: d.id, channel: d.channel, attempts, err: result.error }, 'finding notice not sent');
    });
  }

  return {
    /** Sends what is queued (of one finding, or all); returns how many deliveries it tried. */
    async sendQueued(findingId?: string): Promise<number> {
      if (!deps.notifier) {
        log.warn('no notifier: finding notices stay queued');
        return 0;
      }
      let q = db.selectFrom('finding_deliveries').select('id').where('status', '=', 'queued').where('channel', '!=', 'portal');
      if (findingId) q = q.where('finding_id', '=', findingId);
      const rows = await q.orderBy('created_at').limit(100).execute();
      for (const r of rows) await sendOne(r.id);
      return rows.length;
    },
  };
}
export type FindingSender = ReturnType<typeof createFindingSender>;
