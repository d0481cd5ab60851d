import { useCallback, useEffect, useState } from 'react';
import { getFlag, listFlags, type FlagListItem, type FlagPage } from '../../api/analysis';
import { ApiError, isAbort } from '../../api/client';
import { useFlagChanged } from '../../hooks/use-live';

export type FlagFilters = { type: string; source: string; state: string };
type Feed = { key: string; items: FlagListItem[]; nextCursor: string | null; counts: FlagPage['counts'] | null; fresh: string[] };

const PAGE = 25;
const toError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
const matches = (f: FlagFilters, x: FlagListItem) => (!f.type || x.type === f.type) && (!f.source || x.source === f.source) && (!f.state || x.state === f.state);

/**
 * Flags newest first, a page at a time (keyset cursor), kept current by `flag:changed`: a changed
 * flag is fetched again and replaced in place, a new one is put on top and marked fresh.
 */
export function useFlagFeed(filters: FlagFilters) {
  const key = `${filters.type}|${filters.source}|${filters.state}`;
  const [feed, setFeed] = useState<Feed>({ key: '', items: [], nextCursor: null, counts: null, fresh: [] });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setBusy(true);
    listFlags({ ...filters, limit: PAGE }, ctrl.signal).then(
      (p) => {
        setFeed({ key, items: p.items, nextCursor: p.nextCursor, counts: p.counts, fresh: [] });
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
    if (!feed.nextCursor || busy) return;
    setBusy(true);
    try {
      const p = await listFlags({ ...filters, limit: PAGE, cursor: feed.nextCursor });
      setFeed((f) => (f.key !== key ? f : { ...f, items: [...f.items, ...p.items.filter((x) => !f.items.some((y) => y.id === x.id))], nextCursor: p.nextCursor, counts: p.counts }));
      setError(undefined);
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  }, [feed.nextCursor, busy, filters, key]);

  useFlagChanged((e) => {
    void (async () => {
      try {
        const [flag, page] = await Promise.all([getFlag(e.id), listFlags({ ...filters, limit: 1 })]);
        setFeed((f) => {
          if (f.key !== key) return f;
          const at = f.items.findIndex((x) => x.id === flag.id);
          let items = f.items;
          if (!matches(filters, flag)) items = items.filter((x) => x.id !== flag.id);
          else if (at >= 0) items = items.map((x) => (x.id === flag.id ? flag : x));
          else items = [flag, ...items];
          return { ...f, items, counts: page.counts, fresh: [flag.id, ...f.fresh.filter((id) => id !== flag.id)] };
        });
      } catch {
        // Out of scope or gone: a full reload shows the truth.
        setTick((n) => n + 1);
      }
    })();
  });

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const ready = feed.key === key;
  return { items: ready ? feed.items : [], counts: ready ? feed.counts : null, nextCursor: ready ? feed.nextCursor : null, fresh: feed.fresh, loaded: ready, busy, error, loadMore, reload };
}
