import type { Db } from '../../core/db/connect.js';
import type { DeviceCredentialRow } from '../../core/db/database.js';
import { deviceGate } from '../../core/consent/publish-authority.js';
import { newStreamKey } from '../../core/consent/stream-key.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { actorOf, type Caller } from '../http/request-context.js';
import type { Access } from '../access/access.service.js';
import { notifyPublishGate } from './consent-state.js';

export const toCredentialDto = (r: DeviceCredentialRow) => ({
  id: r.id,
  deviceId: r.device_id,
  prefix: r.key_prefix,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
  endReason: r.end_reason,
});

/**
 * Per-device publish keys. Issued only to a device a consent in force covers; the key is
 * returned once and stored as a hash; issuing again rotates the old key out at once.
 */
export function createCredentialService(deps: { db: Db; access: Access; rtmpBaseUrl: string }) {
  const { db, access } = deps;

  async function deviceFor(caller: Caller, deviceId: string, write: boolean) {
    await access.require(caller, write ? 'credential.write' : 'credential.read', { kind: 'device', id: deviceId });
    return db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
  }

  return {
    async list(caller: Caller, deviceId: string) {
      await deviceFor(caller, deviceId, false);
      const [items, gate] = await Promise.all([
        db.selectFrom('device_credentials').selectAll().where('device_id', '=', deviceId).orderBy('created_at', 'desc').limit(50).execute(),
        deviceGate(db, deviceId),
      ]);
      const active = items.some((i) => i.status === 'active');
      return { items: items.map(toCredentialDto), publishAllowed: active && gate.ok, publishRefusal: gate.ok ? (active ? null : 'unknown_key') : gate.reason };
    },

    async issue(caller: Caller, deviceId: string) {
      const device = await deviceFor(caller, deviceId, true);
      const gate = await deviceGate(db, deviceId);
      if (!gate.ok) throw new AppError('conflict', `credential.${gate.reason}`);
      const k = newStreamKey();
      const actor = actorOf(caller.user);
      const row = await db.transaction().execute(async (trx) => {
        const rotated = await trx
          .updateTable('device_credentials')
          .set((eb) => ({ status: 'rotated', ended_by: caller.user.id, ended_at: new Date(), end_reason: '已签发新密钥', version: eb('version', '+', 1) }))
          .where('device_id', '=', deviceId)
          .where('status', '=', 'active')
          .returningAll()
          .execute();
        for (const r of rotated) await appendLedger(trx, { actor, requestId: caller.requestId, action: 'device_credential.rotated', entityType: 'device_credential', entityId: r.id, state: r });
        const created = await trx.insertInto('device_credentials').values({ device_id: deviceId, key_prefix: k.prefix, key_sha256: k.sha256, created_by: caller.user.id }).returningAll().executeTakeFirstOrThrow();
        await appendLedger(trx, { actor, requestId: caller.requestId, action: 'device_credential.issued', entityType: 'device_credential', entityId: created.id, state: created, context: { deviceId, consentId: gate.consentId } });
        if (rotated.length) await notifyPublishGate(trx, { deviceIds: [deviceId], reason: 'credential.rotated' });
        return created;
      });
      return { ...toCredentialDto(row), key: k.key, publishUrl: `${deps.rtmpBaseUrl}/live/${device.id}?key=${k.key}` };
    },

    async revoke(caller: Caller, credentialId: string, reason: string) {
      const cred = await db.selectFrom('device_credentials').selectAll().where('id', '=', credentialId).executeTakeFirst();
      if (!cred) throw new AppError('not_found', '');
      await deviceFor(caller, cred.device_id, true);
      const row = await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('device_credentials')
          .set((eb) => ({ status: 'revoked', ended_by: caller.user.id, ended_at: new Date(), end_reason: reason, version: eb('version', '+', 1) }))
          .where('id', '=', credentialId)
          .where('status', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (!r) throw new AppError('conflict', 'credential.not_active');
        await appendLedger(trx, { actor: actorOf(caller.user), requestId: caller.requestId, action: 'device_credential.revoked', entityType: 'device_credential', entityId: r.id, state: r, context: { reason } });
        await notifyPublishGate(trx, { deviceIds: [r.device_id], reason: 'credential.revoked' });
        return r;
      });
      return toCredentialDto(row);
    },
  };
}
export type CredentialService = ReturnType<typeof createCredentialService>;
