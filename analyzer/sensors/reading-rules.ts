import type { FlagDetail, SensorEvidence } from '../../core/analysis/flag-contract.js';
import type { SensorFlagType } from '../../core/analysis/rule-kinds.js';
import type { Logger } from '../../core/log.js';
import { currentExcursion, type Point } from '../../core/sensors/excursion.js';
import { limitsFor, QUANTITIES, QUANTITY_SPEC, type Limit, type Quantity } from '../../core/sensors/quantities.js';
import type { BusinessCategory } from '../../core/db/database.js';
import type { FlagStore } from '../flags/flag.store.js';
import type { ReadingStore } from './reading.store.js';

/** Evidence shows this much before an excursion began and after it ended. */
export const CONTEXT_MS = 30 * 60_000;
/** How far back the rules look for the start of an excursion still going on. */
const LOOKBACK_MS = 24 * 3600_000;

const flagType = (q: Quantity): SensorFlagType => `${q}_out_of_range`;
const iso = (p: Point) => ({ at: p.at.toISOString(), value: p.value });

/**
 * Threshold rules on sensor readings (R4: data analysis). Readings of a quantity that stay
 * outside the limits of the standard for the business's water (core/sensors/quantities.ts)
 * for the sustain time raise a flag through the same flag store as camera rules, so it enters
 * the officers' triage queue with its handling deadline (R5). The flag's evidence is the readings
 * around the excursion. A reading back in range ends it. Idempotent: run it as often as readings come.
 */
export function createReadingRules(deps: { store: ReadingStore; flags: FlagStore; log: Logger }) {
  const { store, flags, log } = deps;

  function evidence(q: Quantity, limit: Limit, points: Point[], firstOut: Point, worst: Point): SensorEvidence {
    return { quantity: q, unit: QUANTITY_SPEC[q].unit, min: limit.min, max: limit.max, standard: limit.standard, firstOutAt: firstOut.at.toISOString(), worst: iso(worst), points: points.map(iso) };
  }
  function detail(q: Quantity, limit: Limit, ev: SensorEvidence, run: number): FlagDetail {
    const bound = [limit.min !== null ? `≥ ${limit.min}` : null, limit.max !== null ? `≤ ${limit.max}` : null].filter(Boolean).join(' 且 ');
    const boundEn = [limit.min !== null ? `≥ ${limit.min}` : null, limit.max !== null ? `≤ ${limit.max}` : null].filter(Boolean).join(' and ');
    const spec = QUANTITY_SPEC[q];
    return {
      readings: ev,
      metrics: { worst: ev.worst.value, readingsOut: run },
      reason: {
        zh: `${spec.zh}连续 ${run} 次超出限值(${limit.standard}:${bound} ${spec.unit}),最差 ${ev.worst.value} ${spec.unit}`,
        en: `${spec.en} out of limits ${run} readings in a row (${limit.standard}: ${boundEn} ${spec.unit}); worst ${ev.worst.value} ${spec.unit}`,
      },
    };
  }

  async function checkQuantity(deviceId: string, place: NonNullable<Awaited<ReturnType<FlagStore['place']>>>, q: Quantity, fresh: boolean) {
    const limit = limitsFor(place.category as BusinessCategory, q);
    const type = flagType(q);
    const open = (await flags.active(deviceId)).find((f) => f.type === type);
    const newest = await store.newest(deviceId, q);
    if (!newest) return;
    const from = open ? new Date(new Date(open.started_at).getTime() - CONTEXT_MS) : new Date(newest.getTime() - LOOKBACK_MS);
    const points = await store.points(deviceId, q, from);
    const exc = currentExcursion(points, limit);
    if (!open) {
      if (!exc.sustained) return;
      const firstOut = exc.run[0];
      const shown = points.filter((p) => p.at.getTime() >= firstOut.at.getTime() - CONTEXT_MS);
      const ev = evidence(q, limit, shown, firstOut, exc.worst!);
      const r = await flags.open({ place, source: 'sensor', type, rule: null, model: null, startedAt: firstOut.at, peakScore: null, peakAt: exc.worst!.at, detail: detail(q, limit, ev, exc.run.length), snapshotJpeg: null });
      if (r.created) log.info({ deviceId, type, flagId: r.id }, 'sensor flag raised');
      return;
    }
    const startedAt = new Date(open.started_at);
    const since = points.filter((p) => p.at >= startedAt);
    if (exc.run.length === 0) {
      // Back in range: the excursion ended at its last reading out of range.
      const firstBack = since.findIndex((p) => !outOf(p, limit));
      const lastOut = firstBack > 0 ? since[firstBack - 1] : since[0];
      const outRun = firstBack > 0 ? since.slice(0, firstBack) : since.slice(0, 1);
      const worst = currentExcursion(outRun, limit).worst ?? lastOut;
      const shown = points.filter((p) => p.at.getTime() <= (lastOut?.at.getTime() ?? startedAt.getTime()) + CONTEXT_MS);
      const ev = evidence(q, limit, shown, since[0] ?? { at: startedAt, value: worst.value }, worst);
      await flags.close(open.id, { endedAt: lastOut?.at ?? startedAt, peakScore: null, peakAt: worst.at, detail: detail(q, limit, ev, outRun.length) });
      log.info({ deviceId, type, flagId: open.id }, 'sensor flag ended');
      return;
    }
    // Still out of range: the evidence grows with the readings (when there are new ones).
    if (!fresh) return;
    const ev = evidence(q, limit, points, since[0] ?? exc.run[0], currentExcursion(since, limit).worst ?? exc.worst!);
    await flags.updateDetail(open.id, detail(q, limit, ev, since.length));
  }

  async function checkDevice(deviceId: string, fresh = true) {
    const place = await flags.place(deviceId);
    if (!place) return;
    for (const q of QUANTITIES) await checkQuantity(deviceId, place, q, fresh);
  }

  return {
    checkDevice,
    /** Every sensor that reported since `since` or has a flag open. */
    async sweep(since: Date) {
      const { fresh, open } = await store.devicesToCheck(since);
      for (const id of new Set([...fresh, ...open])) {
        try {
          await checkDevice(id, fresh.includes(id));
        } catch (err) {
          log.warn({ err, deviceId: id }, 'sensor rules failed for a device');
        }
      }
    },
  };
}
export type ReadingRules = ReturnType<typeof createReadingRules>;

const outOf = (p: Point, l: Limit) => (l.min !== null && p.value < l.min) || (l.max !== null && p.value > l.max);
