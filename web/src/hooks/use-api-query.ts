import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../api/client';

export type QueryState<T> = {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Fetches again; keeps showing the current data meanwhile. */
  reload(): void;
};

/**
 * Loads data with `load` whenever `key` changes (and on reload()). A newer load aborts the
 * older one so answers never arrive out of order.
 */
export function useApiQuery<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    loadRef.current(ctrl.signal).then(
      (d) => {
        if (ctrl.signal.aborted) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (ctrl.signal.aborted || isAbort(e)) return;
        setError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
