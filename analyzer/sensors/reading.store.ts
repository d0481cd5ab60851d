import type { Db } from '../../core/db/connect.js';
import type { Quantity } from '../../core/sensors/quantities.js';

/** What the threshold rules read: sensor devices with fresh readings, and a quantity's readings. */
export function createReadingStore(db: Db) {
  return {
    /** Sensors that reported since `since`, or that have a sensor flag still open. */
    async devicesToCheck(since: Date): Promise<{ fresh: string[]; open: string[] }> {
      const [fresh, open] = await Promise.all([
        db.selectFrom('sensor_readings').select('device_id').distinct().where('received_at', '>=', since).execute(),
        db.selectFrom('flags').select('device_id').distinct().where('source', '=', 'sensor').where('state', '=', 'active').execute(),
      ]);
      return { fresh: fresh.map((r) => r.device_id), open: open.map((r) => r.device_id) };
    },

    /** Readings of one quantity measured from `from` on, oldest first (at most the newest `limit`). */
    async points(deviceId: string, quantity: Quantity, from: Date, limit = 5000) {
      const rows = await db
        .selectFrom('sensor_readings')
        .select(['measured_at', 'value'])
        .where('device_id', '=', deviceId)
        .where('quantity', '=', quantity)
        .where('measured_at', '>=', from)
        .orderBy('measured_at', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map((r) => ({ at: new Date(r.measured_at), value: r.value }));
    },

    async newest(deviceId: string, quantity: Quantity) {
      const r = await db.selectFrom('sensor_readings').select('measured_at').where('device_id', '=', deviceId).where('quantity', '=', quantity).orderBy('measured_at', 'desc').limit(1).executeTakeFirst();
      return r ? new Date(r.measured_at) : null;
    },
  };
}
export type ReadingStore = ReturnType<typeof createReadingStore>;
