import type { Kysely } from 'kysely';
import type { Database, DeliveryRow } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { DeliveryCompletion } from './delivery-completion.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { appendEvent, ledgerDeliveryRow, type TrailActor } from './delivery-trail.js';
import { deliveryView as toView } from './delivery-view.js';
import { recordPixelOpen, recordPortalEvent } from './portal-events.js';

/**
 * The business's side of its deliveries (the portal, 在线诉讼规则第三十二条、第三十三条): its inbox,
 * opening one (notification_opened, the first time), downloading the document (content_downloaded,
 * each time) and acknowledging it (acknowledged, once; the 送达回证 gets a version that names it),
 * plus the e-mail's open pixel. A business reaches only its own: access.require answers 403 for
 * another's and 404 for none.
 */
export function createDeliveryPortalService(deps: { db: Kysely<Database>; access: Access; completion: DeliveryCompletion }) {
  const { db, access } = deps;
  const me = (caller: Caller): TrailActor => ({ type: 'user', id: caller.user.id });
  const view = (d: DeliveryRow) => toView(db, d);

  async function own(caller: Caller, id: string): Promise<DeliveryRow> {
    await access.require(caller, 'delivery.receive', { kind: 'delivery', id });
    const d = await repo.get(db, id);
    if (!d || d.subject_kind !== 'document') throw new AppError('not_found', '');
    return d;
  }

  const portalEvent = (caller: Caller, d: DeliveryRow, kind: 'notification_opened' | 'content_downloaded', once: boolean) => recordPortalEvent(db, caller, d.id, kind, { once });

  return {
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
      await recordPixelOpen(db, token, ip);
    },
  };
}
export type DeliveryPortalService = ReturnType<typeof createDeliveryPortalService>;
