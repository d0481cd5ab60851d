import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { creditGrades } from '../../api/credit';
import { listAgencies } from '../../api/registry';
import { CATEGORIES } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Pagination } from '../../components/Pagination';
import { formatDateTime } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import './credit.css';

const PAGE = 50;
const GRADES = ['A', 'B', 'C', 'D'] as const;

/** 企业信用等级: staff's list of the businesses in their scope with their current grade, lowest score first (R13). */
export function CreditGradesView() {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState({ agencyId: '', grade: '', category: '', offset: 0 });
  const agencies = useApiQuery('agencies', (signal) => listAgencies(signal));
  const key = `credit-grades:${f.agencyId}:${f.grade}:${f.category}:${f.offset}`;
  const q = useApiQuery(key, (signal) => creditGrades({ agencyId: f.agencyId, grade: f.grade, category: f.category, page: f.offset / PAGE + 1, pageSize: PAGE }, signal));
  useEffect(() => {
    document.title = `${t('credit.listTitle')} · ${t('app.name')}`;
  }, [t]);
  const set = (patch: Partial<typeof f>) => setF({ ...f, offset: 0, ...patch });
  return (
    <section className="credit-list">
      <div className="page-head">
        <h1>{t('credit.listTitle')}</h1>
      </div>
      <div className="filters credit-filters" role="search">
        <label className="sr-only" htmlFor="credit-agency">
          {t('credit.filterAgency')}
        </label>
        <select id="credit-agency" value={f.agencyId} onChange={(e) => set({ agencyId: e.target.value })}>
          <option value="">{t('credit.allAgencies')}</option>
          {(agencies.data?.items ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="credit-grade">
          {t('credit.filterGrade')}
        </label>
        <select id="credit-grade" value={f.grade} onChange={(e) => set({ grade: e.target.value })}>
          <option value="">{t('credit.allGrades')}</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {t('credit.gradeOf', { grade: g })}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="credit-category">
          {t('credit.filterCategory')}
        </label>
        <select id="credit-category" value={f.category} onChange={(e) => set({ category: e.target.value })}>
          <option value="">{t('credit.allCategories')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={q.error} />
      {q.loading && !q.data && <Loading />}
      {q.data && q.data.items.length === 0 && <EmptyState title={t('credit.empty')} />}
      {q.data && q.data.items.length > 0 && (
        <table className="table stack" data-testid="credit-grades">
          <thead>
            <tr>
              <th scope="col">{t('credit.business')}</th>
              <th scope="col">{t('credit.grade')}</th>
              <th scope="col">{t('credit.score')}</th>
              <th scope="col">{t('credit.agency')}</th>
              <th scope="col">{t('credit.computedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((b) => (
              <tr key={b.businessId} data-business-id={b.businessId}>
                <td data-label={t('credit.business')}>
                  <Link to={`/businesses/${b.businessId}#credit`}>{b.name}</Link> <span className="muted small">{t(`category.${b.category}`)}</span>
                </td>
                <td data-label={t('credit.grade')}>{b.grade ? <span className={`badge credit-badge-${b.grade}`}>{b.grade}</span> : <span className="muted">{t('credit.notGraded')}</span>}</td>
                <td data-label={t('credit.score')}>{b.score ?? '—'}</td>
                <td data-label={t('credit.agency')}>{b.agencyName}</td>
                <td data-label={t('credit.computedAt')}>{b.computedAt ? formatDateTime(b.computedAt, i18n.language) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.data && <Pagination total={q.data.total} limit={PAGE} offset={f.offset} onChange={(offset) => setF({ ...f, offset })} />}
    </section>
  );
}
