import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';

// node-media-server 4.4.3 (pinned): CommonJS, a module singleton (one server per process).
// Its internal Context and BaseSession are used to attach in-process recorders (FACTS.md).
const require = createRequire(import.meta.url);
const NodeMediaServer = require('node-media-server') as new (config: object) => { run(): Promise<void>; stop(): Promise<void>; on(event: string, fn: (s: NmsSession) => void): void };
export const NmsContext = require('node-media-server/src/core/context.js') as { broadcasts: Map<string, NmsBroadcast>; sessions: Map<string, NmsSession> };
export const NmsBaseSession = require('node-media-server/src/session/base_session.js') as new () => NmsSession;
const nmsLogger = require('node-media-server/src/core/logger.js') as { level: string };

export type NmsSession = {
  id: string;
  ip: string;
  protocol: string;
  streamPath: string;
  streamQuery: Record<string, string | undefined>;
  socket?: net.Socket;
  isPublisher?: boolean;
  videoWidth?: number;
  videoHeight?: number;
  videoFramerate?: number;
  videoCodec?: number;
  inBytes?: number;
  sendBuffer: (buf: Buffer) => void;
  close: () => void;
};
export type NmsBroadcast = { publisher: NmsSession | null; flvAudioHeader: Buffer | null; flvVideoHeader: Buffer | null; postPlay(s: NmsSession): string | null; donePlay(s: NmsSession): void; getPublishStatus(): 'publishing' | 'reconnecting' | 'idle' };

/** Fails with a clear message if the port is taken (node-media-server would exit the process). */
async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'EADDRINUSE' ? `RTMP port ${host}:${port} is already in use (RTMP_PORT)` : err.message)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Starts RTMP ingest only: no HTTP of its own (no `http`/`https` section, so no HTTP-FLV,
 * WebSocket-FLV or admin API listens), no built-in recording or relay, and no play: every
 * external play (an RTMP `play`) fails node-media-server's signed-URL check against a random
 * secret that exists only in this process, so it is never subscribed. The platform's own
 * subscribers (recorder, internal live endpoint) attach in process with an empty ip, which
 * skips that check. The `prePlay` event still fires for each external play, for logging.
 */
export async function startMediaServer(opts: { port: number; host: string; storeDir: string }) {
  await assertPortFree(opts.port, opts.host);
  const nms = new NodeMediaServer({
    bind: opts.host,
    rtmp: { port: opts.port, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
    webadmin: { enable: false },
    auth: { play: true, publish: false, secret: randomBytes(32).toString('hex') },
    store: { path: opts.storeDir },
  });
  nmsLogger.level = 'warn';
  await nms.run();
  return {
    on: (event: 'prePublish' | 'postPublish' | 'donePublish' | 'prePlay', fn: (s: NmsSession) => void) => nms.on(event, fn),
    broadcast: (streamPath: string) => NmsContext.broadcasts.get(streamPath) ?? null,
    stop: () => nms.stop(),
  };
}
export type MediaServer = Awaited<ReturnType<typeof startMediaServer>>;
