import type pg from 'pg';
import type { Logger } from '../log.js';
import { createPool } from './connect.js';

const BACKOFF_MS = [250, 500, 1000, 2000, 5000];

/**
 * LISTENs on a PostgreSQL channel on its own connection and passes each JSON payload on. A lost
 * connection (database restarted or killed) is replaced with back-off (0.25 s doubling to 5 s)
 * and LISTEN issued again; `onReconnect` then lets the caller catch up on what it missed.
 * A bad payload is logged, never thrown.
 */
export function listenChannel<T>(url: string, channel: string, log: Logger, onPayload: (payload: T) => void, onReconnect?: () => void) {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`unsafe channel name ${channel}`);
  const pool = createPool(url, 1);
  let client: pg.PoolClient | null = null;
  let stopped = false;
  let failures = 0;
  let everConnected = false;
  let retry: NodeJS.Timeout | null = null;

  function again() {
    if (stopped || retry) return;
    const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
    failures++;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
  }

  function lost(c: pg.PoolClient, err: unknown) {
    if (client !== c) return;
    client = null;
    c.release(true);
    if (!stopped) log.warn({ err, channel }, 'listen: connection lost, reconnecting');
    again();
  }

  async function connect(): Promise<void> {
    let c: pg.PoolClient | null = null;
    try {
      c = await pool.connect();
      const mine = c;
      client = c;
      c.on('notification', (msg) => {
        try {
          onPayload(JSON.parse(msg.payload ?? '{}') as T);
        } catch (err) {
          log.warn({ err, channel }, 'bad notification payload');
        }
      });
      c.on('error', (err) => lost(mine, err));
      c.on('end', () => lost(mine, new Error('connection ended')));
      await c.query(`LISTEN ${channel}`);
      if (stopped) return;
      failures = 0;
      if (everConnected) {
        log.info({ channel }, 'listen: reconnected');
        onReconnect?.();
      }
      everConnected = true;
    } catch (err) {
      if (c && client === c) lost(c, err);
      else {
        if (!stopped && failures === 0) log.warn({ err, channel }, 'listen: connection failed, retrying');
        again();
      }
    }
  }
  const ready = connect();
  return {
    ready,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      c?.release();
      await pool.end();
    },
  };
}
