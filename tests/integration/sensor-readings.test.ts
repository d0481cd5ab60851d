import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createNotifierFromConfig } from '../../core/notify/notifier.js';
import { createFlagStore } from '../../analyzer/flags/flag.store.js';
import { createReadingRules } from '../../analyzer/sensors/reading-rules.js';
import { createReadingStore } from '../../analyzer/sensors/reading.store.js';
import { createFsBlobStore } from '../../core/blob/fs-blob-store.js';
import type { SensorEvidence } from '../../core/analysis/flag-contract.js';
import { createLogger } from '../../core/log.js';
import { createTestApi, type Session, type TestApi } from '../support/api-client.js';
import { consentedDevice } from '../support/consent-flow.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Issue 12 item 7: one device state everywhere; sensors post readings with their device key,
// the readings are validated, stored once, charted, and held to the standard's limits.
let t: TestDatabase;
let api: TestApi;
let officer: Session;
let biz: Session;
let consent: { id: string; version: number };
let cameraId: string;
let cameraKey: string;
let sensorId: string;
let sensorKey: string;
let dir: string;
let stopMail: (() => Promise<void>) | undefined;

type Err = { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
type Device = { id: string; kind: string; state: string };
const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
};
const ingest = (key: string | null, body: unknown) =>
  api.app.request('/api/ingest/readings', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const chlorine = (value: number, m: number) => ({ quantity: 'free_chlorine', value, unit: 'mg/L', measuredAt: minutesAgo(m) });
const refusals = () => t.db.selectFrom('publish_refusals').select(['device_id', 'reason', 'stream_path']).where('kind', '=', 'readings').orderBy('id').execute();
const devicesOnBusinessPage = async () => {
  const b = await json<{ sites: { devices: Device[] }[] }>(await officer.get(`/api/businesses/${biz.user.businessId}`), 200);
  return new Map(b.sites.flatMap((s) => s.devices).map((d) => [d.id, d.state]));
};
const healthState = async (id: string) => (await json<{ state: string; online: boolean }>(await officer.get(`/api/devices/${id}/health`), 200)).state;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-sensors-'));
  const mail = await createNotifierFromConfig(loadConfig({ DATA_DIR: dir }, ['--demo']), t.db, createLogger('silent'));
  stopMail = mail.stop;
  api = await createTestApi(t, { notifier: mail.notifier, mailCaptured: true });
  [officer, biz] = await Promise.all([api.login('officer.wc'), api.login('biz.hosp')]);
  const c = await consentedDevice(t.db, officer, biz);
  consent = c.consent;
  cameraId = c.deviceId;
  cameraKey = c.key;
  sensorId = (await t.db.selectFrom('devices').select('id').where('business_id', '=', biz.user.businessId!).where('kind', '=', 'sensor').executeTakeFirstOrThrow()).id;
  sensorKey = (await json<{ key: string }>(await officer.post(`/api/devices/${sensorId}/credentials`, {}), 201)).key;
});
afterAll(async () => {
  await stopMail?.();
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one device state, the same on every page', () => {
  it('a consented, keyed camera that never streamed is "never online", not running — on the business page and the device page alike', async () => {
    const states = await devicesOnBusinessPage();
    expect(states.get(cameraId)).toBe('never_online');
    expect(states.get(sensorId)).toBe('never_online');
    expect(await healthState(cameraId)).toBe('never_online');
    expect(await healthState(sensorId)).toBe('never_online');
  });

  it('a device of a business without a consent is pending consent', async () => {
    const hotel = await api.login('biz.hotel');
    const b = await json<{ sites: { devices: Device[] }[] }>(await hotel.get(`/api/businesses/${hotel.user.businessId}`), 200);
    expect(new Set(b.sites.flatMap((s) => s.devices).map((d) => d.state))).toEqual(new Set(['pending_consent']));
  });
});

describe('POST /api/ingest/readings', () => {
  it('refuses a missing or unknown key (401) and records the refusal', async () => {
    expect((await json<Err>(await ingest(null, { readings: [chlorine(0.5, 1)] }), 401)).code).toBe('unauthenticated');
    const forged = `vk_${sensorKey.slice(3, 13)}_${'A'.repeat(32)}`;
    expect((await json<Err>(await ingest(forged, { readings: [chlorine(0.5, 1)] }), 401)).code).toBe('unauthenticated');
    expect(await refusals()).toEqual([
      { device_id: null, reason: 'malformed_key', stream_path: '/api/ingest/readings' },
      { device_id: null, reason: 'unknown_key', stream_path: '/api/ingest/readings' },
    ]);
    expect(await t.db.selectFrom('sensor_readings').select('device_id').execute()).toHaveLength(0);
  });

  it('refuses a camera key: cameras do not report readings', async () => {
    expect((await json<Err>(await ingest(cameraKey, { readings: [chlorine(0.5, 1)] }), 403)).code).toBe('forbidden');
    expect((await refusals()).at(-1)).toMatchObject({ device_id: cameraId, reason: 'not_a_sensor' });
  });

  it('names the field of a wrong unit, an implausible value, a future time and an unknown quantity', async () => {
    const bad = await json<Err>(
      await ingest(sensorKey, {
        readings: [
          { ...chlorine(0.5, 3), unit: 'NTU' },
          chlorine(250, 2),
          { ...chlorine(0.5, 0), measuredAt: new Date(Date.now() + 3600_000).toISOString() },
          { quantity: 'turbidity', value: 0.3, unit: 'mg/L', measuredAt: minutesAgo(1) },
        ],
      }),
      400,
    );
    expect(bad.code).toBe('validation_failed');
    const byPath = Object.fromEntries(bad.issues!.map((i) => [i.path.join('.'), i.message]));
    expect(Object.keys(byPath).sort()).toEqual(['readings.0.unit', 'readings.1.value', 'readings.2.measuredAt', 'readings.3.unit']);
    expect(byPath['readings.0.unit']).toMatch(/unit/i);
    const unknown = await json<Err>(await ingest(sensorKey, { readings: [{ quantity: 'ph', value: 7, unit: 'pH', measuredAt: minutesAgo(1) }] }), 400);
    expect(unknown.issues!.map((i) => i.path.join('.'))).toEqual(['readings.0.quantity']);
    expect(await t.db.selectFrom('sensor_readings').select('device_id').execute()).toHaveLength(0);
  });

  it('stores a batch once: the same batch again changes nothing; a different value for a stored time is reported, not stored', async () => {
    const batch = { readings: [chlorine(0.5, 40), chlorine(0.52, 35), { quantity: 'turbidity', value: 0.2, unit: 'NTU', measuredAt: minutesAgo(35) }] };
    const first = await json<{ batchId: string; accepted: number; duplicates: number }>(await ingest(sensorKey, batch), 200);
    expect(first).toMatchObject({ accepted: 3, duplicates: 0, conflicts: [] });
    const again = await json<{ batchId: string | null; accepted: number; duplicates: number }>(await ingest(sensorKey, batch), 200);
    expect(again).toMatchObject({ batchId: null, accepted: 0, duplicates: 3, conflicts: [] });
    const changed = await json<{ conflicts: { index: number; stored: number }[] }>(await ingest(sensorKey, { readings: [{ ...batch.readings[0], value: 0.9 }] }), 200);
    expect(changed.conflicts).toEqual([expect.objectContaining({ index: 0, stored: 0.5 })]);
    expect(await t.db.selectFrom('sensor_readings').select('value').where('device_id', '=', sensorId).execute()).toHaveLength(3);
    expect(await t.db.selectFrom('sensor_reading_batches').select('id').execute()).toHaveLength(1);
    const entries = await t.db.selectFrom('ledger_entries').select(['action', 'actor_type', 'actor_id']).where('entity_id', '=', first.batchId).execute();
    expect(entries).toEqual([{ action: 'sensor.readings_received', actor_type: 'device', actor_id: sensorId }]);
  });

  it('a sensor that reported is online on the business page, the device page and its readings page', async () => {
    expect((await devicesOnBusinessPage()).get(sensorId)).toBe('online');
    expect(await healthState(sensorId)).toBe('online');
    const r = await json<{ device: { state: string }; series: { quantity: string; min: number | null; max: number | null; standard: string; points: unknown[] }[] }>(await biz.get(`/api/devices/${sensorId}/readings`), 200);
    expect(r.device.state).toBe('online');
    const cl = r.series.find((s) => s.quantity === 'free_chlorine')!;
    expect(cl).toMatchObject({ min: 0.05, max: 2, standard: expect.stringContaining('GB 5749-2022') });
    expect(cl.points).toHaveLength(2);
    expect((await api.login('biz.hotel').then((h) => h.get(`/api/devices/${sensorId}/readings`))).status).toBe(403);
  });
});

describe('threshold rule: free chlorine that stays out of range raises a flag into the triage queue', () => {
  const store = () => createFlagStore({ db: t.db, blobs: createFsBlobStore('/tmp/vigil-sensor-readings-blobs'), queue: { sendInTransaction: async () => null }, analyzer: 'test' });
  const rules = () => createReadingRules({ store: createReadingStore(t.db), flags: store(), log: createLogger('silent') });
  const sensorFlags = () => t.db.selectFrom('flags').selectAll().where('device_id', '=', sensorId).execute();

  it('one low reading raises nothing; low for 15 minutes raises one flag with the readings around it as evidence', async () => {
    await json(await ingest(sensorKey, { readings: [chlorine(0.5, 30), chlorine(0.01, 25)] }), 200);
    await rules().checkDevice(sensorId);
    expect(await sensorFlags()).toHaveLength(0);

    await json(await ingest(sensorKey, { readings: [chlorine(0.02, 20), chlorine(0.01, 15), chlorine(0.03, 10)] }), 200);
    await rules().checkDevice(sensorId);
    await rules().checkDevice(sensorId); // idempotent
    const [flag] = await sensorFlags();
    expect(await sensorFlags()).toHaveLength(1);
    expect(flag).toMatchObject({ source: 'sensor', type: 'free_chlorine_out_of_range', state: 'active', evidence_status: 'ready', review_status: 'new' });
    const ev = (flag.detail as { readings: SensorEvidence }).readings;
    expect(ev).toMatchObject({ quantity: 'free_chlorine', unit: 'mg/L', min: 0.05, max: 2, worst: { value: 0.01 } });
    expect(ev.points.map((p) => p.value)).toEqual([0.5, 0.52, 0.5, 0.01, 0.02, 0.01, 0.03]);
    expect(new Date(flag.started_at).toISOString()).toBe(ev.firstOutAt);

    const queue = await json<{ items: { id: string; type: string }[] }>(await officer.get('/api/review/queue'), 200);
    expect(queue.items.map((i) => i.id)).toContain(flag.id);
    const readings = await json<{ flags: { id: string }[] }>(await officer.get(`/api/devices/${sensorId}/readings`), 200);
    expect(readings.flags.map((f) => f.id)).toEqual([flag.id]);
  });

  it('a reading back in range ends it at the last reading out of range', async () => {
    await json(await ingest(sensorKey, { readings: [chlorine(0.45, 5)] }), 200);
    await rules().checkDevice(sensorId);
    const [flag] = await sensorFlags();
    expect(flag.state).toBe('ended');
    const ev = (flag.detail as { readings: SensorEvidence }).readings;
    expect(new Date(flag.ended_at!).toISOString()).toBe(ev.points.at(-2)!.at);
    expect(ev.points.at(-1)!.value).toBe(0.45);
  });
});

describe('consent gate', () => {
  it('no consent in force: refused (403), recorded, and the device is pending consent everywhere', async () => {
    const current = await json<{ version: number }>(await biz.get(`/api/consents/${consent.id}`), 200);
    await json(await biz.post(`/api/consents/${consent.id}/revoke`, { reason: '泳池停业', version: current.version }), 200);
    const res = await json<Err>(await ingest(sensorKey, { readings: [chlorine(0.5, 1)] }), 403);
    expect(res.code).toBe('forbidden');
    expect(res.message).toMatch(/consent/);
    expect((await refusals()).at(-1)).toMatchObject({ device_id: sensorId, reason: 'consent_revoked' });
    expect((await devicesOnBusinessPage()).get(sensorId)).toBe('pending_consent');
    expect(await healthState(sensorId)).toBe('pending_consent');
  });
});
