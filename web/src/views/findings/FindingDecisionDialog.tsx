import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decideFinding, type FindingDecisionKind, type FindingDetail } from '../../api/findings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';

const TEXT: Record<FindingDecisionKind, { title: string; hint: string; label: string; danger: boolean }> = {
  accept: { title: 'dispute.acceptTitle', hint: 'dispute.acceptHint', label: 'dispute.acceptLabel', danger: false },
  uphold: { title: 'dispute.upholdTitle', hint: 'dispute.upholdHint', label: 'dispute.upholdLabel', danger: false },
  refer: { title: 'dispute.referTitle', hint: 'dispute.referHint2', label: 'dispute.referLabel', danger: true },
};

/** Asks the officer for the reply or reason his decision must carry, then sends it at the version he saw. */
export function FindingDecisionDialog({ finding, kind, onDone, onClose }: { finding: FindingDetail; kind: FindingDecisionKind; onDone(f: FindingDetail): void; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const text = TEXT[kind];

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!reason.trim()) {
      const msg = t('dispute.reasonRequired', { label: t(text.label) });
      submit.fail(msg, { reason: msg });
      return;
    }
    const r = await submit.run(() => decideFinding(finding.id, kind, { reason: reason.trim(), expectedVersion: finding.version }));
    if (r.ok) onDone(r.value);
  }

  const err = submit.fieldError('reason');
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onCancel={onClose} data-testid="finding-decision-dialog" data-kind={kind}>
      <form onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`}>{t(text.title)}</h2>
        <p className="muted">{t(text.hint)}</p>
        <ErrorBanner error={submit.error} />
        <Field id={`${id}-reason`} label={t(text.label)} field="reason" error={err} required>
          <textarea {...describedBy(`${id}-reason`, err)} name="reason" rows={5} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
        </Field>
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={text.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled={submit.busy}>
            {submit.busy ? t('dispute.saving') : t('dispute.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
