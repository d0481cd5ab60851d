import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { parse as parseCookie } from 'hono/utils/cookie';
import { Server as SocketServer } from 'socket.io';
import type { Db } from '../core/db/connect.js';
import type { EventBus, ServerEvents } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { SessionService } from './auth/session.service.js';
import { SESSION_COOKIE } from './http/middleware.js';
import { agencyRoom, createAgencyRooms } from './analysis/agency-rooms.js';
import { STAFF_ROLES } from './registry/scope.js';

/** The socket.io room of a business's own users. */
export const businessRoom = (businessId: string) => `business:${businessId}`;

/** Listens for HTTP and socket.io on one port. Sockets must carry a valid session cookie. */
export async function listen(opts: {
  fetch: (req: Request) => Response | Promise<Response>;
  host: string;
  port: number;
  events: EventBus;
  resolveSession: SessionService['resolve'];
  log: Logger;
  /** For the agency chain of 'flag:changed'. Without it a flag reaches only its own agency's staff. */
  db?: Db;
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
      void socket.join('staff');
      // Flags go to staff of the flag's agency and its ancestors only, never to businesses.
      if ((STAFF_ROLES as readonly string[]).includes(user.role) && user.agencyId) void socket.join(agencyRoom(user.agencyId));
      // A business user hears of its own business's findings only.
      if (user.role === 'business' && user.businessId) void socket.join(businessRoom(user.businessId));
      next();
    } catch (err) {
      opts.log.warn({ err }, 'socket auth failed');
      next(new Error('unauthenticated'));
    }
  });
  const forward = <K extends keyof ServerEvents>(event: K) => opts.events.on(event, (payload) => io.to('staff').emit(event, payload));
  const offs = [forward('registry:changed'), forward('health:changed'), forward('consent:changed'), forward('device:health')];
  const db = opts.db;
  if (!db) opts.log.warn('listen() has no db: flag events reach only the staff of the flag\'s own agency, not its ancestors');
  const roomsFor = db ? createAgencyRooms(db) : async (agencyId: string) => [agencyRoom(agencyId)];
  offs.push(
    opts.events.on('flag:changed', (payload) => {
      roomsFor(payload.agencyId).then(
        (rooms) => io.to(rooms).emit('flag:changed', payload),
        (err: unknown) => opts.log.error({ err, flagId: payload.id }, 'could not route a flag event'),
      );
    }),
  );
  offs.push(
    opts.events.on('finding:changed', (payload) => {
      roomsFor(payload.agencyId).then(
        (rooms) => io.to([...rooms, businessRoom(payload.businessId)]).emit('finding:changed', payload),
        (err: unknown) => opts.log.error({ err, findingId: payload.id }, 'could not route a finding event'),
      );
    }),
  );
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  return {
    port,
    io,
    async close() {
      offs.forEach((off) => off());
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
