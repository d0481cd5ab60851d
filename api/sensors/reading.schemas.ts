import { QUANTITIES, QUANTITY_SPEC } from '../../core/sensors/quantities.js';
import { z } from '../http/openapi.js';

/** A device clock may run this far ahead of ours; beyond it a reading is from the future. */
export const FUTURE_SKEW_MS = 2 * 60_000;
/** Sensors buffer readings while offline; older than this they are not taken over HTTP. */
export const MAX_AGE_MS = 30 * 86_400_000;
export const MAX_BATCH = 1000;

const Reading = z
  .object({
    quantity: z.string().refine((q) => (QUANTITIES as readonly string[]).includes(q), 'reading.quantity'),
    value: z.number(),
    unit: z.string().max(20),
    measuredAt: z.iso.datetime({ offset: true }),
  })
  .strict();

/**
 * A batch of readings as a sensor posts it. Beyond the shape: the unit must be the quantity's,
 * the value within what a probe can measure, and the time neither in the future (beyond a small
 * clock skew) nor older than the buffer a device may hold. Each problem names its field.
 */
export const ReadingBatchInput = z
  .object({ readings: z.array(Reading).min(1).max(MAX_BATCH) })
  .strict()
  .superRefine((b, ctx) => {
    const now = Date.now();
    b.readings.forEach((r, i) => {
      const spec = QUANTITY_SPEC[r.quantity as keyof typeof QUANTITY_SPEC];
      if (!spec) return;
      if (r.unit !== spec.unit) ctx.addIssue({ code: 'custom', path: ['readings', i, 'unit'], message: 'reading.unit' });
      if (!Number.isFinite(r.value) || r.value < spec.plausible.min || r.value > spec.plausible.max) ctx.addIssue({ code: 'custom', path: ['readings', i, 'value'], message: 'reading.range' });
      const at = Date.parse(r.measuredAt);
      if (at > now + FUTURE_SKEW_MS) ctx.addIssue({ code: 'custom', path: ['readings', i, 'measuredAt'], message: 'reading.future' });
      else if (at < now - MAX_AGE_MS) ctx.addIssue({ code: 'custom', path: ['readings', i, 'measuredAt'], message: 'reading.too_old' });
    });
  })
  .openapi('ReadingBatch');

export const IngestResult = z
  .object({
    batchId: z.string().nullable(),
    accepted: z.number(),
    /** Already stored with the same value (a resent batch): nothing changed. */
    duplicates: z.number(),
    /** Already stored with another value: the first value stays (records are never changed). */
    conflicts: z.array(z.object({ index: z.number(), quantity: z.string(), measuredAt: z.string(), stored: z.number() })),
  })
  .openapi('ReadingIngestResult');

export const ReadingsQuery = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });
