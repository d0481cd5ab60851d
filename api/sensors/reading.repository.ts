import { sql, type Kysely } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import type { Database } from '../../core/db/database.js';
import type { Quantity } from '../../core/sensors/quantities.js';

export type NewReading = { quantity: Quantity; value: number; unit: string; measuredAt: Date };

/** Announced at commit of every accepted batch: the analyzer's threshold rules look at once. */
export const READINGS_CHANNEL = 'sensor_readings';

/** Sensor readings and their batches: append-only (the table refuses updates and deletes). */
export function createReadingRepository(db: Db) {
  return {
    /**
     * Inserts what is new; a reading already stored under (device, quantity, measured_at) stays
     * as it is. Returns which of the given readings were inserted (by index).
     */
    async insertReadings(trx: Kysely<Database>, deviceId: string, batchId: string, readings: NewReading[]): Promise<Set<number>> {
      const inserted = await trx
        .insertInto('sensor_readings')
        .values(readings.map((r) => ({ device_id: deviceId, quantity: r.quantity, measured_at: r.measuredAt, value: r.value, unit: r.unit, batch_id: batchId })))
        .onConflict((oc) => oc.columns(['device_id', 'quantity', 'measured_at']).doNothing())
        .returning(['quantity', 'measured_at'])
        .execute();
      const keys = new Set(inserted.map((r) => `${r.quantity}|${new Date(r.measured_at).getTime()}`));
      const out = new Set<number>();
      readings.forEach((r, i) => {
        const k = `${r.quantity}|${r.measuredAt.getTime()}`;
        if (keys.delete(k)) out.add(i); // the first of two equal keys in one batch is the one stored
      });
      return out;
    },

    /** The stored values of readings that were not inserted. */
    async storedValues(trx: Kysely<Database>, deviceId: string, readings: NewReading[]): Promise<Map<string, number>> {
      if (readings.length === 0) return new Map();
      const rows = await trx
        .selectFrom('sensor_readings')
        .select(['quantity', 'measured_at', 'value'])
        .where('device_id', '=', deviceId)
        .where((eb) => eb.or(readings.map((r) => eb.and([eb('quantity', '=', r.quantity), eb('measured_at', '=', r.measuredAt)]))))
        .execute();
      return new Map(rows.map((r) => [`${r.quantity}|${new Date(r.measured_at).getTime()}`, r.value]));
    },

    async insertBatch(trx: Kysely<Database>, b: { id: string; deviceId: string; credentialId: string; consentId: string; accepted: number; duplicates: number; sha256: string; ip: string }) {
      return trx
        .insertInto('sensor_reading_batches')
        .values({ id: b.id, device_id: b.deviceId, credential_id: b.credentialId, consent_id: b.consentId, accepted: b.accepted, duplicates: b.duplicates, sha256: b.sha256, ip: b.ip })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async announce(trx: Kysely<Database>, deviceId: string) {
      await sql`SELECT pg_notify(${READINGS_CHANNEL}, ${JSON.stringify({ deviceId })})`.execute(trx);
    },

    /** A refused post, beside refused publishes (append-only evidence of who tried what). */
    async recordRefusal(r: { deviceId: string | null; ip: string; reason: string }) {
      await db.insertInto('publish_refusals').values({ kind: 'readings', device_id: r.deviceId, stream_path: '/api/ingest/readings', ip: r.ip, reason: r.reason }).execute();
    },

    async deviceKind(deviceId: string) {
      return (await db.selectFrom('devices').select('kind').where('id', '=', deviceId).executeTakeFirst())?.kind ?? null;
    },

    /** Readings of a device between two instants, oldest first (at most `limit`, newest kept). */
    async between(deviceId: string, from: Date, to: Date, limit: number) {
      const rows = await db
        .selectFrom('sensor_readings')
        .select(['quantity', 'measured_at', 'value', 'unit'])
        .where('device_id', '=', deviceId)
        .where('measured_at', '>=', from)
        .where('measured_at', '<=', to)
        .orderBy('measured_at', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse();
    },

    /** The device and the business category its limits depend on. */
    async sensorPlace(deviceId: string) {
      return db
        .selectFrom('devices as d')
        .innerJoin('businesses as b', 'b.id', 'd.business_id')
        .innerJoin('sites as s', 's.id', 'd.site_id')
        .select(['d.id', 'd.name', 'd.kind', 'd.business_id', 'b.name as business_name', 'b.category', 's.name as site_name'])
        .where('d.id', '=', deviceId)
        .executeTakeFirst();
    },

    /** Flags raised from this device's readings in the window (shown on the chart). */
    async flagsBetween(deviceId: string, from: Date, to: Date) {
      return db
        .selectFrom('flags')
        .select(['id', 'type', 'state', 'started_at', 'ended_at'])
        .where('device_id', '=', deviceId)
        .where('source', '=', 'sensor')
        .where('started_at', '<=', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', from)]))
        .orderBy('started_at')
        .execute();
    },
  };
}
export type ReadingRepository = ReturnType<typeof createReadingRepository>;
