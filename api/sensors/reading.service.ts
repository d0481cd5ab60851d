import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { mayPublish } from '../../core/consent/publish-authority.js';
import type { Db } from '../../core/db/connect.js';
import { AppError } from '../../core/errors.js';
import { appendLedger } from '../../core/ledger/append.js';
import { canonicalJson } from '../../core/ledger/canonical.js';
import type { Logger } from '../../core/log.js';
import { limitsFor, QUANTITIES, QUANTITY_SPEC, type Quantity } from '../../core/sensors/quantities.js';
import type { Access } from '../access/access.service.js';
import type { Caller } from '../http/request-context.js';
import type { DeviceStateRepository } from '../registry/device-state.repository.js';
import { stateFields } from '../registry/device-state.repository.js';
import type { NewReading, ReadingRepository } from './reading.repository.js';
import type { ReadingBatchInput } from './reading.schemas.js';

const AUTH_REFUSALS = new Set(['malformed_key', 'unknown_key', 'key_rotated', 'key_revoked', 'ticket_expired', 'wrong_device']);
const DAY_MS = 86_400_000;

/**
 * Sensor readings (R4). A sensor posts them with its device key: the same key, the same
 * authority and the same consent gate as a camera's publish (core/consent/publish-authority.ts),
 * so a device without a signed consent in force is refused, and the refusal recorded, like a
 * camera's (R1, 002 §12). Accepted batches are ledgered in the transaction that stores them.
 */
export function createReadingService(deps: { db: Db; repo: ReadingRepository; access: Access; deviceStates: DeviceStateRepository; log: Logger }) {
  const { db, repo, access, deviceStates, log } = deps;

  async function refuse(reason: string, deviceId: string | null, ip: string): Promise<never> {
    await repo.recordRefusal({ deviceId, ip, reason });
    log.warn({ reason, deviceId, ip }, 'sensor readings refused');
    throw new AppError(AUTH_REFUSALS.has(reason) ? 'unauthenticated' : 'forbidden', `readings.${reason}`);
  }

  return {
    async ingest(req: { key: string | null; ip: string; requestId: string; body: () => Promise<z.infer<typeof ReadingBatchInput>> }) {
      if (!req.key) return refuse('malformed_key', null, req.ip);
      const decision = await mayPublish(db, { key: req.key });
      if (!decision.allowed) return refuse(decision.reason, decision.deviceId, req.ip);
      const deviceId = decision.deviceId;
      if ((await repo.deviceKind(deviceId)) !== 'sensor') {
        await repo.recordRefusal({ deviceId, ip: req.ip, reason: 'not_a_sensor' });
        throw new AppError('forbidden', 'reading.not_sensor');
      }
      const input = await req.body();
      const readings: NewReading[] = input.readings.map((r) => ({ quantity: r.quantity as Quantity, value: r.value, unit: r.unit, measuredAt: new Date(r.measuredAt) }));
      const sha256 = createHash('sha256').update(canonicalJson(input.readings)).digest('hex');

      return db.transaction().execute(async (trx) => {
        const batchId = randomUUID();
        const inserted = await repo.insertReadings(trx, deviceId, batchId, readings);
        const rest = readings.map((r, i) => ({ r, i })).filter(({ i }) => !inserted.has(i));
        const stored = await repo.storedValues(trx, deviceId, rest.map(({ r }) => r));
        const conflicts = rest
          .map(({ r, i }) => ({ index: i, quantity: r.quantity, measuredAt: r.measuredAt.toISOString(), stored: stored.get(`${r.quantity}|${r.measuredAt.getTime()}`) ?? r.value, value: r.value }))
          .filter((c) => c.stored !== c.value)
          .map(({ value: _v, ...c }) => c);
        const duplicates = rest.length - conflicts.length;
        // A batch resent whole changes nothing: no batch, no ledger entry.
        if (inserted.size === 0) return { batchId: null, accepted: 0, duplicates, conflicts };
        const batch = await repo.insertBatch(trx, { id: batchId, deviceId, credentialId: decision.credentialId, consentId: decision.consentId, accepted: inserted.size, duplicates: rest.length, sha256, ip: req.ip });
        await appendLedger(trx, { actor: { type: 'device', id: deviceId }, requestId: req.requestId, action: 'sensor.readings_received', entityType: 'sensor_reading_batch', entityId: batch.id, state: batch, context: conflicts.length ? { conflicts } : null });
        await repo.announce(trx, deviceId);
        return { batchId: batch.id, accepted: inserted.size, duplicates, conflicts };
      });
    },

    /** A sensor's readings over a window (at most 31 days; the last 24 hours by default), with its limits and state. */
    async readings(caller: Caller, deviceId: string, range: { from?: string; to?: string }) {
      await access.require(caller, 'reading.read', { kind: 'device', id: deviceId });
      const place = await repo.sensorPlace(deviceId);
      if (!place) throw new AppError('not_found', '');
      const to = range.to ? new Date(range.to) : new Date();
      const from = range.from ? new Date(range.from) : new Date(to.getTime() - DAY_MS);
      if (!(from < to) || to.getTime() - from.getTime() > 31 * DAY_MS) throw new AppError('validation_failed', '', [{ path: ['from'], message: 'media.range' }]);
      const [rows, flags, state] = await Promise.all([repo.between(deviceId, from, to, 20_000), repo.flagsBetween(deviceId, from, to), deviceStates.view(deviceId)]);
      return {
        device: { id: place.id, name: place.name, kind: place.kind, businessId: place.business_id, businessName: place.business_name, siteName: place.site_name, category: place.category, ...stateFields(state) },
        from: from.toISOString(),
        to: to.toISOString(),
        series: QUANTITIES.map((q) => {
          const limit = limitsFor(place.category, q);
          return {
            quantity: q,
            unit: QUANTITY_SPEC[q].unit,
            min: limit.min,
            max: limit.max,
            standard: limit.standard,
            points: rows.filter((r) => r.quantity === q).map((r) => ({ at: new Date(r.measured_at).toISOString(), value: r.value })),
          };
        }),
        flags: flags.map((f) => ({ id: f.id, type: f.type, state: f.state, startedAt: new Date(f.started_at).toISOString(), endedAt: f.ended_at ? new Date(f.ended_at).toISOString() : null })),
      };
    },
  };
}
export type ReadingService = ReturnType<typeof createReadingService>;
