import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { caseStaff, openByHand, type CaseSource, type Procedure } from '../../api/cases';
import { listBusinesses } from '../../api/registry';
import { Field, describedBy } from '../../components/Field';
import { useApiQuery } from '../../hooks/use-api-query';
import { useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { emptyOpening, openingBody, OpeningFields, openingProblems, type OpeningValues } from './OpeningFields';
import { RefusalBanner } from './RefusalBanner';

const SOURCES: readonly Exclude<CaseSource, 'flags'>[] = ['complaint', 'inspection', 'transfer', 'assignment'];

/** A case opened by hand from a complaint, inspection, transfer or assignment, with its 案件受理记录. */
export function NewCaseDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const ref = useRef<HTMLDialogElement>(null);
  const staff = useApiQuery('case-staff', (signal) => caseStaff(signal));
  const businesses = useApiQuery('case-businesses', (signal) => listBusinesses({ limit: 100, offset: 0 }, signal));
  const [values, setValues] = useState<OpeningValues>(() => emptyOpening(user.role === 'officer' ? user.id : null));
  const [businessId, setBusinessId] = useState('');
  const [source, setSource] = useState<Exclude<CaseSource, 'flags'>>('complaint');
  const [sourceDetail, setSourceDetail] = useState('');
  const [receivedAt, setReceivedAt] = useState('');
  const [procedure, setProcedure] = useState<Procedure>('general');
  const submit = useSubmit();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const problems = openingProblems(t, values);
    if (!businessId) problems.businessId = t('cases.problem.required', { label: t('cases.hand.business') });
    if (!sourceDetail.trim()) problems.sourceDetail = t('cases.problem.required', { label: t('cases.hand.sourceDetail') });
    if (Object.keys(problems).length) return submit.fail(t('cases.problem.checkForm'), problems);
    const r = await submit.run(() =>
      openByHand({ ...openingBody(values), procedure, businessId, source, sourceDetail: sourceDetail.trim(), ...(receivedAt ? { receivedAt: new Date(receivedAt).toISOString() } : {}) }),
    );
    if (r.ok) void navigate(`/cases/${r.value.case.id}`);
  }
  const err = (f: string) => submit.fieldError(f);

  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby="new-case-title" onCancel={onClose} data-testid="new-case-dialog">
      <form onSubmit={onSubmit} noValidate>
        <h2 id="new-case-title">{t('cases.hand.title')}</h2>
        <RefusalBanner error={submit.error} />
        <div className="grid-2">
          <Field id="hand-business" label={t('cases.hand.business')} field="businessId" error={err('businessId')} required>
            <select {...describedBy('hand-business', err('businessId'))} name="businessId" value={businessId} onChange={(e) => setBusinessId(e.target.value)}>
              <option value="">{t('cases.ws.chooseStaff')}</option>
              {(businesses.data?.items ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="hand-procedure" label={t('cases.hand.procedure')} field="procedure" error={err('procedure')}>
            <select id="hand-procedure" name="procedure" value={procedure} onChange={(e) => setProcedure(e.target.value as Procedure)}>
              <option value="general">{t('cases.procedure.general')}</option>
              <option value="simple">{t('cases.procedure.simple')}</option>
            </select>
          </Field>
          <Field id="hand-source" label={t('cases.hand.source')} field="source" error={err('source')} required>
            <select id="hand-source" name="source" value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`cases.source.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="hand-received" label={t('cases.hand.receivedAt')} field="receivedAt" error={err('receivedAt')}>
            <input id="hand-received" type="datetime-local" name="receivedAt" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} />
          </Field>
        </div>
        <Field id="hand-detail" label={t('cases.hand.sourceDetail')} field="sourceDetail" error={err('sourceDetail')} required>
          <textarea {...describedBy('hand-detail', err('sourceDetail'))} name="sourceDetail" rows={3} value={sourceDetail} onChange={(e) => setSourceDetail(e.target.value)} />
        </Field>
        <OpeningFields values={values} onChange={setValues} staff={staff.data?.items ?? []} submit={submit} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('cases.ws.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('cases.ws.saving') : t('cases.hand.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
