import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { parse as parseCookie } from 'hono/utils/cookie';
import { Server as SocketServer } from 'socket.io';
import type { Db } from '../core/db/connect.js';
import type { EventBus, ServerEvents } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { createAccessRepository } from './access/access.repository.js';
import { createEventRooms, roomsOfUser, sessionRoom } from './access/socket-rooms.js';
import type { SessionService } from './auth/session.service.js';
import { SESSION_COOKIE } from './http/middleware.js';

export { businessRoom } from './access/socket-rooms.js';

/**
 * Listens for HTTP and socket.io on one port. Sockets must carry a valid session cookie; they
 * join only the rooms of the user's scope (api/access/socket-rooms.ts), and are closed when
 * their session ends: at once on logout, and within `sessionCheckMs` when it expires, is revoked
 * by a password change or the account is disabled.
 */
export async function listen(opts: {
  fetch: (req: Request) => Response | Promise<Response>;
  host: string;
  port: number;
  events: EventBus;
  resolveSession: SessionService['resolve'];
  /** Of these sessions, the ones still valid (the periodic check of open sockets). */
  sessionsStillValid: SessionService['stillValid'];
  log: Logger;
  db: Db;
  sessionCheckMs?: number;
}) {
  const server = await new Promise<HttpServer>((resolve, reject) => {
    const s = serve({ fetch: opts.fetch, hostname: opts.host, port: opts.port }, () => resolve(s as HttpServer)) as HttpServer;
    s.once('error', reject);
  });
  const io = new SocketServer(server, { serveClient: false, cors: { origin: false } });
  io.use(async (socket, next) => {
    try {
      const token = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
      const user = token ? await opts.resolveSession(token) : null;
      if (!user) return next(new Error('unauthenticated'));
      socket.data.userId = user.id;
      socket.data.sessionId = user.sessionId;
      void socket.join(roomsOfUser(user));
      next();
    } catch (err) {
      opts.log.warn({ err }, 'socket auth failed');
      next(new Error('unauthenticated'));
    }
  });

  const rooms = createEventRooms({ db: opts.db, repo: createAccessRepository(opts.db) });
  const route = <K extends keyof ServerEvents>(event: K, to: (payload: ServerEvents[K]) => Promise<string[]>) =>
    opts.events.on(event, (payload) => {
      to(payload).then(
        (r) => void (r.length && io.to(r).emit(event, payload as never)),
        (err: unknown) => opts.log.error({ err, event }, 'could not route a live event'),
      );
    });
  const offs = [
    route('flag:changed', rooms.flag),
    route('finding:changed', rooms.finding),
    route('case:changed', rooms.case),
    route('registry:changed', rooms.registry),
    route('consent:changed', rooms.consent),
    route('device:health', rooms.device),
    route('export:changed', rooms.export),
    // The platform's own health is public (GET /api/health): every signed-in socket may hear it.
    opts.events.on('health:changed', (payload) => io.emit('health:changed', payload)),
    opts.events.on('session:ended', ({ sessionId }) => io.in(sessionRoom(sessionId)).disconnectSockets(true)),
  ];

  // Sessions also end without a logout (expiry, password change elsewhere, account disabled).
  const sweep = setInterval(() => {
    const open = [...new Set([...io.sockets.sockets.values()].map((s) => s.data.sessionId as string))];
    if (!open.length) return;
    opts.sessionsStillValid(open).then(
      (valid) => open.filter((id) => !valid.has(id)).forEach((id) => io.in(sessionRoom(id)).disconnectSockets(true)),
      (err: unknown) => opts.log.warn({ err }, 'could not check the sessions of open sockets'),
    );
  }, opts.sessionCheckMs ?? 30_000);
  sweep.unref();

  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  return {
    port,
    io,
    async close() {
      clearInterval(sweep);
      offs.forEach((off) => off());
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
