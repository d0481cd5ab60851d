import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FLAG_TYPES } from '../../api/analysis';
import { getHolidays, getPolicies, putHoliday, putPolicy } from '../../api/review';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { flagTypeLabel } from '../analysis/rule-labels';
import './review.css';

const CATEGORIES = ['medical', 'public_place', 'school_canteen', 'water_supply', 'other'] as const;

/**
 * For administrators: how long a flag may wait (by flag type and business category, in working
 * days or hours, and whether two officers must confirm), and the holiday calendar with the
 * weekend days worked instead (调休). Nothing is deleted: a policy is changed, a day withdrawn.
 */
export function ReviewSettingsView() {
  const { t } = useTranslation();
  return (
    <section className="review-settings">
      <h1>{t('review.settingsTitle')}</h1>
      <p className="muted">{t('review.settingsIntro')}</p>
      <Policies />
      <Holidays />
    </section>
  );
}

function Policies() {
  const { t } = useTranslation();
  const q = useApiQuery('policies', (signal) => getPolicies(signal));
  const submit = useSubmit();
  const [form, setForm] = useState({ flagType: '*', category: '*', amount: '2', unit: 'days' as 'days' | 'hours', twoPerson: false });
  const label = (type: string, category: string) => `${type === '*' ? t('review.anyType') : flagTypeLabel(t, type)} · ${category === '*' ? t('review.anyCategory') : t(`category.${category}`)}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    const n = Number(form.amount);
    const current = q.data?.items.find((p) => p.flagType === form.flagType && p.category === form.category);
    const r = await submit.run(() =>
      putPolicy({ flagType: form.flagType, category: form.category, deadlineWorkingDays: form.unit === 'days' ? n : null, deadlineHours: form.unit === 'hours' ? n : null, twoPerson: form.twoPerson, expectedVersion: current?.version }),
    );
    if (r.ok) q.reload();
  }

  return (
    <section className="card">
      <h2>{t('review.policies')}</h2>
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : (
        <table className="table dense" data-testid="policies">
          <thead>
            <tr>
              <th>{t('review.appliesTo')}</th>
              <th>{t('review.deadline')}</th>
              <th>{t('review.twoPerson')}</th>
            </tr>
          </thead>
          <tbody>
            {!q.data.items.some((p) => p.flagType === '*' && p.category === '*') && (
              <tr>
                <td>{label('*', '*')}</td>
                <td>{t('review.workingDays', { n: 2 })}</td>
                <td>{t('review.no')}</td>
              </tr>
            )}
            {q.data.items.map((p) => (
              <tr key={p.id}>
                <td>{label(p.flagType, p.category)}</td>
                <td>{p.deadlineHours !== null ? t('review.hours', { n: p.deadlineHours }) : t('review.workingDays', { n: p.deadlineWorkingDays })}</td>
                <td>{p.twoPerson ? t('review.yes') : t('review.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="filters" onSubmit={(e) => void save(e)}>
        <ErrorBanner error={submit.error} />
        <select aria-label={t('flags.type')} value={form.flagType} onChange={(e) => setForm({ ...form, flagType: e.target.value })}>
          <option value="*">{t('review.anyType')}</option>
          {FLAG_TYPES.map((x) => (
            <option key={x} value={x}>
              {flagTypeLabel(t, x)}
            </option>
          ))}
        </select>
        <select aria-label={t('review.category')} value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>
          <option value="*">{t('review.anyCategory')}</option>
          {CATEGORIES.map((x) => (
            <option key={x} value={x}>
              {t(`category.${x}`)}
            </option>
          ))}
        </select>
        <input type="number" min={1} max={form.unit === 'days' ? 60 : 720} aria-label={t('review.deadline')} value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} style={{ width: '5rem' }} />
        <select aria-label={t('review.unitLabel')} value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value as 'days' | 'hours' })}>
          <option value="days">{t('review.unitDays')}</option>
          <option value="hours">{t('review.unitHours')}</option>
        </select>
        <label>
          <input type="checkbox" checked={form.twoPerson} onChange={(e) => setForm({ ...form, twoPerson: e.target.checked })} /> {t('review.twoPerson')}
        </label>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('review.savePolicy')}
        </button>
      </form>
    </section>
  );
}

function Holidays() {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useApiQuery(`holidays:${year}`, (signal) => getHolidays(year, signal));
  const submit = useSubmit();
  const [form, setForm] = useState({ day: '', kind: 'holiday' as 'holiday' | 'workday', name: '' });

  async function save(day: string, h: { kind: 'holiday' | 'workday'; name: string; active: boolean }) {
    const r = await submit.run(() => putHoliday(day, h));
    if (r.ok) q.reload();
    return r.ok;
  }

  return (
    <section className="card">
      <h2>{t('review.holidays')}</h2>
      <div className="filters">
        <label>
          {t('review.year')} <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value) || year)} style={{ width: '6rem' }} />
        </label>
      </div>
      <ErrorBanner error={q.error ?? submit.error} />
      {q.data && q.data.items.length === 0 && <p className="muted">{t('review.noHolidays')}</p>}
      <ul className="review-earlier" data-testid="holidays">
        {q.data?.items.map((h) => (
          <li key={h.day} className={h.active ? '' : 'muted'}>
            {h.day} · {t(`review.dayKinds.${h.kind}`)} · {h.name}
            {!h.active && ` · ${t('review.withdrawn')}`}{' '}
            <button type="button" className="btn btn-quiet btn-small" onClick={() => void save(h.day, { kind: h.kind, name: h.name, active: !h.active })}>
              {h.active ? t('review.withdraw') : t('review.restore')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void save(form.day, { kind: form.kind, name: form.name.trim(), active: true }).then((ok) => ok && setForm({ ...form, day: '', name: '' }));
        }}
      >
        <input type="date" aria-label={t('review.day')} value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} required />
        <select aria-label={t('review.dayKind')} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as 'holiday' | 'workday' })}>
          <option value="holiday">{t('review.dayKinds.holiday')}</option>
          <option value="workday">{t('review.dayKinds.workday')}</option>
        </select>
        <input aria-label={t('review.dayName')} placeholder={t('review.dayName')} value={form.name} maxLength={50} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('review.addDay')}
        </button>
      </form>
    </section>
  );
}
