import type { Kysely } from 'kysely';
import type { BlobStore } from '../../core/blob/blob-store.js';
import type { Database, DeliveryChannelRow, DeliveryRow } from '../../core/db/database.js';
import type { MailAttachment, OutgoingMessage } from '../../core/notify/notify.types.js';
import { loadFindingFacts } from './finding-facts.js';
import { findingDecisionEmail, findingDecisionSms, findingEmail, findingSms } from './finding-message.js';

/** The purpose a finding notice's delivery records (deliveries.purpose). */
export const NOTICE_PURPOSE = { notice: 'finding.notice', decision: 'finding.decision' } as const;
export type NoticePurpose = keyof typeof NOTICE_PURPOSE;
export const noticePurposeOf = (purpose: string): NoticePurpose => (purpose === NOTICE_PURPOSE.decision ? 'decision' : 'notice');

async function readAll(blobs: BlobStore, sha256: string): Promise<Buffer | null> {
  const stream = await blobs.get(sha256).catch(() => null);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The message one channel of a finding notice sends (the delivery module's 'delivery.send' job
 * asks for it): the first notice by e-mail with the snapshot inline and the portal link, or the
 * officer's decision on the business's dispute; by SMS the short version. The e-mail's open pixel
 * is the delivery module's (/api/deliveries/open/:token.gif). Null when there is nothing to say
 * (a finding gone, or a decision notice with no decision).
 */
export async function findingNoticeMessage(trx: Kysely<Database>, d: DeliveryRow, ch: DeliveryChannelRow, deps: { blobs: BlobStore; publicBaseUrl: string }): Promise<OutgoingMessage | null> {
  if (!d.finding_id) return null;
  const loaded = await loadFindingFacts(trx, d.finding_id, deps.publicBaseUrl);
  if (!loaded) return null;
  const { facts } = loaded;
  const decision = noticePurposeOf(d.purpose) === 'decision';
  if (decision && !facts.decision) return null;
  const purpose = decision ? 'finding.decision' : 'finding.notice';
  if (ch.channel === 'sms') return { channel: 'sms', to: ch.address, body: decision ? findingDecisionSms(facts) : findingSms(facts), purpose };
  const pixelUrl = `${deps.publicBaseUrl}/api/deliveries/open/${ch.open_token}.gif`;
  if (decision) {
    const mail = findingDecisionEmail(facts, { pixelUrl });
    return { channel: 'email', to: ch.address, subject: mail.subject, body: mail.text, html: mail.html, purpose };
  }
  const jpeg = loaded.snapshotSha256 ? await readAll(deps.blobs, loaded.snapshotSha256) : null;
  const attachments: MailAttachment[] = jpeg ? [{ filename: 'snapshot.jpg', content: jpeg, contentType: 'image/jpeg', cid: 'snapshot@vigil' }] : [];
  const mail = findingEmail(facts, { pixelUrl, snapshotCid: jpeg ? 'snapshot@vigil' : null });
  return { channel: 'email', to: ch.address, subject: mail.subject, body: mail.text, html: mail.html, attachments, purpose };
}
