import { createDb } from '../core/db/connect.js';
import { startHeartbeat } from '../core/heartbeat.js';
import type { Logger } from '../core/log.js';

/**
 * The streams process. Ingest (RTMP, consent-gated), recording and device health arrive with
 * the streams issue; today it connects to the database and reports its liveness, so that
 * /api/health tells the truth about which processes run.
 */
export async function startStreams(appUrl: string, log: Logger) {
  const { db } = createDb(appUrl, 2);
  const beat = startHeartbeat(db, 'streams', log, () => ({ ingest: 'not_implemented', publishers: 0 }));
  return {
    async stop() {
      beat.stop();
      await db.destroy();
    },
  };
}
