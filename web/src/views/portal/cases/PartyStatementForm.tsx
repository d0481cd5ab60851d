import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTY_FILE_MAX_BYTES, PARTY_FILE_TYPES, sendStatement, uploadPartyFile, type PartyCase } from '../../../api/portal-cases';
import { useSubmit } from '../../../hooks/use-submit';
import { RefusalBanner } from '../../cases/RefusalBanner';

/**
 * The party's statement and defence (行政处罚法 art. 45) with its evidence files and, if it
 * chooses, its express waiver of the hearing. Checked here first (words required, file types
 * and sizes), shown once more to be confirmed (it cannot be withdrawn), then the files go up
 * and the statement is sent; a refusal names its rule. Files uploaded but not sent (a failed
 * try) go with the next statement.
 */
export function PartyStatementForm({ c, onDone }: { c: PartyCase; onDone: (c: PartyCase) => void }) {
  const { t } = useTranslation();
  const [statement, setStatement] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [waive, setWaive] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [uploaded, setUploaded] = useState<Map<File, string>>(() => new Map());
  const submit = useSubmit();
  const canWaive = c.hearing.right && c.hearing.allowed;

  const onFiles = (list: FileList | null) => {
    const picked = Array.from(list ?? []);
    const bad = picked.find((f) => !PARTY_FILE_TYPES.includes(f.type) || f.size > PARTY_FILE_MAX_BYTES);
    if (bad) return submit.fail(t('portalCases.statement.fileInvalid', { name: bad.name }), { file: t('portalCases.statement.fileInvalid', { name: bad.name }) });
    submit.reset();
    setFiles(picked.slice(0, 10));
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!statement.trim()) return submit.fail(t('portalCases.statement.required'), { statement: t('portalCases.statement.required') });
    submit.reset();
    setReviewing(true);
  };
  const send = async () => {
    const r = await submit.run(async () => {
      const ids = new Map(uploaded);
      for (const f of files) {
        if (ids.has(f)) continue;
        ids.set(f, (await uploadPartyFile(c.case.id, f)).id);
        setUploaded(new Map(ids));
      }
      const fileIds = [...new Set([...c.pendingFiles.map((f) => f.id), ...ids.values()])];
      return sendStatement(c.case.id, { statement, hearingWaived: canWaive && waive, fileIds, expectedVersion: c.case.version });
    });
    if (r.ok) onDone(r.value);
    else setReviewing(false);
  };

  const statementError = submit.fieldError('statement');
  const fileError = submit.fieldError('file');
  if (reviewing) {
    return (
      <section className="card portal-respond" role="alertdialog" aria-labelledby="statement-review-title" data-testid="statement-review">
        <h3 id="statement-review-title">{t('portalCases.statement.reviewTitle')}</h3>
        <p className="portal-statement">{statement.trim()}</p>
        {files.length + c.pendingFiles.length > 0 && <p className="muted small">{t('portalCases.statement.reviewFiles', { count: files.length + c.pendingFiles.length })}</p>}
        {canWaive && waive && <p><strong>{t('portalCases.statement.reviewWaive')}</strong></p>}
        <p>{t('portalCases.statement.reviewFinal')}</p>
        <RefusalBanner error={submit.error} />
        <div className="actions">
          <button type="button" className="btn" onClick={() => setReviewing(false)} disabled={submit.busy}>
            {t('portalCases.statement.backToEdit')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void send()} disabled={submit.busy}>
            {t('portalCases.statement.sendNow')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="portal-respond" onSubmit={onSubmit} noValidate data-testid="statement-form">
      <RefusalBanner error={submit.error} />
      <div className={`field${statementError ? ' field-invalid' : ''}`}>
        <label htmlFor="party-statement">{t('portalCases.statement.label')}</label>
        <textarea id="party-statement" name="statement" rows={6} maxLength={20000} placeholder={t('portalCases.statement.placeholder')} value={statement} onChange={(e) => setStatement(e.target.value)} aria-invalid={!!statementError} aria-describedby={statementError ? 'party-statement-error' : undefined} />
        {statementError && <p className="field-error" id="party-statement-error" data-testid="error-statement">{statementError}</p>}
      </div>
      <div className={`field${fileError ? ' field-invalid' : ''}`} data-field="file">
        <label htmlFor="party-files">{t('portalCases.statement.files')}</label>
        <input id="party-files" name="files" type="file" multiple accept={PARTY_FILE_TYPES.join(',')} onChange={(e) => onFiles(e.target.files)} aria-invalid={!!fileError} />
        <p className="muted small">{t('portalCases.statement.filesHint')}</p>
        {fileError && <p className="field-error" data-testid="error-file">{fileError}</p>}
        {files.length + c.pendingFiles.length > 0 && (
          <ul className="portal-files">
            {c.pendingFiles.map((f) => <li key={f.id}>{f.filename}</li>)}
            {files.map((f) => <li key={f.name}>{f.name}</li>)}
          </ul>
        )}
      </div>
      {canWaive && (
        <div className="portal-choice">
          <label className="statement">
            <input type="checkbox" name="hearingWaived" checked={waive} onChange={(e) => setWaive(e.target.checked)} /> {t('portalCases.statement.waive')}
            <span className="muted small portal-choice-means">{t('portalCases.statement.waiveMeans')}</span>
          </label>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-block" disabled={submit.busy}>
          {t('portalCases.statement.submit')}
        </button>
      </div>
    </form>
  );
}
