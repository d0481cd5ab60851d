import type { Db } from '../../core/db/connect.js';
import type { ServerEvents } from '../../core/events.js';
import type { AuthUser } from '../http/context.js';
import type { AccessRepository, ResourceKind } from './access.repository.js';
import { agencyRoom, createAgencyRooms } from './agency-rooms.js';
import { scopeOf } from './scope.js';

/** The socket.io room of a business's own users. */
export const businessRoom = (businessId: string) => `business:${businessId}`;
/** Every socket of one user (his own things: a clip export's progress). */
export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket of one session (closed together at logout or expiry). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * The rooms a signed-in user's sockets join, from the same scope as every other access decision:
 * staff hear of their agency (events of a record go to its agency and every agency above it, so a
 * city hears its districts), a business user of his own business only. There is no room for
 * "all staff": nothing reaches another district.
 */
export function roomsOfUser(user: Pick<AuthUser, 'id' | 'role' | 'businessId' | 'agencyId' | 'agencyPath' | 'sessionId'>): string[] {
  const scope = scopeOf(user);
  const rooms = [sessionRoom(user.sessionId), userRoom(user.id)];
  if (scope.kind === 'business') rooms.push(businessRoom(scope.businessId));
  else if (user.agencyId) rooms.push(agencyRoom(user.agencyId));
  return rooms;
}

const KIND_OF: Record<ServerEvents['registry:changed']['entity'], ResourceKind> = { business: 'business', site: 'site', device: 'device', service_address: 'service_address' };

/** Who may hear of an event: the rooms of the record's agency chain and of its business. */
export function createEventRooms(deps: { db: Db; repo: AccessRepository }) {
  const agencyChain = createAgencyRooms(deps.db);
  async function ofRecord(kind: ResourceKind, id: string): Promise<string[]> {
    const owner = await deps.repo.ownerOf({ kind, id });
    if (!owner) return [];
    return [...(await agencyChain(owner.agencyId)), ...(owner.businessId ? [businessRoom(owner.businessId)] : [])];
  }
  return {
    /** Flags go to staff of the flag's agency and its ancestors only, never to businesses. */
    flag: (e: ServerEvents['flag:changed']) => agencyChain(e.agencyId),
    /** Findings: to staff of the agency chain and to the business's own users. */
    finding: async (e: ServerEvents['finding:changed']) => [...(await agencyChain(e.agencyId)), businessRoom(e.businessId)],
    /** Cases: to staff of the case's agency chain (the party hears of its case through service, not here). */
    case: (e: ServerEvents['case:changed']) => agencyChain(e.agencyId),
    registry: (e: ServerEvents['registry:changed']) => ofRecord(KIND_OF[e.entity], e.id),
    consent: (e: ServerEvents['consent:changed']) => ofRecord('consent', e.id),
    device: (e: ServerEvents['device:health']) => ofRecord('device', e.deviceId),
    /** A clip export's progress: to the one who asked for it, nobody else. */
    export: (e: ServerEvents['export:changed']) => Promise.resolve([userRoom(e.userId)]),
  };
}
