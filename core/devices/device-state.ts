import type { DeviceStatus } from '../db/database.js';

/**
 * The one device state every page shows (issue 12 item 7: a sensor was "运行中" on the business
 * page and "离线" on its media page; a camera that never streamed was "运行中"). Derived here, from
 * the registry status (kept in step with the consent by api/consent/consent-state.ts), whether a
 * key was ever issued (installation), and the last sign of life: a camera's stream heartbeat
 * (device_health, rewritten every few seconds while it publishes) or a sensor's last reading.
 *
 * - retired / suspended / fault: the registry says so, whatever the device sends.
 * - pending_consent: no signed consent in force covers it (R1): it may not publish or report.
 * - not_installed: covered, but no device key is in force, so it cannot have been connected.
 * - never_online: covered and keyed, but nothing ever arrived from it.
 * - online / offline: by the last heartbeat.
 */
export const DEVICE_STATES = ['not_installed', 'pending_consent', 'never_online', 'online', 'offline', 'suspended', 'fault', 'retired'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** A camera's stream heartbeat is rewritten every 5 s while it publishes; older than this, the stream is gone (a crashed streams process leaves online = true behind). */
export const CAMERA_HEARTBEAT_STALE_MS = 30_000;
/** Sensors report every 1–5 minutes (npm run sensor: every minute); silent this long, one is offline. */
export const SENSOR_SILENCE_MS = 15 * 60_000;

export type DeviceFacts = {
  kind: 'camera' | 'sensor';
  registryStatus: DeviceStatus;
  /** An active device key exists (device_credentials). */
  keyed: boolean;
  /** Camera: device_health as last written by the streams process. */
  stream: { online: boolean; since: Date; lastFrameAt: Date | null; updatedAt: Date } | null;
  /** Sensor: when its newest reading arrived. */
  lastReadingAt: Date | null;
};

export type DeviceStateView = { state: DeviceState; since: Date | null; lastSeenAt: Date | null };

export function deviceState(f: DeviceFacts, now: Date): DeviceStateView {
  const lastSeenAt = lastSeen(f);
  const only = (state: DeviceState): DeviceStateView => ({ state, since: null, lastSeenAt });
  if (f.registryStatus === 'retired') return only('retired');
  if (f.registryStatus === 'suspended') return only('suspended');
  if (f.registryStatus === 'fault') return only('fault');
  if (f.registryStatus === 'pending_consent') return only('pending_consent');
  if (!f.keyed) return only('not_installed');
  if (!lastSeenAt && !f.stream?.online) return only('never_online');
  if (f.kind === 'camera') {
    const live = !!f.stream?.online && now.getTime() - f.stream.updatedAt.getTime() <= CAMERA_HEARTBEAT_STALE_MS;
    if (live) return { state: 'online', since: f.stream!.since, lastSeenAt };
    return { state: 'offline', since: lastSeenAt, lastSeenAt };
  }
  if (lastSeenAt && now.getTime() - lastSeenAt.getTime() <= SENSOR_SILENCE_MS) return { state: 'online', since: null, lastSeenAt };
  return { state: 'offline', since: lastSeenAt, lastSeenAt };
}

/** The last moment the device was heard from, whatever it is. */
function lastSeen(f: DeviceFacts): Date | null {
  const times: Date[] = [];
  if (f.lastReadingAt) times.push(f.lastReadingAt);
  if (f.stream) {
    if (f.stream.lastFrameAt) times.push(f.stream.lastFrameAt);
    // While it publishes, the heartbeat itself; once it stopped, the moment it went offline.
    times.push(f.stream.online ? f.stream.updatedAt : f.stream.since);
  }
  if (times.length === 0) return null;
  return new Date(Math.max(...times.map((t) => t.getTime())));
}
