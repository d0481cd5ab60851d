import { useEffect, useRef } from 'react';

export type TriageKey = 'next' | 'prev' | 'open' | 'confirm' | 'dismiss' | 'escalate' | 'help';
const KEYS: Record<string, TriageKey> = { j: 'next', ArrowDown: 'next', k: 'prev', ArrowUp: 'prev', Enter: 'open', c: 'confirm', d: 'dismiss', e: 'escalate', '?': 'help' };

/** Whether a key press belongs to a form field (typing, not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(el.tagName) || !!el.closest('dialog'));
}

/** Triage shortcuts on the page while `enabled` (off while a dialog is open or the user types). */
export function useTriageKeys(enabled: boolean, on: (key: TriageKey) => void): void {
  const latest = useRef(on);
  useEffect(() => {
    latest.current = on;
  });
  useEffect(() => {
    if (!enabled) return;
    const handler = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || isTyping(e.target)) return;
      const key = KEYS[e.key];
      if (!key) return;
      e.preventDefault();
      latest.current(key);
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, [enabled]);
}
