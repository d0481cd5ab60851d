import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listAgencies } from '../../api/registry';
import { CATEGORIES, inspectionRotation, recomputeRotation, type Category } from '../../api/inspection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { formatDateTime, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';
import './inspection.css';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** 轮换检查计划 (002 §5): the month × business calendar of a region, category and year; the unit head recomputes it. */
export function RotationView() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  // '' = every category: each business on its own category's plan (002 第五条 judges coverage per category).
  const [sel, setSel] = useState({ agencyId: user.agencyId ?? '', category: 'public_place' as Category | null, year: Number(zoneDay().slice(0, 4)) });
  const key = sel.agencyId ? `inspection-rotation-${sel.agencyId}-${sel.category ?? 'all'}-${sel.year}` : null;
  const q = useApiQuery(key, (signal) => inspectionRotation(sel, signal));
  const submit = useSubmit();
  useEffect(() => {
    document.title = `${t('inspection.rotation.title')} · ${t('app.name')}`;
  }, [t]);
  const r = q.data;
  return (
    <section className="inspection">
      <p className="small">
        <Link to="/inspection">← {t('inspection.back')}</Link>
      </p>
      <h1>{t('inspection.rotation.title')}</h1>
      <p className="muted">{t('inspection.rotation.intro')}</p>
      {sel.category === null && <p className="hint">{t('inspection.rotation.allHint')}</p>}
      <div className="inspection-row">
        <Field id="rot-agency" label={t('inspection.agency')} field="agencyId">
          <select id="rot-agency" value={sel.agencyId} onChange={(e) => setSel({ ...sel, agencyId: e.target.value })}>
            <option value="" />
            {agencies.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rot-category" label={t('inspection.category')} field="category">
          <select id="rot-category" value={sel.category ?? ''} onChange={(e) => setSel({ ...sel, category: (e.target.value || null) as Category | null })}>
            <option value="">{t('inspection.allCategories')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rot-year" label={t('inspection.rotation.year')} field="year">
          <input id="rot-year" type="number" min={2000} max={2100} value={sel.year} onChange={(e) => setSel({ ...sel, year: Number(e.target.value) })} />
        </Field>
      </div>
      <ErrorBanner error={q.error ?? submit.error} />
      {can(user, 'inspection.plan') && sel.agencyId && (
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={submit.busy} onClick={() => void submit.run(() => recomputeRotation(sel)).then((res) => res.ok && q.reload())}>
            {t('inspection.rotation.recompute')}
          </button>
        </div>
      )}
      {q.loading && !r && <Loading />}
      {r && r.revisions.length === 0 && <EmptyState title={t('inspection.rotation.empty')} />}
      {r && r.revisions.length > 0 && (
        <section className="card">
          <h2>
            {r.agency.name} · {r.category ? t(`category.${r.category}`) : t('inspection.allCategories')} · {r.year}
            {r.revision !== null && ` · ${t('inspection.rotation.revision', { n: r.revision })}`}
          </h2>
          <p className="muted small">{formatDateTime(r.computedAt, i18n.language)}</p>
          <div className="rotation-scroll">
            <table className="rotation-table" data-testid="rotation-calendar">
              <thead>
                <tr>
                  <th>{t('inspection.rotation.business')}</th>
                  {MONTHS.map((m) => (
                    <th key={m}>{t('inspection.rotation.month', { m })}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.entries.map((e) => (
                  <tr key={e.businessId}>
                    <td>
                      {e.businessName} <span className="muted small">{r.category ? t(`inspection.stratum.${e.stratum}`) : `${t(`category.${e.category}`)} · ${t(`inspection.stratum.${e.stratum}`)}`}</span>
                    </td>
                    {MONTHS.map((m) => (
                      <td key={m} className={e.months.includes(m) ? 'rotation-visit' : undefined}>
                        {e.months.includes(m) ? '●' : ''}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr>
                  <td>{t('inspection.rotation.load')}</td>
                  {r.load.map((n, m) => (
                    <td key={m}>{n}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <h3>{t('inspection.rotation.history')}</h3>
          <ul className="small">
            {r.revisions.map((v) => (
              <li key={`${v.category}-${v.revision}`}>
                {r.category ? '' : `${t(`category.${v.category}`)} · `}
                {t('inspection.rotation.revision', { n: v.revision })} · {formatDateTime(v.computedAt, i18n.language)} · {t('inspection.rotation.joined', { n: v.joined.length })} · {t('inspection.rotation.left', { n: v.left.length })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
