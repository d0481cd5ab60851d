import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, issueText } from '../api/client';

export type Outcome<T> = { ok: true; value: T } | { ok: false };

export type SubmitState = {
  busy: boolean;
  /** The overall message of the last failure, shown in the form's alert banner; gone once every field it was about is edited. */
  error: ApiError | undefined;
  /** Message for a field in the UI's language: issues matched on path (joined with '.'), or a local check; gone once the field is edited. */
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

/**
 * The field a user is editing: the `data-field` of the <Field> around the control (`contacts-0-name`
 * → `contacts.0.name`), else the control's name. Lets every form clear a field's error when it is
 * edited without wiring of its own.
 */
function editedField(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const field = target.closest('[data-field]')?.getAttribute('data-field');
  if (field) return field.replace(/-/g, '.');
  const name = target.getAttribute('name');
  return name || null;
}

export function useSubmit(): SubmitState {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | undefined>(undefined);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());

  // While a field problem is shown, an edit of that field clears it.
  const showing = !!failure?.issues.length || Object.keys(local).length > 0;
  useEffect(() => {
    if (!showing) return;
    const onEdit = (e: Event) => {
      const path = editedField(e.target);
      if (path) setEdited((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
    };
    // Bubble phase, on the document: React's own handler (on the root, below it) has taken the
    // edit first. In the capture phase this state change re-rendered the controlled input with
    // its old value before React saw the new one, and the user's edit was lost.
    document.addEventListener('input', onEdit);
    document.addEventListener('change', onEdit);
    return () => {
      document.removeEventListener('input', onEdit);
      document.removeEventListener('change', onEdit);
    };
  }, [showing]);

  const fieldError = useCallback(
    (path: string) => {
      if (edited.has(path)) return undefined;
      if (local[path]) return local[path];
      const exact = failure?.issues.find((i) => key(i.path) === path);
      if (exact) return issueText(exact);
      // A top-level field also shows problems of anything below it that no row shows.
      const top = path.includes('.') ? undefined : failure?.issues.find((i) => String(i.path[0]) === path && i.path.length === 1);
      return top && issueText(top);
    },
    [failure, local, edited],
  );

  // The banner of a refused form goes too once every field it pointed at has been edited.
  const error = useMemo(() => {
    if (!failure) return undefined;
    const paths = [...failure.issues.map((i) => key(i.path)), ...Object.keys(local)];
    const fieldOnly = failure.code === 'validation_failed' || failure.code === 'client_validation';
    return fieldOnly && paths.length > 0 && paths.every((p) => edited.has(p)) ? undefined : failure;
  }, [failure, local, edited]);

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<Outcome<T>> => {
    setBusy(true);
    setFailure(undefined);
    setLocal({});
    setEdited(new Set());
    try {
      return { ok: true, value: await action() };
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, []);

  const fail = useCallback((message: string, fieldErrors: Record<string, string> = {}) => {
    setFailure(new ApiError({ status: 0, code: 'client_validation', message }));
    setLocal(fieldErrors);
    setEdited(new Set());
  }, []);

  const reset = useCallback(() => {
    setFailure(undefined);
    setLocal({});
    setEdited(new Set());
  }, []);

  return { busy, error, fieldError, run, fail, reset };
}
