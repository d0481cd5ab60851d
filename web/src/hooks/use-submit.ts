import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';

export type Outcome<T> = { ok: true; value: T } | { ok: false };

export type SubmitState = {
  busy: boolean;
  /** The overall message of the last failure, shown in the form's alert banner. */
  error: ApiError | undefined;
  /** Message for a field: issues matched on path (joined with '.'), or a local check. */
  fieldError(path: string): string | undefined;
  /** Runs an action; a failure is kept for display and resolves to { ok: false }. */
  run<T>(action: () => Promise<T>): Promise<Outcome<T>>;
  /** Shows a local (client-side) problem the same way as a server one. */
  fail(message: string, fieldErrors?: Record<string, string>): void;
  reset(): void;
};

function key(path: (string | number)[]): string {
  return path.map(String).join('.');
}

export function useSubmit(): SubmitState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [local, setLocal] = useState<Record<string, string>>({});

  const fieldError = useCallback(
    (path: string) => {
      if (local[path]) return local[path];
      const exact = error?.issues.find((i) => key(i.path) === path);
      if (exact) return exact.message;
      // A top-level field also shows problems of anything below it that no row shows.
      return path.includes('.') ? undefined : error?.issues.find((i) => String(i.path[0]) === path && i.path.length === 1)?.message;
    },
    [error, local],
  );

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<Outcome<T>> => {
    setBusy(true);
    setError(undefined);
    setLocal({});
    try {
      return { ok: true, value: await action() };
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, []);

  const fail = useCallback((message: string, fieldErrors: Record<string, string> = {}) => {
    setError(new ApiError({ status: 0, code: 'client_validation', message }));
    setLocal(fieldErrors);
  }, []);

  const reset = useCallback(() => {
    setError(undefined);
    setLocal({});
  }, []);

  return { busy, error, fieldError, run, fail, reset };
}
