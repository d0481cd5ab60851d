import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listAgencies } from '../../api/registry';
import { createSamplingPlan, samplingPlans, type SampleKind } from '../../api/sampling';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { shiftDay, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import './sampling.css';

/** 记录抽查: the auditor's and unit head's plans (R13), newest first, and a new plan. */
export function SamplingPlansView() {
  const { t } = useTranslation();
  const q = useApiQuery('sampling-plans', (signal) => samplingPlans(signal));
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    document.title = `${t('sampling.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="sampling">
      <div className="page-head">
        <h1>{t('sampling.title')}</h1>
        {!creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('sampling.newPlan')}
          </button>
        )}
      </div>
      <p className="muted">{t('sampling.intro')}</p>
      <p className="small">
        <Link to="/sampling/follow-ups">{t('sampling.followUps.title')}</Link>
      </p>
      {creating && <NewPlanForm onCancel={() => setCreating(false)} />}
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && !creating && <EmptyState title={t('sampling.empty')} hint={t('sampling.emptyHint')} />}
      <ul className="portal-list" data-testid="sampling-plans">
        {items.map((p) => (
          <li key={p.id} className="card portal-item" data-plan-id={p.id}>
            <Link to={`/sampling/${p.id}`} className="portal-item-link">
              <span className="portal-item-title">
                {p.title} <span className={`badge${p.status === 'completed' ? ' badge-ok' : p.status === 'planned' ? ' badge-warn' : ''}`}>{t(`sampling.status.${p.status}`)}</span>
              </span>
              <span className="small">
                {p.agencyName} · {p.kinds.map((k) => t(`sampling.kind.${k}`)).join('、')}
              </span>
              <span className="muted small">
                {t('sampling.period')} {p.periodFrom} – {p.periodTo}
                {p.populationSize !== null && ` · ${t('sampling.population', { n: p.populationSize })}`}
                {p.status !== 'planned' && ` · ${t('sampling.progress', { reviewed: p.reviewed, items: p.items })}`}
                {p.openFindings > 0 && ` · ${t('sampling.openFindings', { n: p.openFindings })}`}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewPlanForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const submit = useSubmit();
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const today = zoneDay();
  const [form, setForm] = useState({ agencyId: '', title: '', kinds: ['case', 'recording'] as SampleKind[], periodFrom: shiftDay(today, -182), periodTo: shiftDay(today, -1), mode: 'size' as 'size' | 'rate', amount: '10', seedSource: '' });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const toggle = (k: SampleKind) => set({ kinds: form.kinds.includes(k) ? form.kinds.filter((x) => x !== k) : [...form.kinds, k] });

  async function save(e: FormEvent) {
    e.preventDefault();
    const amount = Number(form.amount);
    const r = await submit.run(() =>
      createSamplingPlan({ agencyId: form.agencyId, title: form.title.trim(), kinds: form.kinds, periodFrom: form.periodFrom, periodTo: form.periodTo, sampleSize: form.mode === 'size' ? amount : null, ratePercent: form.mode === 'rate' ? amount : null, seedSource: form.seedSource.trim() }),
    );
    if (r.ok) void navigate(`/sampling/${r.value.id}`);
  }

  return (
    <form className="card sampling-form" onSubmit={(e) => void save(e)} data-testid="sampling-new">
      <h2>{t('sampling.newPlan')}</h2>
      <ErrorBanner error={submit.error} />
      <Field id="sp-title" label={t('sampling.planTitle')} field="title" error={submit.fieldError('title')} required>
        <input id="sp-title" value={form.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} required />
      </Field>
      <Field id="sp-agency" label={t('sampling.agency')} field="agencyId" error={submit.fieldError('agencyId')} required>
        <select id="sp-agency" value={form.agencyId} onChange={(e) => set({ agencyId: e.target.value })} required>
          <option value="" />
          {agencies.data?.items.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="sp-kinds" label={t('sampling.kinds')} field="kinds" error={submit.fieldError('kinds')} hint={t('sampling.kindHint')} required>
        <div id="sp-kinds" className="sampling-choices">
          {(['case', 'recording'] as const).map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={form.kinds.includes(k)} onChange={() => toggle(k)} /> {t(`sampling.kind.${k}`)}
            </label>
          ))}
        </div>
      </Field>
      <div className="sampling-row">
        <Field id="sp-from" label={t('sampling.periodFrom')} field="periodFrom" error={submit.fieldError('periodFrom')} required>
          <input id="sp-from" type="date" value={form.periodFrom} onChange={(e) => set({ periodFrom: e.target.value })} required />
        </Field>
        <Field id="sp-to" label={t('sampling.periodTo')} field="periodTo" error={submit.fieldError('periodTo')} required>
          <input id="sp-to" type="date" value={form.periodTo} onChange={(e) => set({ periodTo: e.target.value })} required />
        </Field>
      </div>
      <div className="sampling-row">
        <Field id="sp-mode" label={t('sampling.sizeMode')} field="mode">
          <select id="sp-mode" value={form.mode} onChange={(e) => set({ mode: e.target.value as 'size' | 'rate' })}>
            <option value="size">{t('sampling.bySize')}</option>
            <option value="rate">{t('sampling.byRate')}</option>
          </select>
        </Field>
        <Field id="sp-amount" label={form.mode === 'size' ? t('sampling.sampleSize') : t('sampling.ratePercent')} field={form.mode === 'size' ? 'sampleSize' : 'ratePercent'} error={submit.fieldError(form.mode === 'size' ? 'sampleSize' : 'ratePercent')} required>
          <input id="sp-amount" type="number" inputMode="decimal" min={form.mode === 'size' ? 1 : 0.01} max={form.mode === 'size' ? 10000 : 100} step={form.mode === 'size' ? 1 : 0.01} value={form.amount} onChange={(e) => set({ amount: e.target.value })} required />
        </Field>
      </div>
      <Field id="sp-seed" label={t('sampling.seedSource')} field="seedSource" error={submit.fieldError('seedSource')} hint={t('sampling.seedSourceHint')} required>
        <input id="sp-seed" value={form.seedSource} maxLength={500} onChange={(e) => set({ seedSource: e.target.value })} required />
      </Field>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('sampling.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
