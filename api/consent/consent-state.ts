import { sql, type Kysely } from 'kysely';
import type { ConsentStatus, Database } from '../../core/db/database.js';
import { PUBLISH_GATE_CHANNEL } from '../../core/events.js';
import { appendLedger, type Actor } from '../../core/ledger/append.js';

type Trx = Kysely<Database>;

/**
 * Tells the streams process, in the same transaction, that these devices' right to publish may
 * have changed: it re-asks the publish authority and drops streams that may no longer publish.
 */
export async function notifyPublishGate(trx: Trx, payload: { consentId?: string; deviceIds: string[]; reason: string }): Promise<void> {
  if (!payload.deviceIds.length) return;
  await sql`SELECT pg_notify(${PUBLISH_GATE_CHANNEL}, ${JSON.stringify(payload)})`.execute(trx);
}

/** Devices of a consent. */
export async function consentDeviceIds(trx: Trx, consentId: string): Promise<string[]> {
  const rows = await trx.selectFrom('consent_devices').select('device_id').where('consent_id', '=', consentId).execute();
  return rows.map((r) => r.device_id);
}

/**
 * Keeps devices' registry status in step with consents: covered devices awaiting consent become
 * active; active devices no longer covered by any consent in force go back to pending_consent.
 * Each change is ledgered.
 */
export async function syncDeviceStatus(trx: Trx, deviceIds: string[], actor: Actor, requestId: string | null, cause: { consentId: string; action: string }): Promise<void> {
  if (!deviceIds.length) return;
  const rows = await trx
    .selectFrom('devices as d')
    .select(['d.id', 'd.status'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('consent_devices as cd')
            .innerJoin('consents as c', 'c.id', 'cd.consent_id')
            .whereRef('cd.device_id', '=', 'd.id')
            .where('c.status', 'in', ['active', 'suspended'] satisfies ConsentStatus[]),
        )
        .as('covered'),
    )
    .where('d.id', 'in', deviceIds)
    .forUpdate()
    .execute();
  for (const r of rows) {
    const next = r.covered && r.status === 'pending_consent' ? 'active' : !r.covered && r.status === 'active' ? 'pending_consent' : null;
    if (!next) continue;
    const device = await trx
      .updateTable('devices')
      .set((eb) => ({ status: next, status_reason: next === 'active' ? '确认书生效' : '无有效确认书', version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', r.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendLedger(trx, { actor, requestId, action: 'device.status_changed', entityType: 'device', entityId: r.id, state: device, context: cause });
  }
}
