import { useEffect, useState } from 'react';

export type ImageState = { status: 'loading' | 'ok' | 'missing'; width: number; height: number; src: string | null };

/**
 * Fetches a picture once and hands out an object URL for every <img> that shows it: the
 * server makes each snapshot afresh (no-store) and logs every view, so the rule cards and the
 * editor share one copy. A device that never recorded answers 404: status 'missing'. While a
 * new picture loads, the previous one stays on screen.
 */
export function useImage(url: string): ImageState {
  const [state, setState] = useState<ImageState>({ status: 'loading', width: 16, height: 9, src: null });

  useEffect(() => {
    const ctrl = new AbortController();
    void (async () => {
      try {
        const res = await fetch(url, { credentials: 'same-origin', signal: ctrl.signal });
        if (!res.ok) throw new Error(String(res.status));
        const blob = await res.blob();
        const bitmap = await createImageBitmap(blob);
        const { width, height } = bitmap;
        bitmap.close();
        if (ctrl.signal.aborted) return;
        setState({ status: 'ok', width: width || 16, height: height || 9, src: URL.createObjectURL(blob) });
      } catch {
        if (!ctrl.signal.aborted) setState((s) => ({ ...s, status: 'missing', src: null }));
      }
    })();
    return () => ctrl.abort();
  }, [url]);

  // Each object URL lives until the next one replaces it, or the page closes.
  useEffect(() => {
    const src = state.src;
    return () => {
      if (src) URL.revokeObjectURL(src);
    };
  }, [state.src]);

  return state;
}
