import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';

export type CaseChanged = { id: string; agencyId: string; state: string; version: number };

/** Calls `onChange` when this case moves ('case:changed' on the staff's agency room: a stage, a clock, evidence). */
export function useCaseChanged(caseId: string, onChange: (e: CaseChanged) => void): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    const socket: Socket<{ 'case:changed': (e: CaseChanged) => void }> = io({ withCredentials: true, reconnectionDelayMax: 10_000 });
    socket.on('case:changed', (e) => {
      if (e.id === caseId) latest.current(e);
    });
    return () => {
      socket.disconnect();
    };
  }, [caseId]);
}
