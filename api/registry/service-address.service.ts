import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import type { Notifier } from '../../core/notify/notifier.js';
import { CODE_RESEND_MS, maskAddress } from '../consent/one-time-code.js';
import { countWrongTry, liveCode, refusal, resendWaitMs, supersedeCode } from '../consent/one-time-code.store.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository } from './business.repository.js';
import type { Access } from '../access/access.service.js';
import type { ServiceAddressInput } from './registry.schemas.js';
import { addressCodeKey, addressCodeMessage, issueAddressCode, markAddressVerified } from './service-address-proof.js';
import { addressById, needsProof, setAddressStatus } from './service-address.repository.js';
import { isConfirmed, lockBusiness } from './service-address-confirmation.repository.js';

const invalid = (path: string, message: string) => new AppError('validation_failed', '', [{ path: [path], message }]);

/**
 * Electronic-service addresses the business agrees to (R9). The business itself may add and
 * withdraw them, as may an officer recording the business's written agreement. An e-mail or SMS
 * address is in force only once proven: a one-time code goes to the address, and whoever reads
 * it there enters it (pending_verification → verified). Until then nothing is sent to it.
 */
export function createServiceAddressService(deps: { db: Db; repo: BusinessRepository; access: Access; events: EventBus; notifier: Notifier | null }) {
  const { db, repo, access, events } = deps;

  /** The address, if the caller may act for its business (the business itself or an editor in scope). */
  async function load(caller: Caller, id: string) {
    const owner = await access.require(caller, 'service_address.write', { kind: 'service_address', id });
    const [a, business] = await Promise.all([addressById(db, id), repo.byId(owner.businessId!)]);
    if (!a || !business) throw new AppError('not_found', '');
    return { a, business };
  }

  return {
    async add(caller: Caller, businessId: string, input: z.infer<typeof ServiceAddressInput>) {
      await access.require(caller, 'service_address.write', { kind: 'business', id: businessId });
      const b = await repo.byId(businessId);
      if (!b || b.status !== 'active') throw new AppError('conflict', '');
      const row = await db.transaction().execute(async (trx) => {
        const a = await trx
          .insertInto('service_addresses')
          .values({ business_id: businessId, method: input.method, address: input.address.trim(), agreed_at: new Date(input.agreedAt), status: needsProof(input.method) ? 'pending_verification' : 'active' })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'service_address.agreed', entityType: 'service_address', entityId: a.id, state: a, requestId: caller.requestId });
        return a;
      });
      events.emit('registry:changed', { entity: 'service_address', id: row.id });
      return row;
    },

    /** Sends a one-time code to the pending address itself. */
    async requestCode(caller: Caller, id: string) {
      const { a, business } = await load(caller, id);
      if (!needsProof(a.method) || a.status !== 'pending_verification') throw new AppError('conflict', 'address.not_pending');
      if (!deps.notifier) throw new AppError('unavailable', 'consent.code_not_sent');
      if (deps.notifier.modes?.[a.method] === 'not_configured') throw new AppError('unavailable', `notify.${a.method}_not_configured`);
      if ((await resendWaitMs(db, addressCodeKey(id))) > 0) throw new AppError('rate_limited', 'consent.code_too_soon');
      const issued = await db.transaction().execute((trx) => issueAddressCode(trx, a, { actor: actorOf(caller.user), userId: caller.user.id, requestId: caller.requestId }));
      const sent = await deps.notifier.send({ channel: a.method, to: a.address, purpose: 'service_address.verify', ...addressCodeMessage(business.name, issued.code) });
      if (sent.status === 'failed') {
        await supersedeCode(db, issued.codeId);
        throw new AppError('unavailable', sent.reason === 'not_configured' ? `notify.${a.method}_not_configured` : 'consent.code_not_sent');
      }
      return { channel: a.method, address: maskAddress(a.method, a.address), expiresAt: issued.expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
    },

    /** The code that went to the address puts it in force; a wrong one counts a try. */
    async verify(caller: Caller, id: string, code: string) {
      const { a } = await load(caller, id);
      if (a.status !== 'pending_verification') throw new AppError('conflict', 'address.not_pending');
      const live = await liveCode(db, addressCodeKey(id));
      const refused = refusal(live, code);
      if (!live || (refused && refused !== 'wrong')) throw invalid('code', refused ?? 'consent.code_missing');
      const by = { actor: actorOf(caller.user), userId: caller.user.id, requestId: caller.requestId };
      if (refused === 'wrong') {
        const message = await db.transaction().execute(async (trx) => {
          const m = await countWrongTry(trx, live);
          await appendLedger(trx, { actor: by.actor, requestId: by.requestId, action: 'service_address.verification_refused', entityType: 'service_address', entityId: id, state: null, context: { reason: 'code_wrong', codeId: live.id } });
          return m;
        });
        throw invalid('code', message);
      }
      const row = await db.transaction().execute((trx) => markAddressVerified(trx, a, live.id, by));
      events.emit('registry:changed', { entity: 'service_address', id });
      return row;
    },

    /**
     * An address of the current 送达地址确认书 is not withdrawn on its own: the business signs a new
     * confirmation without it (the confirmation's change clause), then withdraws it if it wishes.
     */
    async withdraw(caller: Caller, id: string, reason: string) {
      const { a: before } = await load(caller, id);
      const row = await db.transaction().execute(async (trx) => {
        await lockBusiness(trx, before.business_id); // a signing of the confirmation waits, or is waited for
        if (await isConfirmed(trx, before.business_id, id)) throw new AppError('conflict', 'service_address_confirmation.withdraw_needs_new');
        const a = await setAddressStatus(trx, id, ['pending_verification', 'verified', 'active'], { status: 'withdrawn', withdraw_reason: reason });
        if (!a) throw new AppError('conflict', '');
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'service_address.withdrawn', entityType: 'service_address', entityId: id, state: a, requestId: caller.requestId, context: { reason } });
        return a;
      });
      events.emit('registry:changed', { entity: 'service_address', id });
      return row;
    },
  };
}
export type ServiceAddressService = ReturnType<typeof createServiceAddressService>;
