import { sql } from 'kysely';
import type { Db } from '../../core/db/connect.js';

const MAX_CACHED = 2000;

/** The socket.io room of an agency's staff. */
export const agencyRoom = (agencyId: string) => `agency:${agencyId}`;

/**
 * The rooms a flag of an agency goes to: that agency's and each ancestor's (parent_id chain),
 * so officers of the district, its city and its province see it, and nobody else. Agencies do
 * not move, so chains are cached.
 */
export function createAgencyRooms(db: Db) {
  const cache = new Map<string, Promise<string[]>>();
  return function roomsFor(agencyId: string): Promise<string[]> {
    let hit = cache.get(agencyId);
    if (!hit) {
      hit = sql<{ id: string }>`
        WITH RECURSIVE up AS (
          SELECT id, parent_id, 0 AS depth FROM agencies WHERE id = ${agencyId}
          UNION ALL
          SELECT a.id, a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.parent_id WHERE up.depth < 16
        )
        SELECT id FROM up ORDER BY depth`
        .execute(db)
        .then((r) => (r.rows.length ? r.rows.map((x) => agencyRoom(x.id)) : [agencyRoom(agencyId)]));
      hit.catch(() => cache.delete(agencyId));
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(agencyId, hit);
    }
    return hit;
  };
}
