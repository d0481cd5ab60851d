import type pg from 'pg';
import type { Logger } from '../log.js';
import { createPool } from './connect.js';

/**
 * LISTENs on a PostgreSQL channel on its own connection and passes each JSON payload on;
 * reconnects after a lost connection. A bad payload is logged, never thrown.
 */
export function listenChannel<T>(url: string, channel: string, log: Logger, onPayload: (payload: T) => void) {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`unsafe channel name ${channel}`);
  const pool = createPool(url, 1);
  let client: pg.PoolClient | null = null;
  let stopped = false;
  async function connect(): Promise<void> {
    try {
      client = await pool.connect();
      client.on('notification', (msg) => {
        try {
          onPayload(JSON.parse(msg.payload ?? '{}') as T);
        } catch (err) {
          log.warn({ err, channel }, 'bad notification payload');
        }
      });
      client.on('error', () => {
        client?.release(true);
        client = null;
        if (!stopped) setTimeout(() => void connect(), 2000).unref();
      });
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      log.warn({ err, channel }, 'listen: connection failed, retrying');
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
