import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';
import { DEVICE_HEALTH_CHANNEL } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import type { NmsSession } from '../ingest/media-server.js';

type Live = { since: Date; session: NmsSession; lastFrameAt: number | null; frames: number; lastBytes: number; lastTick: number };

/**
 * Device health (R2): online/offline with since-when, bitrate, frame rate, resolution and the
 * last frame's time, written every few seconds (current state) and once a minute (history).
 * Going on- or offline is announced at once (NOTIFY) for live dashboards.
 */
export function createHealthTracker(deps: { db: Db; log: Logger; everyMs?: number; sampleEveryMs?: number }) {
  const { db, log } = deps;
  const live = new Map<string, Live>();
  let lastSample = 0;

  async function write(deviceId: string, online: boolean, since: Date, m: { lastFrameAt: Date | null; kbps: number | null; fps: number | null; width: number | null; height: number | null }, sample: boolean) {
    const now = new Date();
    await db
      .insertInto('device_health')
      .values({ device_id: deviceId, online, since, last_frame_at: m.lastFrameAt, bitrate_kbps: m.kbps, fps: m.fps, width: m.width, height: m.height, updated_at: now })
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet({ online, since, last_frame_at: sql`coalesce(excluded.last_frame_at, device_health.last_frame_at)`, bitrate_kbps: m.kbps, fps: m.fps, width: m.width, height: m.height, updated_at: now }),
      )
      .execute();
    if (sample) await db.insertInto('device_health_samples').values({ device_id: deviceId, at: now, online, bitrate_kbps: m.kbps, fps: m.fps }).onConflict((oc) => oc.doNothing()).execute();
  }
  const announce = (deviceId: string, online: boolean) => sql`SELECT pg_notify(${DEVICE_HEALTH_CHANNEL}, ${JSON.stringify({ deviceId, online })})`.execute(db);

  async function tick() {
    const now = performance.now();
    const sample = Date.now() - lastSample >= (deps.sampleEveryMs ?? 60_000);
    if (sample) lastSample = Date.now();
    for (const [deviceId, l] of live) {
      const secs = Math.max(0.001, (now - l.lastTick) / 1000);
      const bytes = l.session.inBytes ?? 0;
      const kbps = Math.round(((bytes - l.lastBytes) * 8) / secs / 1000);
      const fps = Math.round((l.frames / secs) * 10) / 10;
      l.lastBytes = bytes;
      l.frames = 0;
      l.lastTick = now;
      await write(deviceId, true, l.since, { lastFrameAt: l.lastFrameAt ? new Date(l.lastFrameAt) : null, kbps, fps, width: l.session.videoWidth || null, height: l.session.videoHeight || null }, sample);
    }
  }
  const timer = setInterval(() => void tick().catch((err: unknown) => log.warn({ err }, 'health write failed')), deps.everyMs ?? 5000);
  timer.unref();

  return {
    async online(deviceId: string, session: NmsSession) {
      const since = new Date();
      live.set(deviceId, { since, session, lastFrameAt: null, frames: 0, lastBytes: session.inBytes ?? 0, lastTick: performance.now() });
      await write(deviceId, true, since, { lastFrameAt: null, kbps: null, fps: null, width: null, height: null }, true);
      await announce(deviceId, true);
    },
    /** A video tag arrived (called for every tag the recorder receives). */
    frame(deviceId: string, video: boolean) {
      const l = live.get(deviceId);
      if (!l) return;
      l.lastFrameAt = Date.now();
      if (video) l.frames++;
    },
    async offline(deviceId: string) {
      if (!live.delete(deviceId)) return;
      await write(deviceId, false, new Date(), { lastFrameAt: null, kbps: null, fps: null, width: null, height: null }, true);
      await announce(deviceId, false);
    },
    tick,
    stop: () => clearInterval(timer),
  };
}
export type HealthTracker = ReturnType<typeof createHealthTracker>;
