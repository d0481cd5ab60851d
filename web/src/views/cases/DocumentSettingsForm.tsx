import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { documentSettings, putDocumentSettings, type DocumentSettings, type DocumentSettingsView } from '../../api/cases';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';

const TEXTS = ['reconsiderationBody', 'court', 'paymentPayee', 'paymentAccount', 'paymentChannel', 'contactAddress', 'contactPhone'] as const;
const AMOUNTS = ['largeAmountPersonFen', 'largeAmountOrganisationFen'] as const;
type Values = Record<(typeof TEXTS)[number] | (typeof AMOUNTS)[number] | 'statementDays', string>;

const toValues = (v: DocumentSettingsView): Values => ({
  ...(Object.fromEntries(TEXTS.map((k) => [k, v[k] ?? ''])) as Record<(typeof TEXTS)[number], string>),
  ...(Object.fromEntries(AMOUNTS.map((k) => [k, v[k] === null ? '' : String(v[k] / 100)])) as Record<(typeof AMOUNTS)[number], string>),
  statementDays: String(v.statementDays),
});
/** Empty is "not set" (null); amounts are typed in yuan and sent in fen. */
const toBody = (v: Values): DocumentSettings => ({
  ...(Object.fromEntries(TEXTS.map((k) => [k, v[k].trim() || null])) as Record<(typeof TEXTS)[number], string | null>),
  ...(Object.fromEntries(AMOUNTS.map((k) => [k, v[k].trim() ? Math.round(Number(v[k]) * 100) : null])) as Record<(typeof AMOUNTS)[number], number | null>),
  statementDays: Number(v.statementDays),
});

/**
 * 系统管理 › 机构管理 › 文书设置: what an agency's decisions print besides the case (行政复议机关,
 * court, where fines are paid, contact, 较大数额); a setting left empty is named as missing when a
 * decision needs it.
 */
export function DocumentSettingsForm({ agencyId }: { agencyId: string }) {
  const [tick, setTick] = useState(0);
  const q = useApiQuery(`document-settings:${agencyId}:${tick}`, (signal) => documentSettings(agencyId, signal));
  if (q.error) return <ErrorBanner error={q.error} />;
  if (!q.data) return <Loading />;
  return <SettingsForm key={`${q.data.version}`} view={q.data} onDone={() => setTick((n) => n + 1)} />;
}

function SettingsForm({ view, onDone }: { view: DocumentSettingsView; onDone(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [values, setValues] = useState<Values>(() => toValues(view));
  const [done, setDone] = useState(false);
  const err = (f: string) => submit.fieldError(f);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const bad = AMOUNTS.filter((k) => values[k].trim() && !(Number(values[k]) > 0));
    if (bad.length) {
      submit.fail(t('cases.problem.checkForm'), Object.fromEntries(bad.map((k) => [k, t('cases.problem.fineAmount')])));
      return;
    }
    const r = await submit.run(() => putDocumentSettings(view.agencyId, toBody(values)));
    if (r.ok) {
      setDone(true);
      onDone();
    }
  }
  const input = (k: keyof Values, extra: { inputMode?: 'decimal' | 'numeric'; hint?: string } = {}) => (
    <Field key={k} id={`ds-${k}`} label={t(`cases.settings.${k}`)} field={k} error={err(k)} hint={extra.hint}>
      <input {...describedBy(`ds-${k}`, err(k), !!extra.hint)} name={k} inputMode={extra.inputMode} value={values[k]} onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))} />
    </Field>
  );
  return (
    <form className="card" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="agency-document-settings">
      <h3>{t('cases.settings.title')}</h3>
      <p className="muted">{t('cases.settings.hint')}</p>
      {view.missing.length > 0 && (
        <div className="banner banner-warn" data-testid="document-settings-missing">
          {t('cases.settings.missing', { list: view.missing.join('、') })}
        </div>
      )}
      {done && <Notice>{t('cases.settings.saved')}</Notice>}
      <ErrorBanner error={submit.error} />
      <div className="grid-2">
        {TEXTS.map((k) => input(k))}
        {AMOUNTS.map((k) => input(k, { inputMode: 'decimal', hint: t('cases.settings.amountHint') }))}
        {input('statementDays', { inputMode: 'numeric', hint: t('cases.settings.statementDaysHint') })}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('cases.settings.save')}
        </button>
      </div>
    </form>
  );
}
