import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { deviceState, type DeviceStateView } from '../../core/devices/device-state.js';

/**
 * The facts core/devices/device-state.ts derives a device's state from, read for many devices
 * in one query. Every API that shows a device answers with this state, so every page says the
 * same thing about it.
 */
export function createDeviceStateRepository(db: Db) {
  async function views(deviceIds: readonly string[], now = new Date()): Promise<Map<string, DeviceStateView>> {
    const out = new Map<string, DeviceStateView>();
    if (deviceIds.length === 0) return out;
    const rows = await db
      .selectFrom('devices as d')
      .leftJoin('device_health as h', 'h.device_id', 'd.id')
      .select(['d.id', 'd.kind', 'd.status', 'h.online', 'h.since', 'h.last_frame_at', 'h.updated_at'])
      .select((eb) => eb.exists(eb.selectFrom('device_credentials as c').whereRef('c.device_id', '=', 'd.id').where('c.status', '=', 'active')).as('keyed'))
      .select(sql<Date | null>`(SELECT max(r.received_at) FROM sensor_readings r WHERE r.device_id = d.id)`.as('last_reading_at'))
      .where('d.id', 'in', [...deviceIds])
      .execute();
    for (const r of rows) {
      const stream = r.online === null || r.since === null || r.updated_at === null ? null : { online: r.online, since: new Date(r.since), lastFrameAt: r.last_frame_at ? new Date(r.last_frame_at) : null, updatedAt: new Date(r.updated_at) };
      out.set(r.id, deviceState({ kind: r.kind, registryStatus: r.status, keyed: !!r.keyed, stream, lastReadingAt: r.last_reading_at ? new Date(r.last_reading_at) : null }, now));
    }
    return out;
  }
  return {
    views,
    async view(deviceId: string, now = new Date()): Promise<DeviceStateView | null> {
      return (await views([deviceId], now)).get(deviceId) ?? null;
    },
  };
}
export type DeviceStateRepository = ReturnType<typeof createDeviceStateRepository>;

/** The state as the API gives it, beside the device's other fields. */
export const stateFields = (v: DeviceStateView | null | undefined) => ({
  state: v?.state ?? 'never_online',
  stateSince: v?.since ? v.since.toISOString() : null,
  lastSeenAt: v?.lastSeenAt ? v.lastSeenAt.toISOString() : null,
});
