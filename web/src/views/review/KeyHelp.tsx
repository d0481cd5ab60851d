import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const ROWS: [string, string][] = [
  ['j / ↓', 'next'],
  ['k / ↑', 'prev'],
  ['Enter', 'open'],
  ['c', 'confirm'],
  ['d', 'dismiss'],
  ['1–5', 'reason'],
  ['e', 'escalate'],
  ['?', 'help'],
  ['Esc', 'close'],
];

/** The triage keys, shown with "?". */
export function KeyHelp({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="key-help-title" onCancel={onClose} data-testid="key-help">
      <h2 id="key-help-title">{t('review.keysTitle')}</h2>
      <dl className="facts key-help">
        {ROWS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(`review.keys.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          {t('review.close')}
        </button>
      </div>
    </dialog>
  );
}
