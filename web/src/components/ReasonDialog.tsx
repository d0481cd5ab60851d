import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../hooks/use-submit';
import { ErrorBanner } from './ErrorBanner';
import { Field, describedBy } from './Field';

type Props = {
  title: string;
  hint?: string;
  confirmLabel: string;
  /** Performs the archive/retire/withdraw; a rejection is shown inside the dialog. */
  onConfirm(reason: string): Promise<unknown>;
  onClose(): void;
};

/** Asks for the reason every archive, retirement or withdrawal must carry. */
export function ReasonDialog({ title, hint, confirmLabel, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = useSubmit();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) {
      submit.fail(t('common.reasonRequired'), { reason: t('common.reasonRequired') });
      return;
    }
    const r = await submit.run(() => onConfirm(reason.trim()));
    if (r.ok) onClose();
  }

  const err = submit.fieldError('reason');
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onCancel={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`}>{title}</h2>
        {hint && <p className="muted">{hint}</p>}
        <ErrorBanner error={submit.error} />
        <Field id={`${id}-reason`} label={t('common.reason')} field="reason" error={err} required>
          <textarea {...describedBy(`${id}-reason`, err)} name="reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </Field>
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={submit.busy}>
            {submit.busy ? t('common.saving') : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
