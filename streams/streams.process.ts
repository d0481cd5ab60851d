import path from 'node:path';
import { createFsBlobStore } from '../core/blob/fs-blob-store.js';
import type { Config } from '../core/config.js';
import { createDb } from '../core/db/connect.js';
import { startHeartbeat } from '../core/heartbeat.js';
import type { Logger } from '../core/log.js';
import { createIngest } from './ingest/ingest.service.js';
import { startMediaServer } from './ingest/media-server.js';
import { listenPublishGate } from './ingest/publish-gate-listener.js';
import { refusePlays } from './ingest/play-refusal.js';
import { recoverRecordings } from './recording/recovery.js';
import { createSegmentSpool } from './recording/segment-spool.js';
import { applySpoolEntry } from './recording/segment-store.js';
import { createHealthTracker } from './health/health-tracker.js';
import { checkOfflineAlerts } from './health/offline-alerts.js';
import { startLiveHttp } from './live/live-http.js';
import { internalToken } from '../core/internal-token.js';

/**
 * The streams process: consent-gated RTMP ingest (node-media-server) with in-process segment
 * recording into the blob store. Recovers what an unclean stop left before accepting streams:
 * first the rows spooled while the database was away, then the working files.
 */
export async function startStreams(config: Config, appUrl: string, log: Logger) {
  const { db } = createDb(appUrl, 10);
  const blobs = createFsBlobStore(path.join(config.dataDir, 'blobs'));
  const spool = createSegmentSpool({ db, dir: path.join(config.dataDir, 'segment-spool'), log, apply: applySpoolEntry });
  await spool.replay();
  await recoverRecordings(db, blobs, config.recording.dir, log);
  const ms = await startMediaServer({ port: config.rtmp.port, host: config.rtmp.host, storeDir: path.join(config.dataDir, 'nms-store') });
  let publishers = () => 0;
  const beat = startHeartbeat(db, 'streams', log, () => ({ rtmpPort: config.rtmp.port, publishers: publishers(), spooled: spool.pending() }));
  const health = createHealthTracker({ db, log });
  const ingest = createIngest({ db, blobs, ms, log, recordingDir: config.recording.dir, segmentMs: config.recording.segmentMs, instance: beat.instance, health, spool });
  publishers = () => ingest.liveCount();
  refusePlays({ db, ms, log });
  const recheck = (deviceIds?: string[]) => void ingest.recheck(deviceIds).catch((err: unknown) => log.error({ err }, 'recheck failed'));
  const gate = listenPublishGate(appUrl, log, (n) => recheck(n.deviceIds), () => recheck());
  await gate.ready;
  const liveHttp = await startLiveHttp({ ms, port: config.streamsInternal.port, host: new URL(config.streamsInternal.url).hostname, token: internalToken(config), log });
  const alerts = setInterval(() => {
    checkOfflineAlerts(db, config.offlineAlertMinutes)
      .then((r) => r.raised.length && log.warn({ devices: r.raised }, 'ALERT: consented devices offline beyond the threshold'))
      .catch((err: unknown) => log.warn({ err }, 'offline alert check failed'));
  }, 60_000);
  alerts.unref();
  log.info({ rtmp: `${config.rtmp.host}:${config.rtmp.port}` }, 'RTMP ingest listening');
  return {
    ingest,
    spool,
    async stop() {
      beat.stop();
      clearInterval(alerts);
      await gate.stop();
      await liveHttp.stop();
      await ingest.stop();
      spool.stop();
      health.stop();
      await ms.stop();
      await db.destroy();
    },
  };
}
