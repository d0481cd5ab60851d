import type { z } from 'zod';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { BusinessRepository } from './business.repository.js';
import type { Access } from '../access/access.service.js';
import type { ServiceAddressInput } from './registry.schemas.js';

/**
 * Electronic-service addresses the business agrees to (R9). The business itself may add and
 * withdraw them, as may an officer recording the business's written agreement.
 */
export function createServiceAddressService(deps: { db: Db; repo: BusinessRepository; access: Access; events: EventBus }) {
  const { db, repo, access, events } = deps;
  return {
    async add(caller: Caller, businessId: string, input: z.infer<typeof ServiceAddressInput>) {
      await access.require(caller, 'service_address.write', { kind: 'business', id: businessId });
      const b = await repo.byId(businessId);
      if (!b || b.status !== 'active') throw new AppError('conflict', '');
      const row = await db.transaction().execute(async (trx) => {
        const a = await trx
          .insertInto('service_addresses')
          .values({ business_id: businessId, method: input.method, address: input.address, agreed_at: new Date(input.agreedAt) })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendLedger(trx, { actor: actorOf(caller.user), action: 'service_address.agreed', entityType: 'service_address', entityId: a.id, state: a, requestId: caller.requestId });
        return a;
      });
      events.emit('registry:changed', { entity: 'service_address', id: row.id });
      return row;
    },

    async withdraw(caller: Caller, id: string, reason: string) {
      await access.require(caller, 'service_address.write', { kind: 'service_address', id });
      const row = await db.transaction().execute(async (trx) => {
        const a = await trx
          .updateTable('service_addresses')
          .set((eb) => ({ status: 'withdrawn', withdraw_reason: reason, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('id', '=', id)
          .where('status', '=', 'active')
          .returningAll()
          .executeTakeFirst();
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
