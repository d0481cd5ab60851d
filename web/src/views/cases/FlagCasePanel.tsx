import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './cases.css';
import { Link, useNavigate } from 'react-router';
import { listFlags, type Flag } from '../../api/analysis';
import { caseStaff, fileFromFlags, listCases } from '../../api/cases';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../../format/datetime';
import { flagTypeLabel } from '../analysis/rule-labels';
import { emptyOpening, openingBody, OpeningFields, openingProblems, type OpeningValues } from './OpeningFields';
import { RefusalBanner } from './RefusalBanner';

/**
 * On a confirmed flag's page (R7): the case it is filed in, or for an officer the "立案" action —
 * a filing form with the investigators, category, cause and other confirmed flags of the same
 * business — that files it and opens the new case.
 */
export function FlagCasePanel({ flag }: { flag: Flag }) {
  const { t } = useTranslation();
  const user = useUser();
  const confirmed = flag.reviewStatus === 'confirmed';
  const q = useApiQuery(confirmed ? `flag-case:${flag.id}` : null, (signal) => listCases({ flagId: flag.id }, signal));
  const [filing, setFiling] = useState(false);
  if (!confirmed) return null;
  const filed = q.data?.items[0];
  if (!filed && !can(user, 'case.file')) return null;
  return (
    <section className="card" data-testid="flag-case">
      {filed ? (
        <p>
          {t('cases.file.filed')} <Link to={`/cases/${filed.id}`}>{filed.cause}</Link> <span className="badge">{t(`cases.state.${filed.state}`)}</span>
        </p>
      ) : (
        q.data && (
          <p>
            <button type="button" className="btn btn-primary" data-action="file-case" onClick={() => setFiling(true)}>
              {t('cases.file.action')}
            </button>
          </p>
        )
      )}
      {filing && <FileCaseDialog flag={flag} onClose={() => setFiling(false)} />}
    </section>
  );
}

function FileCaseDialog({ flag, onClose }: { flag: Flag; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const ref = useRef<HTMLDialogElement>(null);
  const staff = useApiQuery('case-staff', (signal) => caseStaff(signal));
  const others = useApiQuery(`flags-of:${flag.businessId}`, (signal) => listFlags({ businessId: flag.businessId, limit: 200 }, signal));
  const [values, setValues] = useState<OpeningValues>(() => ({ ...emptyOpening(user.role === 'officer' ? user.id : null), cause: flagTypeLabel(t, flag.type) }));
  const [more, setMore] = useState<string[]>([]);
  const submit = useSubmit();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const candidates = (others.data?.items ?? []).filter((f) => f.id !== flag.id && f.reviewStatus === 'confirmed');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems = openingProblems(t, values);
    if (Object.keys(problems).length) return submit.fail(t('cases.problem.checkForm'), problems);
    const r = await submit.run(() => fileFromFlags({ ...openingBody(values), procedure: 'general', flagIds: [flag.id, ...more] }));
    if (r.ok) void navigate(`/cases/${r.value.case.id}`);
  }

  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby="file-case-title" onCancel={onClose} data-testid="file-case-dialog">
      <form onSubmit={onSubmit} noValidate>
        <h2 id="file-case-title">{t('cases.file.title')}</h2>
        <p className="muted small">{t('cases.file.hint')}</p>
        <RefusalBanner error={submit.error} />
        <OpeningFields values={values} onChange={setValues} staff={staff.data?.items ?? []} submit={submit} />
        <fieldset className="field" data-testid="more-flags">
          <legend>{t('cases.file.moreFlags')}</legend>
          {candidates.length === 0 && <p className="muted small">{t('cases.file.noMoreFlags')}</p>}
          {candidates.map((f) => (
            <label key={f.id} className="check">
              <input type="checkbox" name="flagIds" value={f.id} checked={more.includes(f.id)} onChange={(e) => setMore((m) => (e.target.checked ? [...m, f.id] : m.filter((x) => x !== f.id)))} /> {flagTypeLabel(t, f.type)} · {f.siteName} · {formatDateTime(f.startedAt, i18n.language)}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('cases.ws.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('cases.ws.saving') : t('cases.file.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
