import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { listAgencies } from '../../api/registry';
import { CATEGORIES, createInspectionPlan, inspectionPlans, type Category } from '../../api/inspection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { shiftDay, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import { RecusalRows, recusalProblems, type RecusalDraft } from './RecusalRows';
import './inspection.css';

/** 随机抽查: the plans of one's agency subtree, newest first; the unit head makes a new one. */
export function InspectionPlansView() {
  const { t } = useTranslation();
  const user = useUser();
  const q = useApiQuery('inspection-plans', (signal) => inspectionPlans(signal));
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    document.title = `${t('inspection.title')} · ${t('app.name')}`;
  }, [t]);
  const items = q.data?.items ?? [];
  return (
    <section className="inspection">
      <div className="page-head">
        <h1>{t('inspection.title')}</h1>
        {!creating && can(user, 'inspection.plan') && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('inspection.newPlan')}
          </button>
        )}
      </div>
      <p className="muted">{t('inspection.intro')}</p>
      <p className="small">
        <Link to="/inspection/rotation">{t('inspection.rotation.title')}</Link>
        {can(user, 'inspection.record') && (
          <>
            {' · '}
            <Link to="/inspection/mine">{t('inspection.my.title')}</Link>
          </>
        )}
      </p>
      {creating && <NewPlanForm onCancel={() => setCreating(false)} />}
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && items.length === 0 && !creating && <EmptyState title={t('inspection.empty')} />}
      <ul className="portal-list" data-testid="inspection-plans">
        {items.map((p) => (
          <li key={p.id} className="card portal-item">
            <Link to={`/inspection/${p.id}`} className="portal-item-link">
              <span className="portal-item-title">
                {p.title} <span className={`badge${p.status === 'published' ? ' badge-ok' : p.status === 'planned' ? ' badge-warn' : ''}`}>{t(`inspection.status.${p.status}`)}</span>
              </span>
              <span className="small">
                {p.agencyName} · {p.category ? t(`category.${p.category}`) : t('inspection.allCategories')}
              </span>
              <span className="muted small">
                {p.periodFrom} – {p.periodTo}
                {p.populationSize !== null && ` · ${t('inspection.population', { n: p.populationSize })}`}
                {p.items > 0 && ` · ${t('inspection.progress', { recorded: p.recorded, items: p.items })}`}
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
  const [form, setForm] = useState({ agencyId: '', title: '', category: '' as Category | '', periodFrom: today, periodTo: shiftDay(today, 90), mode: 'frequency' as 'frequency' | 'size' | 'rate', amount: '10', seedSource: '' });
  const [recusals, setRecusals] = useState<RecusalDraft[]>([]);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  async function save(e: FormEvent) {
    e.preventDefault();
    const amount = Number(form.amount);
    const problems = recusalProblems(recusals, t);
    if (Object.keys(problems).length) return submit.fail(t('inspection.recusal.invalid'), problems);
    // Rows left empty are not declarations; their positions still match the errors the server gives.
    const declared = recusals.filter((r) => r.officerId || r.businessId || r.reason.trim());
    if (declared.length !== recusals.length) setRecusals(declared);
    const r = await submit.run(() =>
      createInspectionPlan({
        agencyId: form.agencyId,
        title: form.title.trim(),
        category: form.category || null,
        periodFrom: form.periodFrom,
        periodTo: form.periodTo,
        sampleSize: form.mode === 'size' ? amount : null,
        ratePercent: form.mode === 'rate' ? amount : null,
        seedSource: form.seedSource.trim(),
        recusals: declared.map((x) => ({ ...x, reason: x.reason.trim() })),
      }),
    );
    if (r.ok) void navigate(`/inspection/${r.value.id}`);
  }

  return (
    <form className="card inspection-form" onSubmit={(e) => void save(e)} data-testid="inspection-new">
      <h2>{t('inspection.newPlan')}</h2>
      <ErrorBanner error={submit.error} />
      <Field id="ip-title" label={t('inspection.planTitle')} field="title" error={submit.fieldError('title')} required>
        <input id="ip-title" value={form.title} maxLength={200} onChange={(e) => set({ title: e.target.value })} required />
      </Field>
      <div className="inspection-row">
        <Field id="ip-agency" label={t('inspection.agency')} field="agencyId" error={submit.fieldError('agencyId')} required>
          <select id="ip-agency" value={form.agencyId} onChange={(e) => set({ agencyId: e.target.value })} required>
            <option value="" />
            {agencies.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="ip-category" label={t('inspection.category')} field="category" error={submit.fieldError('category')}>
          <select id="ip-category" value={form.category} onChange={(e) => set({ category: e.target.value as Category | '' })}>
            <option value="">{t('inspection.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="inspection-row">
        <Field id="ip-from" label={t('inspection.periodFrom')} field="periodFrom" error={submit.fieldError('periodFrom')} required>
          <input id="ip-from" type="date" value={form.periodFrom} onChange={(e) => set({ periodFrom: e.target.value })} required />
        </Field>
        <Field id="ip-to" label={t('inspection.periodTo')} field="periodTo" error={submit.fieldError('periodTo')} required>
          <input id="ip-to" type="date" value={form.periodTo} onChange={(e) => set({ periodTo: e.target.value })} required />
        </Field>
      </div>
      <div className="inspection-row">
        <Field id="ip-mode" label={t('inspection.sizeMode')} field="mode">
          <select id="ip-mode" value={form.mode} onChange={(e) => set({ mode: e.target.value as typeof form.mode })}>
            <option value="frequency">{t('inspection.byFrequency')}</option>
            <option value="size">{t('inspection.bySize')}</option>
            <option value="rate">{t('inspection.byRate')}</option>
          </select>
        </Field>
        {form.mode !== 'frequency' && (
          <Field id="ip-amount" label={form.mode === 'size' ? t('inspection.bySize') : t('inspection.byRate')} field={form.mode === 'size' ? 'sampleSize' : 'ratePercent'} error={submit.fieldError(form.mode === 'size' ? 'sampleSize' : 'ratePercent')} required>
            <input id="ip-amount" type="number" inputMode="decimal" min={form.mode === 'size' ? 1 : 0.01} max={form.mode === 'size' ? 100000 : 100} step={form.mode === 'size' ? 1 : 0.01} value={form.amount} onChange={(e) => set({ amount: e.target.value })} required />
          </Field>
        )}
      </div>
      <Field id="ip-seed" label={t('inspection.seedSource')} field="seedSource" error={submit.fieldError('seedSource')} hint={t('inspection.seedSourceHint')} required>
        <input id="ip-seed" value={form.seedSource} maxLength={500} onChange={(e) => set({ seedSource: e.target.value })} required />
      </Field>
      <RecusalRows agencyId={form.agencyId} category={form.category} rows={recusals} onChange={setRecusals} fieldError={submit.fieldError} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('inspection.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
