import http from 'node:http';
import { tokenMatches } from '../../core/internal-token.js';
import type { Logger } from '../../core/log.js';
import { NmsBaseSession, type MediaServer, type NmsSession } from '../ingest/media-server.js';
import { createSlowViewerGate } from './slow-viewer-gate.js';

const LIVE_PATH = /^\/live\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.flv$/;

/**
 * Internal HTTP-FLV for the API only (it checks the viewer and logs the view): bearer token,
 * loopback by default. Each request is an in-process subscriber of the device's broadcast.
 */
export async function startLiveHttp(opts: { ms: MediaServer; port: number; host: string; token: string; log: Logger }) {
  const server = http.createServer((req, res) => {
    const m = LIVE_PATH.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) return void res.writeHead(404).end();
    if (!tokenMatches(req.headers.authorization?.replace(/^Bearer /, ''), opts.token)) return void res.writeHead(401).end();
    const b = opts.ms.broadcast(`/live/${m[1]}`);
    if (!b || b.getPublishStatus() !== 'publishing') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('offline');
    res.writeHead(200, { 'content-type': 'video/x-flv', 'cache-control': 'no-store' });
    const sub = new NmsBaseSession() as NmsSession;
    sub.protocol = 'flv';
    sub.ip = '';
    // node-media-server's header always claims audio; a player then waits for audio that never
    // comes. Say what the stream really carries.
    const flags = (b.flvAudioHeader ? 4 : 0) | (b.flvVideoHeader ? 1 : 0) || 5;
    // A viewer that falls behind skips to a later key frame instead of being fed stale pictures.
    const gate = createSlowViewerGate({ highBytes: 4 << 20, lowBytes: 512 << 10, onSkip: (buffered) => opts.log.info({ deviceId: m[1], buffered }, 'live viewer behind: skipping to a later key frame') });
    sub.sendBuffer = (buf: Buffer) => {
      if (res.writableEnded) return;
      if (buf.length === 13 && buf[0] === 0x46 && buf[1] === 0x4c && buf[2] === 0x56) {
        const header = Buffer.from(buf);
        header[4] = flags;
        res.write(header);
        return;
      }
      if (gate.admit(buf, res.writableLength)) res.write(buf);
    };
    b.postPlay(sub);
    res.once('close', () => {
      b.donePlay(sub);
      if (gate.stats().dropped) opts.log.info({ deviceId: m[1], ...gate.stats() }, 'live viewer left; tags skipped while it lagged');
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  opts.log.info({ port: opts.port }, 'internal live endpoint listening');
  return {
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
