import { createContext, useContext, useEffect, useRef } from 'react';
import type { FlagChanged } from '../api/analysis';
import type { RegistryChanged } from '../api/types';

export type LiveState = {
  connected: boolean;
  /** Registers a listener for `registry:changed`; returns the unsubscribe function. */
  onRegistryChanged(fn: (e: RegistryChanged) => void): () => void;
  /** Registers a listener for `flag:changed`; returns the unsubscribe function. */
  onFlagChanged(fn: (e: FlagChanged) => void): () => void;
};

export const LiveContext = createContext<LiveState>({ connected: false, onRegistryChanged: () => () => undefined, onFlagChanged: () => () => undefined });

export function useLiveStatus(): boolean {
  return useContext(LiveContext).connected;
}

/**
 * Calls `refetch` when the server reports a registry change that `matches`; bursts of events
 * (one save can touch several rows) are folded into one call.
 */
export function useRegistryChanged(refetch: () => void, matches: (e: RegistryChanged) => boolean = () => true): void {
  const { onRegistryChanged } = useContext(LiveContext);
  const latest = useRef({ refetch, matches });
  useEffect(() => {
    latest.current = { refetch, matches };
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onRegistryChanged((e) => {
      if (!latest.current.matches(e)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.refetch(), 250);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [onRegistryChanged]);
}

/** Calls `fn` for every `flag:changed` event (raised, ended, evidence ready); no folding, each flag matters. */
export function useFlagChanged(fn: (e: FlagChanged) => void): void {
  const { onFlagChanged } = useContext(LiveContext);
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => onFlagChanged((e) => latest.current(e)), [onFlagChanged]);
}
