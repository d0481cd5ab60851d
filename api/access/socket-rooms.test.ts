import { describe, expect, it } from 'vitest';
import { createEventRooms, roomsOfUser, userRoom } from './socket-rooms.js';

const officer = { id: 'u-1', role: 'officer' as const, businessId: null, agencyId: 'a-1', agencyPath: '/a-1/', sessionId: 's-1' };

describe('socket rooms', () => {
  it('puts a user\'s sockets in his own room beside his session\'s and his agency\'s', () => {
    expect(roomsOfUser(officer)).toEqual(['session:s-1', 'user:u-1', 'agency:a-1']);
  });

  it('sends a clip export\'s progress to its requester\'s room only', async () => {
    // No query is needed for it: the database is never touched.
    const rooms = createEventRooms({ db: {} as never, repo: {} as never });
    expect(await rooms.export({ id: 'j-1', userId: 'u-1', status: 'running', percent: 40, exportId: null, error: null })).toEqual([userRoom('u-1')]);
  });
});
