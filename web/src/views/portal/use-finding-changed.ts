import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { FindingChanged } from '../../api/findings';

/**
 * Calls `refetch` when a finding of this business changes ('finding:changed' on the
 * business's own socket room: answered elsewhere, expired, or a new one).
 */
export function useFindingChanged(refetch: () => void, matches: (e: FindingChanged) => boolean = () => true): void {
  const latest = useRef({ refetch, matches });
  useEffect(() => {
    latest.current = { refetch, matches };
  });
  useEffect(() => {
    const socket: Socket<{ 'finding:changed': (e: FindingChanged) => void }> = io({ withCredentials: true, reconnectionDelayMax: 10_000 });
    socket.on('finding:changed', (e) => {
      if (latest.current.matches(e)) latest.current.refetch();
    });
    return () => {
      socket.disconnect();
    };
  }, []);
}
