import type pg from 'pg';
import { createPool } from '../../core/db/connect.js';
import { PUBLISH_GATE_CHANNEL, type PublishGateNotice } from '../../core/events.js';
import type { Logger } from '../../core/log.js';

/**
 * LISTENs for the API's publish-gate notices (consent suspended/revoked/expired, key rotated or
 * revoked) and hands the device ids on; reconnects after a lost connection.
 */
export function listenPublishGate(url: string, log: Logger, onNotice: (n: PublishGateNotice) => void) {
  const pool = createPool(url, 1);
  let client: pg.PoolClient | null = null;
  let stopped = false;
  async function connect() {
    try {
      client = await pool.connect();
      client.on('notification', (msg) => {
        try {
          onNotice(JSON.parse(msg.payload ?? '{}') as PublishGateNotice);
        } catch (err) {
          log.warn({ err }, 'bad publish-gate notice');
        }
      });
      client.on('error', () => {
        client?.release(true);
        client = null;
        if (!stopped) setTimeout(() => void connect(), 2000).unref();
      });
      await client.query(`LISTEN ${PUBLISH_GATE_CHANNEL}`);
    } catch (err) {
      log.warn({ err }, 'publish-gate listener: connection failed, retrying');
      if (!stopped) setTimeout(() => void connect(), 2000).unref();
    }
  }
  const ready = connect();
  return {
    ready,
    async stop() {
      stopped = true;
      client?.release();
      await pool.end();
    },
  };
}
