import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodError, presetOf, presetPeriod, PRESETS, type Period, type Preset } from './period';

/**
 * This month, last month, the last 30 days, this quarter, this year, or days of one's own: a
 * custom period is applied only when it makes sense, else the reason is said beside the fields.
 */
export function PeriodPicker({ value, today, onChange }: { value: Period; today: string; onChange(p: Period): void }) {
  const { t } = useTranslation();
  const current = presetOf(value, today);
  const [custom, setCustom] = useState<Period | null>(current === 'custom' ? value : null);
  const draft = custom ?? value;
  const error = custom ? periodError(custom, today) : null;

  const pick = (v: Preset | 'custom') => {
    if (v === 'custom') return setCustom(value);
    setCustom(null);
    onChange(presetPeriod(v, today));
  };

  return (
    <div className="period-picker" data-testid="period-picker">
      <label className="filter">
        <span className="sr-only">{t('dashboard.period')}</span>
        <select name="period" aria-label={t('dashboard.period')} value={custom ? 'custom' : current} onChange={(e) => pick(e.target.value as Preset | 'custom')}>
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`dashboard.preset.${p}`)}
            </option>
          ))}
          <option value="custom">{t('dashboard.preset.custom')}</option>
        </select>
      </label>
      {custom && (
        <form
          className="period-custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (!error) onChange(custom);
          }}
        >
          <label>
            {t('dashboard.from')} <input type="date" name="from" value={draft.from} max={today} onChange={(e) => setCustom({ ...draft, from: e.target.value })} />
          </label>
          <label>
            {t('dashboard.to')} <input type="date" name="to" value={draft.to} max={today} onChange={(e) => setCustom({ ...draft, to: e.target.value })} />
          </label>
          <button type="submit" className="btn btn-small" disabled={error !== null}>
            {t('dashboard.apply')}
          </button>
          {error && (
            <p className="field-error" role="alert" data-testid="period-error">
              {t(`dashboard.periodError.${error}`)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
