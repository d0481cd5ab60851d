import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { FlagChanged } from '../api/analysis';
import type { RegistryChanged } from '../api/types';
import { LiveContext, type LiveState } from '../hooks/use-live';

type ServerToClient = { 'registry:changed': (e: RegistryChanged) => void; 'consent:changed': (e: { id: string; status: string }) => void; 'device:health': (e: { deviceId: string; online: boolean }) => void; 'flag:changed': (e: FlagChanged) => void };

/** Holds the socket.io connection while a user is logged in (the session cookie authenticates it). */
export function LiveProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [connected, setConnected] = useState(false);
  const listeners = useRef(new Set<(e: RegistryChanged) => void>());
  const flagListeners = useRef(new Set<(e: FlagChanged) => void>());

  useEffect(() => {
    const socket: Socket<ServerToClient> = io({ withCredentials: true, reconnectionDelayMax: 10_000 });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('registry:changed', (e) => {
      for (const fn of listeners.current) fn(e);
    });
    socket.on('device:health', (e) => {
      for (const fn of listeners.current) fn({ entity: 'device_health', id: e.deviceId });
    });
    socket.on('consent:changed', (e) => {
      for (const fn of listeners.current) fn({ entity: 'consent', id: e.id });
    });
    socket.on('flag:changed', (e) => {
      for (const fn of flagListeners.current) fn(e);
    });
    return () => {
      socket.disconnect();
      setConnected(false);
    };
  }, [userId]);

  const onRegistryChanged = useCallback((fn: (e: RegistryChanged) => void) => {
    listeners.current.add(fn);
    return () => {
      listeners.current.delete(fn);
    };
  }, []);

  const onFlagChanged = useCallback((fn: (e: FlagChanged) => void) => {
    flagListeners.current.add(fn);
    return () => {
      flagListeners.current.delete(fn);
    };
  }, []);

  const value = useMemo<LiveState>(() => ({ connected, onRegistryChanged, onFlagChanged }), [connected, onRegistryChanged, onFlagChanged]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
