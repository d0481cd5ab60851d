import { can } from '../../core/access/permissions.js';
import { addressesInForce } from '../registry/service-address.repository.js';
import type { Db } from '../../core/db/connect.js';
import type { ConsentStatus } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Logger } from '../../core/log.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { actorOf, type Caller } from '../http/request-context.js';
import { consentDeviceIds, notifyPublishGate, syncDeviceStatus } from './consent-state.js';
import type { ConsentService } from './consent.service.js';
import { actionsFor, mayEver } from './consent.service.js';

type Transition = { action: string; from: ConsentStatus[]; to: ConsentStatus; reason: string | null; version: number; party?: 'business' | 'agency' | null };

/** Proposing, withdrawing, suspending, resuming, revoking and expiring consents; each ledgered. */
export function createConsentLifecycleService(deps: { db: Db; consents: ConsentService; events: EventBus; notifier: Notifier | null; publicBaseUrl: string; log: Logger }) {
  const { db, consents, events } = deps;

  async function transition(caller: Caller, id: string, t: Transition) {
    const before = await consents.load(caller, id);
    if (!actionsFor(caller, before).includes(t.action)) {
      throw mayEver(caller, t.action) ? new AppError('conflict', `consent.not_now`) : new AppError('forbidden', '');
    }
    const actor = actorOf(caller.user);
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      const row = await trx
        .updateTable('consents')
        .set((eb) => ({
          status: t.to,
          status_reason: t.reason,
          status_changed_by: caller.user.id,
          status_changed_at: now,
          ...(t.party !== undefined ? { suspended_by_party: t.party } : {}),
          ...(t.action === 'propose' ? { proposed_by: caller.user.id, proposed_at: now } : {}),
          version: eb('version', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('version', '=', t.version)
        .where('status', 'in', t.from)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new AppError('version_conflict', '');
      await appendLedger(trx, { actor, requestId: caller.requestId, action: `consent.${t.to === 'active' && t.action === 'resume' ? 'resumed' : t.to}`, entityType: 'consent', entityId: id, state: row, context: t.reason ? { reason: t.reason } : null });
      const deviceIds = await consentDeviceIds(trx, id);
      if (t.to === 'revoked') await syncDeviceStatus(trx, deviceIds, actor, caller.requestId, { consentId: id, action: 'consent.revoked' });
      if (t.to === 'revoked' || t.to === 'suspended') await notifyPublishGate(trx, { consentId: id, deviceIds, reason: `consent.${t.to}` });
    });
    events.emit('consent:changed', { id, status: t.to });
    return consents.load(caller, id);
  }

  const partyOf = (caller: Caller) => (can(caller, 'consent.party') ? 'business' : 'agency');

  return {
    async propose(caller: Caller, id: string, version: number) {
      const c = await transition(caller, id, { action: 'propose', from: ['draft'], to: 'proposed', reason: null, version });
      await tellBusiness(c.business_id, `待签署：${c.site_name} 非现场监管设备安装确认书（${c.ref}）`, [
        `${c.business_name}：`,
        `${c.agency_name} 向贵单位发送了非现场监管设备安装确认书（编号 ${c.ref}，场所：${c.site_name}）。`,
        `请登录 ${deps.publicBaseUrl}/consents/${c.id} 阅读并签署；如有疑问，可向执法机构询问。`,
      ]);
      return c;
    },
    withdraw: (caller: Caller, id: string, reason: string, version: number) => transition(caller, id, { action: 'withdraw', from: ['draft', 'proposed'], to: 'withdrawn', reason, version }),
    suspend: (caller: Caller, id: string, reason: string, version: number) => transition(caller, id, { action: 'suspend', from: ['active'], to: 'suspended', reason, version, party: partyOf(caller) }),
    resume: (caller: Caller, id: string, reason: string, version: number) => transition(caller, id, { action: 'resume', from: ['suspended'], to: 'active', reason, version, party: null }),
    revoke: (caller: Caller, id: string, reason: string, version: number) => transition(caller, id, { action: 'revoke', from: ['active', 'suspended'], to: 'revoked', reason, version }),
  };

  /** Best effort: the business's verified e-mail service address hears of it; failures are in the outbox. */
  async function tellBusiness(businessId: string, subject: string, lines: string[]) {
    if (!deps.notifier) return;
    const to = (await addressesInForce(db, businessId)).find((a) => a.method === 'email');
    if (!to) return;
    await deps.notifier.send({ channel: 'email', to: to.address, subject, body: lines.join('\n'), purpose: 'consent.proposed' }).catch((err: unknown) => deps.log.warn({ err }, 'could not tell the business of a proposal'));
  }
}
export type ConsentLifecycleService = ReturnType<typeof createConsentLifecycleService>;
