import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, respondToFinding, uploadFindingAttachment, type FindingDetail } from '../../api/findings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';

/** Confirm, or dispute with reasons and files; the files go up first, then the answer. */
export function RespondForm({ finding, onDone }: { finding: FindingDetail; onDone: (f: FindingDetail) => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<'confirm' | 'dispute'>('confirm');
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const submit = useSubmit();

  const onFiles = (list: FileList | null) => {
    const picked = Array.from(list ?? []);
    const bad = picked.find((f) => !ATTACHMENT_TYPES.includes(f.type) || f.size > ATTACHMENT_MAX_BYTES);
    if (bad) return submit.fail(t('portal.fileInvalid', { name: bad.name }), { files: t('portal.fileInvalid', { name: bad.name }) });
    submit.reset();
    setFiles(picked.slice(0, 10));
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (decision === 'dispute' && !statement.trim()) return submit.fail(t('portal.statementRequired'), { statement: t('portal.statementRequired') });
    const r = await submit.run(async () => {
      for (const f of files) await uploadFindingAttachment(finding.id, f);
      return respondToFinding(finding.id, { decision, statement, expectedVersion: finding.version });
    });
    if (r.ok) onDone(r.value);
  };

  const statementError = submit.fieldError('statement');
  return (
    <form className="card portal-respond" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="respond-form">
      <h2>{t('portal.respondTitle')}</h2>
      <ErrorBanner error={submit.error} />
      <fieldset className="field portal-choice">
        <legend className="field-label">{t('portal.decision')}</legend>
        <label className="statement">
          <input type="radio" name="decision" value="confirm" checked={decision === 'confirm'} onChange={() => setDecision('confirm')} /> {t('portal.confirm')}
        </label>
        <label className="statement">
          <input type="radio" name="decision" value="dispute" checked={decision === 'dispute'} onChange={() => setDecision('dispute')} /> {t('portal.dispute')}
        </label>
      </fieldset>
      <div className={`field${statementError ? ' field-invalid' : ''}`}>
        <label htmlFor="finding-statement">
          {decision === 'dispute' ? t('portal.statementDispute') : t('portal.statementConfirm')}
        </label>
        <textarea id="finding-statement" name="statement" rows={5} maxLength={4000} value={statement} onChange={(e) => setStatement(e.target.value)} aria-invalid={!!statementError} aria-describedby={statementError ? 'finding-statement-error' : undefined} />
        {statementError && (
          <p className="field-error" id="finding-statement-error">
            {statementError}
          </p>
        )}
      </div>
      <div className={`field${submit.fieldError('files') ? ' field-invalid' : ''}`}>
        <label htmlFor="finding-files">{t('portal.attachments')}</label>
        <input id="finding-files" type="file" multiple accept={ATTACHMENT_TYPES.join(',')} onChange={(e) => onFiles(e.target.files)} />
        <p className="muted small">{t('portal.attachmentsHint')}</p>
        {files.length > 0 && (
          <ul className="portal-files">
            {files.map((f) => (
              <li key={f.name}>{f.name}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-block" disabled={submit.busy}>
          {decision === 'confirm' ? t('portal.submitConfirm') : t('portal.submitDispute')}
        </button>
      </div>
    </form>
  );
}
