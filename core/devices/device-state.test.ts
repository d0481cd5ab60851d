import { describe, expect, it } from 'vitest';
import { CAMERA_HEARTBEAT_STALE_MS, DEVICE_STATES, deviceState, SENSOR_SILENCE_MS, type DeviceFacts, type DeviceState } from './device-state.js';

const now = new Date('2026-12-05T10:00:00+08:00');
const ago = (ms: number) => new Date(now.getTime() - ms);
const camera: DeviceFacts = { kind: 'camera', registryStatus: 'active', keyed: true, stream: null, lastReadingAt: null };
const sensor: DeviceFacts = { ...camera, kind: 'sensor' };
const streaming = { online: true, since: ago(3_600_000), lastFrameAt: ago(1_000), updatedAt: ago(4_000) };

describe('deviceState: one state per device, the same on every page', () => {
  const cases: [string, DeviceFacts, DeviceState][] = [
    ['retired wins over a live stream', { ...camera, registryStatus: 'retired', stream: streaming }, 'retired'],
    ['suspended', { ...camera, registryStatus: 'suspended', stream: streaming }, 'suspended'],
    ['fault', { ...sensor, registryStatus: 'fault' }, 'fault'],
    ['no consent in force', { ...camera, registryStatus: 'pending_consent' }, 'pending_consent'],
    ['consented but no key issued: not installed', { ...camera, keyed: false }, 'not_installed'],
    ['a camera that never streamed is not "running"', camera, 'never_online'],
    ['a sensor that never reported', sensor, 'never_online'],
    ['a camera streaming now', { ...camera, stream: streaming }, 'online'],
    ['a camera whose stream ended', { ...camera, stream: { online: false, since: ago(600_000), lastFrameAt: ago(601_000), updatedAt: ago(600_000) } }, 'offline'],
    ['a camera whose heartbeat went stale (streams process gone)', { ...camera, stream: { ...streaming, updatedAt: ago(CAMERA_HEARTBEAT_STALE_MS + 1) } }, 'offline'],
    ['a sensor that reported a minute ago', { ...sensor, lastReadingAt: ago(60_000) }, 'online'],
    ['a sensor silent past the window', { ...sensor, lastReadingAt: ago(SENSOR_SILENCE_MS + 1) }, 'offline'],
  ];
  it.each(cases)('%s', (_name, facts, state) => {
    expect(deviceState(facts, now).state).toBe(state);
  });

  it('covers every state', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(DEVICE_STATES));
  });

  it('says since when and when last heard from', () => {
    expect(deviceState({ ...camera, stream: streaming }, now)).toMatchObject({ since: streaming.since, lastSeenAt: streaming.lastFrameAt });
    const off = deviceState({ ...sensor, lastReadingAt: ago(SENSOR_SILENCE_MS * 2) }, now);
    expect(off).toEqual({ state: 'offline', since: ago(SENSOR_SILENCE_MS * 2), lastSeenAt: ago(SENSOR_SILENCE_MS * 2) });
    expect(deviceState(camera, now)).toEqual({ state: 'never_online', since: null, lastSeenAt: null });
  });
});
