import { route } from '../access/access.route.js';
import { body, errorResponses, json, router, z } from '../http/openapi.js';
import { AppError } from '../../core/errors.js';
import { zodIssues } from '../http/errors.js';
import { callerOf, clientIp } from '../http/request-context.js';
import { IngestResult, ReadingBatchInput, ReadingsQuery } from './reading.schemas.js';
import type { ReadingService } from './reading.service.js';

const IdParam = z.object({ id: z.uuid() });
const Point = z.object({ at: z.string(), value: z.number() });
const Readings = z
  .object({
    device: z.record(z.string(), z.unknown()),
    from: z.string(),
    to: z.string(),
    series: z.array(z.object({ quantity: z.string(), unit: z.string(), min: z.number().nullable(), max: z.number().nullable(), standard: z.string(), points: z.array(Point) })),
    flags: z.array(z.object({ id: z.string(), type: z.string(), state: z.string(), startedAt: z.string(), endedAt: z.string().nullable() })),
  })
  .openapi('SensorReadings');

const BatchDoc = z
  .any()
  .openapi('ReadingBatch', {
    description: '{ readings: [{ quantity: "free_chlorine" | "turbidity", value: number, unit: "mg/L" | "NTU", measuredAt: ISO 8601 with offset }] } — 1 to 1000 readings; unit per quantity, value within the probe range, not in the future beyond 2 minutes nor older than 30 days.',
    example: { readings: [{ quantity: 'free_chlorine', value: 0.52, unit: 'mg/L', measuredAt: '2026-12-05T09:00:00+08:00' }] },
  });

/** The device key from `Authorization: Bearer vk_…` (the key a camera publishes with). */
function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/** Sensor readings: ingest by the device (its key), reading by people (their session). Mounted at /api. */
export function readingRoutes(readings: ReadingService) {
  const app = router();
  const tags = ['sensors'];
  app.openapi(
    route('public', {
      method: 'post',
      path: '/ingest/readings',
      tags,
      description:
        'A sensor posts a batch of readings with its device key (`Authorization: Bearer vk_…`). Refused (401/403, recorded) unless the key is active and a signed consent in force covers the device. Idempotent on (device, quantity, measuredAt).',
      // The body is checked after the key (a caller without one learns nothing from our validation), so it is documented, not validated here.
      request: { headers: z.object({ authorization: z.string().optional() }), ...body(BatchDoc) },
      responses: { 200: json(IngestResult), ...errorResponses },
    }),
    async (c) => {
      const result = await readings.ingest({
        key: bearer(c.req.header('authorization')),
        ip: clientIp(c) ?? 'unknown',
        requestId: c.get('requestId'),
        body: async () => {
          const parsed = ReadingBatchInput.safeParse(await c.req.json().catch(() => undefined));
          if (!parsed.success) throw new AppError('validation_failed', '', zodIssues(parsed.error, c.get('lang')));
          return parsed.data;
        },
      });
      return c.json(result, 200);
    },
  );
  app.openapi(
    route('reading.read', { method: 'get', path: '/devices/{id}/readings', tags, request: { params: IdParam, query: ReadingsQuery }, responses: { 200: json(Readings), ...errorResponses } }),
    async (c) => c.json(await readings.readings(callerOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  return app;
}
