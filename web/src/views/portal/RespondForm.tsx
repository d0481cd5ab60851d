import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, respondToFinding, uploadFindingAttachment, type FindingDetail } from '../../api/findings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';

type Decision = 'confirm' | 'dispute';

/**
 * Confirm, or dispute with reasons and files. Nothing is chosen for the business: each answer says
 * what it means, and what will be sent is shown once more to be confirmed before it goes (an
 * admission is an enforcement record). The files go up first, then the answer.
 */
export function RespondForm({ finding, onDone }: { finding: FindingDetail; onDone: (f: FindingDetail) => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reviewing, setReviewing] = useState(false);
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

  const choose = (d: Decision) => {
    setDecision(d);
    submit.reset();
  };

  /** First press: check the form and show what will be sent. */
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!decision) return submit.fail(t('portal.decisionRequired'), { decision: t('portal.decisionRequired') });
    if (decision === 'dispute' && !statement.trim()) return submit.fail(t('portal.statementRequired'), { statement: t('portal.statementRequired') });
    submit.reset();
    setReviewing(true);
  };

  /** Second press, on the summary: send it. */
  const send = async () => {
    if (!decision) return;
    const r = await submit.run(async () => {
      for (const f of files) await uploadFindingAttachment(finding.id, f);
      return respondToFinding(finding.id, { decision, statement, expectedVersion: finding.version });
    });
    if (r.ok) onDone(r.value);
    else setReviewing(false);
  };

  const decisionError = submit.fieldError('decision');
  const statementError = submit.fieldError('statement');
  // An attachment the server refused (not what its type claims): at the file field, with its name.
  const fileError = submit.fieldError('file');
  const failedFile = submit.error?.issues.find((i) => i.path[0] === 'file')?.params?.filename;
  if (reviewing && decision) {
    return (
      <section className="card portal-respond" role="alertdialog" aria-labelledby="respond-review-title" data-testid="respond-review" data-decision={decision}>
        <h2 id="respond-review-title">{decision === 'confirm' ? t('portal.reviewConfirm') : t('portal.reviewDispute')}</h2>
        <p>{decision === 'confirm' ? t('portal.confirmMeans') : t('portal.disputeMeans')}</p>
        <p className="field-label">{t('portal.reviewStatement')}</p>
        <p className="portal-statement">{statement.trim() || t('portal.reviewNoStatement')}</p>
        {files.length > 0 && <p className="muted small">{t('portal.reviewFiles', { count: files.length })}</p>}
        <p>
          <strong>{t('portal.reviewFinal')}</strong>
        </p>
        <ErrorBanner error={submit.error} />
        <div className="actions">
          <button type="button" className="btn" onClick={() => setReviewing(false)} disabled={submit.busy}>
            {t('portal.backToEdit')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={submit.busy}>
            {t('portal.sendNow')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="card portal-respond" onSubmit={onSubmit} noValidate data-testid="respond-form">
      <h2>{t('portal.respondTitle')}</h2>
      <ErrorBanner error={submit.error} />
      <fieldset className={`field portal-choice${decisionError ? ' field-invalid' : ''}`} aria-describedby={decisionError ? 'finding-decision-error' : undefined}>
        <legend className="field-label">{t('portal.decision')}</legend>
        {(['confirm', 'dispute'] as const).map((d) => (
          <label className="statement" key={d}>
            <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => choose(d)} /> {t(`portal.${d}`)}
            <span className="muted small portal-choice-means">{t(`portal.${d}Means`)}</span>
          </label>
        ))}
        {decisionError && (
          <p className="field-error" id="finding-decision-error">
            {decisionError}
          </p>
        )}
      </fieldset>
      <div className={`field${statementError ? ' field-invalid' : ''}`}>
        <label htmlFor="finding-statement">{decision === 'dispute' ? t('portal.statementDispute') : t('portal.statementConfirm')}</label>
        <textarea id="finding-statement" name="statement" rows={5} maxLength={4000} value={statement} onChange={(e) => setStatement(e.target.value)} aria-invalid={!!statementError} aria-describedby={statementError ? 'finding-statement-error' : undefined} />
        {statementError && (
          <p className="field-error" id="finding-statement-error">
            {statementError}
          </p>
        )}
      </div>
      <div className={`field${fileError ? ' field-invalid' : ''}`} data-field="file">
        <label htmlFor="finding-files">{t('portal.attachments')}</label>
        <input id="finding-files" type="file" multiple accept={ATTACHMENT_TYPES.join(',')} onChange={(e) => onFiles(e.target.files)} aria-invalid={!!fileError} aria-describedby={fileError ? 'finding-file-error' : undefined} />
        <p className="muted small">{t('portal.attachmentsHint')}</p>
        {fileError && (
          <p className="field-error" id="finding-file-error" data-testid="error-file">
            {failedFile ? `${failedFile}:${fileError}` : fileError}
          </p>
        )}
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
          {decision === 'confirm' ? t('portal.submitConfirm') : decision === 'dispute' ? t('portal.submitDispute') : t('portal.submitAnswer')}
        </button>
      </div>
    </form>
  );
}
