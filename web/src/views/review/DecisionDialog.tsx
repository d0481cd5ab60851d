import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DISMISS_REASONS, dismissNeedsNote, type DismissReason } from '../../api/review';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';

export type DecisionKind = 'confirm' | 'dismiss' | 'escalate';
type Props = {
  kind: DecisionKind;
  /** What is decided on, in words (type · business · device). */
  subject: string;
  twoPerson?: boolean;
  onSubmit(input: { note: string; reasonCode?: DismissReason }): Promise<unknown>;
  onClose(): void;
};

/**
 * Confirm, dismiss (reason code 1–5; a note only for "other") or escalate (a note), by keyboard:
 * the digits pick the reason, Enter decides, Shift+Enter starts a new line, Esc cancels.
 */
export function DecisionDialog({ kind, subject, twoPerson, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const id = useId();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<DismissReason | null>(null);
  const submit = useSubmit();
  // Escalating needs words; a dismissal only when its code says too little ("other").
  const noteRequired = kind === 'escalate' || (kind === 'dismiss' && reason !== null && dismissNeedsNote(reason));

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function decide(e?: FormEvent) {
    e?.preventDefault();
    if (kind === 'dismiss' && !reason) return submit.fail(t('review.pickReason'), { reasonCode: t('review.pickReason') });
    if (noteRequired && !note.trim()) return submit.fail(t('review.noteRequired'), { note: t('review.noteRequired') });
    const r = await submit.run(() => onSubmit({ note: note.trim(), reasonCode: reason ?? undefined }));
    if (r.ok) onClose();
  }

  function onKey(e: KeyboardEvent) {
    if (kind === 'dismiss' && /^[1-5]$/.test(e.key) && (e.target as HTMLElement).tagName !== 'TEXTAREA') {
      e.preventDefault();
      setReason(DISMISS_REASONS[Number(e.key) - 1]);
      form.current?.querySelector('textarea')?.focus();
    } else if (e.key === 'Enter' && !e.shiftKey && !(e.nativeEvent as globalThis.KeyboardEvent).isComposing) {
      e.preventDefault();
      void decide();
    }
  }

  const title = t(`review.decide.${kind}`);
  return (
    <dialog ref={ref} className="dialog decision-dialog" aria-labelledby={`${id}-title`} onCancel={onClose} onKeyDown={onKey} data-testid="decision-dialog">
      <form ref={form} onSubmit={(e) => void decide(e)} noValidate>
        <h2 id={`${id}-title`}>{title}</h2>
        <p className="muted small">{subject}</p>
        {kind === 'confirm' && <p className="small">{twoPerson ? t('review.twoPersonHint') : t('review.confirmHint')}</p>}
        <ErrorBanner error={submit.error} />
        {kind === 'dismiss' && (
          <fieldset className="reason-picker">
            <legend>{t('review.reason')}</legend>
            {DISMISS_REASONS.map((r, i) => (
              <label key={r} className={reason === r ? 'picked' : ''}>
                <input type="radio" name="reasonCode" value={r} checked={reason === r} onChange={() => setReason(r)} autoFocus={i === 0} />
                <kbd>{i + 1}</kbd> {t(`review.reasons.${r}`)}
              </label>
            ))}
            {submit.fieldError('reasonCode') && <p className="field-error">{submit.fieldError('reasonCode')}</p>}
          </fieldset>
        )}
        <label className="field">
          <span>{noteRequired ? t('review.note') : t('review.noteOptional')}</span>
          <textarea name="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} autoFocus={kind !== 'dismiss'} />
          {submit.fieldError('note') && <span className="field-error">{submit.fieldError('note')}</span>}
        </label>
        <p className="muted small">{t('review.dialogKeys')}</p>
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`btn ${kind === 'confirm' ? 'btn-primary' : kind === 'dismiss' ? 'btn-danger' : ''}`} disabled={submit.busy}>
            {submit.busy ? t('common.saving') : title}
          </button>
        </div>
      </form>
    </dialog>
  );
}
