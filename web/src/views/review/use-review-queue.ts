import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../../api/client';
import { getQueue, type QueueCounts, type QueueItem, type QueueQuery } from '../../api/review';
import { useFlagChanged } from '../../hooks/use-live';

type Queue = { key: string; items: QueueItem[]; nextCursor: string | null; counts: QueueCounts | null; fresh: string[]; offsetMs: number };

const PAGE = 50;
/** Live events are folded: at 50 new flags a second the queue is fetched a few times a second, not 50. */
const FOLD_MS = 200;
const toError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));

/**
 * The review queue, a page at a time (keyset cursor), kept current by `flag:changed`: the rows
 * loaded so far are fetched again (same filters and sort) and the ones not seen before are
 * marked fresh. `offsetMs` is the server's clock minus this browser's, for the countdowns.
 */
export function useReviewQueue(query: QueueQuery) {
  const key = JSON.stringify(query);
  const [q, setQ] = useState<Queue>({ key: '', items: [], nextCursor: null, counts: null, fresh: [], offsetMs: 0 });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(q);
  latest.current = q;

  useEffect(() => {
    const ctrl = new AbortController();
    setBusy(true);
    getQueue({ ...query, limit: PAGE }, ctrl.signal).then(
      (p) => {
        setQ({ key, items: p.items, nextCursor: p.nextCursor, counts: p.counts, fresh: [], offsetMs: Date.parse(p.now) - Date.now() });
        setError(undefined);
        setBusy(false);
      },
      (e: unknown) => {
        if (ctrl.signal.aborted || isAbort(e)) return;
        setError(toError(e));
        setBusy(false);
      },
    );
    return () => ctrl.abort();
  }, [key, tick]);

  const loadMore = useCallback(async () => {
    const cur = latest.current;
    if (!cur.nextCursor || busy) return;
    setBusy(true);
    try {
      const p = await getQueue({ ...query, limit: PAGE, cursor: cur.nextCursor });
      setQ((s) => (s.key !== key ? s : { ...s, items: [...s.items, ...p.items.filter((x) => !s.items.some((y) => y.id === x.id))], nextCursor: p.nextCursor, counts: p.counts }));
      setError(undefined);
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  }, [key, busy]);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const loaded = latest.current.items.length;
      getQueue({ ...query, limit: Math.min(200, Math.max(PAGE, loaded)) }).then(
        (p) =>
          setQ((s) => {
            if (s.key !== key) return s;
            const known = new Set(s.items.map((x) => x.id));
            const fresh = p.items.filter((x) => !known.has(x.id)).map((x) => x.id);
            return { ...s, items: p.items, nextCursor: p.nextCursor, counts: p.counts, fresh: [...fresh, ...s.fresh].slice(0, 200), offsetMs: Date.parse(p.now) - Date.now() };
          }),
        (e: unknown) => setError(toError(e)),
      );
    }, FOLD_MS);
  }, [key]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useFlagChanged(() => refresh());

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const ready = q.key === key;
  return { items: ready ? q.items : [], counts: ready ? q.counts : null, nextCursor: ready ? q.nextCursor : null, fresh: q.fresh, offsetMs: q.offsetMs, loaded: ready, busy, error, loadMore, reload, refresh };
}

/** The current time, ticking every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
