import { createDb } from '../core/db/connect.js';
import { startHeartbeat } from '../core/heartbeat.js';
import type { Logger } from '../core/log.js';

/**
 * The analyzer process. ONNX detection and flagging arrive with the analyzer issue; today it
 * connects to the database and reports its liveness for /api/health.
 */
export async function startAnalyzer(appUrl: string, log: Logger) {
  const { db } = createDb(appUrl, 2);
  const beat = startHeartbeat(db, 'analyzer', log, () => ({ detector: 'not_implemented', cameras: 0 }));
  return {
    async stop() {
      beat.stop();
      await db.destroy();
    },
  };
}
