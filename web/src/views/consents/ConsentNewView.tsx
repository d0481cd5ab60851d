import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { createConsent, getConsent, getConsentTemplate } from '../../api/consents';
import { getBusiness, listBusinesses } from '../../api/registry';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { zoneDay } from '../../format/datetime';


/**
 * An officer drafts a consent: business → site → devices, the terms (prefilled, editable) and
 * the validity. `?amends=<id>` prefills from the consent in force and amends it.
 */
export function ConsentNewView() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const amendsId = params.get('amends');
  const amends = useApiQuery(amendsId ? `consent:${amendsId}` : null, (signal) => getConsent(amendsId!, signal));
  const [q, setQ] = useState('');
  const [businessId, setBusinessId] = useState(params.get('businessId') ?? '');
  const [siteId, setSiteId] = useState(params.get('siteId') ?? '');
  const [deviceIds, setDeviceIds] = useState<string[]>([]);
  const today = new Date();
  const [form, setForm] = useState({
    purpose: t('consent.defaults.purpose'),
    retention: t('consent.defaults.retention'),
    viewers: t('consent.defaults.viewers'),
    extraTerms: '',
    validFrom: zoneDay(today),
    validUntil: zoneDay(new Date(today.getTime() + 365 * 86400_000)),
  });
  const submit = useSubmit();
  // 分析内容 is not typed: it is what the platform's rules and model can do (GET /api/consents/template).
  const template = useApiQuery('consent-template', (signal) => getConsentTemplate(signal));

  useEffect(() => {
    const a = amends.data;
    if (!a) return;
    setBusinessId(a.businessId);
    setSiteId(a.siteId);
    setDeviceIds(a.devices.map((d) => d.deviceId));
    setForm({ purpose: a.purpose, retention: a.retention, viewers: a.viewers, extraTerms: a.extraTerms, validFrom: zoneDay(new Date()), validUntil: a.validUntil });
  }, [amends.data]);

  const found = useApiQuery(q.trim().length >= 1 && !amendsId ? `biz-search:${q}` : null, (signal) => listBusinesses({ q: q.trim(), category: '', status: 'active', limit: 10, offset: 0 }, signal));
  const business = useApiQuery(businessId ? `business:${businessId}` : null, (signal) => getBusiness(businessId, signal));
  const sites = (business.data?.sites ?? []).filter((s) => s.status === 'active');
  const site = sites.find((s) => s.id === siteId);
  const devices = (site?.devices ?? []).filter((d) => d.status !== 'retired');

  function set<K extends keyof typeof form>(k: K, v: string) {
    setForm((f) => ({ ...f, [k]: v }));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!siteId || deviceIds.length === 0) {
      submit.fail(t('consent.devicesRequired'), { deviceIds: t('consent.devicesRequired') });
      return;
    }
    const r = await submit.run(() => createConsent({ siteId, deviceIds, ...form, amendsId }));
    if (r.ok) navigate(`/consents/${r.value.id}`);
  }

  if (amendsId && amends.loading && !amends.data) return <Loading />;
  const text = (k: 'purpose' | 'retention' | 'viewers' | 'extraTerms', rows = 2) => {
    const err = submit.fieldError(k);
    return (
      <Field id={`c-${k}`} label={t(`consent.${k}`)} field={k} error={err} required={k !== 'extraTerms'}>
        <textarea {...describedBy(`c-${k}`, err)} name={k} rows={rows} maxLength={k === 'extraTerms' ? 2000 : 1000} value={form[k]} onChange={(e) => set(k, e.target.value)} />
      </Field>
    );
  };

  return (
    <section>
      <h1>{amends.data ? t('consent.amendTitle', { ref: amends.data.ref }) : t('consent.newTitle')}</h1>
      <p className="muted">{t('consent.previewHint')}</p>
      <form onSubmit={onSubmit} noValidate className="card">
        <ErrorBanner error={submit.error} />
        {!amendsId && (
          <Field id="c-business-q" label={t('consent.chooseBusiness')} field="business" required>
            <input id="c-business-q" type="search" name="businessSearch" placeholder={t('consent.businessPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
            {found.data && (
              <select
                name="businessId"
                aria-label={t('consent.chooseBusiness')}
                value={businessId}
                onChange={(e) => {
                  setBusinessId(e.target.value);
                  setSiteId('');
                  setDeviceIds([]);
                }}
              >
                <option value="">—</option>
                {found.data.items.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                    {t('sweep.open')}
                    {b.creditCode}
                    {t('sweep.close')}
                  </option>
                ))}
              </select>
            )}
            {business.data && !found.data && (
              <p className="muted small" data-testid="chosen-business">
                {t('consent.chosenBusiness', { name: business.data.name, code: business.data.creditCode })}
              </p>
            )}
          </Field>
        )}
        {business.data && (
          <Field id="c-site" label={t('consent.chooseSite')} field="siteId" error={submit.fieldError('siteId')} required>
            <select id="c-site" name="siteId" value={siteId} disabled={!!amendsId} onChange={(e) => { setSiteId(e.target.value); setDeviceIds([]); }}>
              <option value="">—</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {t('sweep.open')}
                  {s.address}
                  {t('sweep.close')}
                </option>
              ))}
            </select>
          </Field>
        )}
        {site && (
          <fieldset className="field" data-testid="consent-devices">
            <legend>{t('consent.chooseDevices')}</legend>
            {devices.length === 0 && <p className="muted">{t('consent.noDevices')}</p>}
            {devices.map((d) => (
              <label key={d.id} className="statement">
                <input type="checkbox" name="deviceIds" value={d.id} checked={deviceIds.includes(d.id)} onChange={(e) => setDeviceIds((ids) => (e.target.checked ? [...ids, d.id] : ids.filter((x) => x !== d.id)))} />
                <span>
                  <strong>{d.name}</strong> · {t(`deviceKind.${d.kind}`)} · {t(`mobility.${d.mobility}`)} · {d.pointsAt || '—'} · {d.coverage || '—'} · {t('consent.audio')}
                  {t('sweep.colon')}
                  {d.recordsAudio ? t('common.yes') : t('common.no')}
                </span>
              </label>
            ))}
            {submit.fieldError('deviceIds') && <p className="field-error" data-testid="error-deviceIds">{submit.fieldError('deviceIds')}</p>}
          </fieldset>
        )}
        {text('purpose')}
        <div className="field" data-testid="consent-analysis">
          <p>
            <strong>{t('consent.analysis')}</strong>
          </p>
          {template.data ? (
            <>
              <p className="readonly-text">{i18n.language === 'en' ? template.data.analysisEn : template.data.analysis}</p>
              <p className="muted small">
                {t('consentLegal.analysisDerived')} {t('consentLegal.templateVersion', { version: template.data.templateVersion })}
              </p>
            </>
          ) : template.error ? (
            <ErrorBanner error={template.error} />
          ) : (
            <p className="muted">{t('consentLegal.analysisLoading')}</p>
          )}
          {amends.data && template.data && amends.data.analysis !== template.data.analysis && <p className="muted small">{t('consentLegal.amendedAnalysis', { text: amends.data.analysis })}</p>}
        </div>
        {text('retention')}
        {text('viewers')}
        {text('extraTerms', 3)}
        <div className="grid-2">
          <Field id="c-from" label={t('consent.validFrom')} field="validFrom" error={submit.fieldError('validFrom')} required>
            <input id="c-from" type="date" name="validFrom" value={form.validFrom} onChange={(e) => set('validFrom', e.target.value)} />
          </Field>
          <Field id="c-until" label={t('consent.validUntil')} field="validUntil" error={submit.fieldError('validUntil')} required>
            <input id="c-until" type="date" name="validUntil" value={form.validUntil} onChange={(e) => set('validUntil', e.target.value)} />
          </Field>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => navigate(-1)}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={submit.busy || !template.data}>
            {submit.busy ? t('common.saving') : t('consent.saveDraft')}
          </button>
        </div>
      </form>
    </section>
  );
}
