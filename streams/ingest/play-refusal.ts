import type { Db } from '../../core/db/connect.js';
import type { Logger } from '../../core/log.js';
import type { MediaServer, NmsSession } from './media-server.js';
import { addressOf, RefusalThrottle } from './refusal-throttle.js';
import { knownDevice, recordRefusal } from './refusal.repository.js';

const DEVICE_IN_PATH = /^\/live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * Nobody reads a camera from the media server: every view goes through the API, which checks
 * the viewer's scope and records the view. node-media-server already refuses each external play
 * (see startMediaServer); here the connection is dropped at once, and the attempt logged and
 * recorded in `publish_refusals` (kind 'play') with the device it named and the address it came
 * from. Past `max` refusals a minute an address is dropped without a database write.
 */
export function refusePlays(deps: { db: Db; ms: MediaServer; log: Logger; throttle?: RefusalThrottle }) {
  const throttle = deps.throttle ?? new RefusalThrottle(10, 60_000);
  async function record(s: NmsSession, ip: string) {
    const streamPath = String(s.streamPath ?? '');
    const deviceId = await knownDevice(deps.db, DEVICE_IN_PATH.exec(streamPath)?.[1]);
    await recordRefusal(deps.db, { kind: 'play', deviceId, streamPath, ip, reason: 'play_not_allowed' });
  }
  deps.ms.on('prePlay', (s) => {
    s.socket?.destroy();
    const ip = addressOf(s.ip);
    if (throttle.blocked(ip)) return;
    throttle.fail(ip);
    deps.log.warn({ streamPath: s.streamPath, ip }, 'RTMP play refused: live view only through the API');
    record(s, ip).catch((err: unknown) => deps.log.error({ err, streamPath: s.streamPath }, 'refused play not recorded'));
  });
}
