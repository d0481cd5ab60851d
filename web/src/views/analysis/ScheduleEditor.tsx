import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule, ScheduleWindow } from '../../api/analysis';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** First "HH:MM–HH:MM" in a site's free-text opening hours (e.g. "每日 08:00–22:00"), as a window for every day. */
export function windowFromOpeningHours(text: string | undefined): ScheduleWindow | null {
  const m = /(\d{1,2})\s*[:：]\s*(\d{2})\s*[-–—~～至到]+\s*(\d{1,2})\s*[:：]\s*(\d{2})/.exec(text ?? '');
  if (!m) return null;
  const hm = (h: string, min: string) => `${h.padStart(2, '0')}:${min}`;
  const from = hm(m[1], m[2]);
  const to = hm(m[3], m[4]);
  const ok = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
  return ok(from) && ok(to) ? { days: [...DAYS], from, to } : null;
}

type Props = { value: Schedule; onChange(s: Schedule): void; openingHours?: string; error?: string };

/** When a rule applies: always, or only inside / only outside weekly time windows. */
export function ScheduleEditor({ value, onChange, openingHours, error }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const fromHours = windowFromOpeningHours(openingHours);
  const setWindow = (i: number, w: ScheduleWindow) => onChange({ ...value, windows: value.windows.map((x, j) => (j === i ? w : x)) });

  return (
    <fieldset className="schedule">
      <legend>{t('analysis.schedule')}</legend>
      <div className="radio-row">
        {(['always', 'inside', 'outside'] as const).map((mode) => (
          <label key={mode} className="check">
            <input type="radio" name={`${id}-mode`} value={mode} checked={value.mode === mode} onChange={() => onChange({ ...value, mode, windows: mode !== 'always' && value.windows.length === 0 ? [fromHours ?? { days: [...DAYS], from: '08:00', to: '18:00' }] : value.windows })} />
            {t(`analysis.scheduleModes.${mode}`)}
          </label>
        ))}
      </div>
      {value.mode !== 'always' && (
        <>
          {value.windows.map((w, i) => (
            <div key={i} className="window-row" role="group" aria-label={t('analysis.window', { n: i + 1 })}>
              <div className="days" role="group" aria-label={t('analysis.daysLabel')}>
                {DAYS.map((d) => (
                  <label key={d} className="day">
                    <input type="checkbox" checked={w.days.includes(d)} onChange={(e) => setWindow(i, { ...w, days: e.target.checked ? [...w.days, d].sort((a, b) => a - b) : w.days.filter((x) => x !== d) })} />
                    <span>{t(`analysis.days.${d}`)}</span>
                  </label>
                ))}
              </div>
              <label>
                {t('analysis.from')} <input type="time" value={w.from} required onChange={(e) => setWindow(i, { ...w, from: e.target.value })} />
              </label>
              <label>
                {t('analysis.to')} <input type="time" value={w.to} required onChange={(e) => setWindow(i, { ...w, to: e.target.value })} />
              </label>
              <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => onChange({ ...value, windows: value.windows.filter((_, j) => j !== i) })}>
                {t('analysis.removeWindow')}
              </button>
            </div>
          ))}
          <div className="actions actions-start">
            {value.windows.length < 14 && (
              <button type="button" className="btn btn-small" onClick={() => onChange({ ...value, windows: [...value.windows, { days: [...DAYS], from: '08:00', to: '18:00' }] })}>
                + {t('analysis.addWindow')}
              </button>
            )}
            {fromHours && (
              <button type="button" className="btn btn-small" onClick={() => onChange({ ...value, windows: [fromHours] })}>
                {t('analysis.useOpeningHours', { hours: openingHours })}
              </button>
            )}
          </div>
          <p className="small muted">
            {t('analysis.timeZone')}: {value.timeZone}
          </p>
        </>
      )}
      {error && (
        <p className="field-error" data-testid="error-schedule">
          {error}
        </p>
      )}
    </fieldset>
  );
}
