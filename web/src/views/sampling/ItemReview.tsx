import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewSampleItem, type Check, type CheckResult, type SampleItem } from '../../api/sampling';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';

const RESULTS: readonly CheckResult[] = ['pass', 'fail', 'na'];

/** The checklist of one sampled item (002-音像 §33–§34): pass / fail / not applicable each, a failed check says what is wrong. */
export function ItemReview({ item, checks, onSaved }: { item: SampleItem; checks: Check[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const submit = useSubmit();
  const [results, setResults] = useState<Record<string, { result: CheckResult | ''; note: string }>>(() =>
    Object.fromEntries(checks.map((c) => [c.code, { result: item.results?.[c.code]?.result ?? '', note: item.results?.[c.code]?.note ?? '' }])),
  );
  const [note, setNote] = useState(item.note ?? '');
  const set = (code: string, patch: Partial<{ result: CheckResult; note: string }>) => setResults({ ...results, [code]: { ...results[code], ...patch } });

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(results).map(([code, r]) => [code, { result: r.result as CheckResult, note: r.note.trim() || null }]));
    const r = await submit.run(() => reviewSampleItem(item.id, { results: body, note: note.trim() || null, expectedVersion: item.version }));
    if (r.ok) onSaved();
  }

  return (
    <form className="sampling-review" onSubmit={(e) => void save(e)} data-testid="item-review">
      <ErrorBanner error={submit.error} />
      {checks.map((c) => {
        const r = results[c.code];
        const error = submit.fieldError(`results.${c.code}.note`) ?? submit.fieldError(`results.${c.code}`);
        return (
          <fieldset key={c.code} className={`sampling-check${error ? ' field-invalid' : ''}`} data-field={`results-${c.code}-note`} data-check={c.code}>
            <legend>
              {i18n.language === 'en' ? c.en : c.zh} <span className="muted small">({t('sampling.basis')}: {c.basis})</span>
            </legend>
            <div className="sampling-choices" role="radiogroup">
              {RESULTS.map((v) => (
                <label key={v} className="check">
                  <input type="radio" name={`${item.id}-${c.code}`} value={v} checked={r.result === v} onChange={() => set(c.code, { result: v })} required /> {t(`sampling.result.${v}`)}
                </label>
              ))}
            </div>
            {(r.result === 'fail' || r.note) && (
              <input aria-label={t('sampling.checkNote')} placeholder={t('sampling.checkNote')} value={r.note} maxLength={1000} onChange={(e) => set(c.code, { note: e.target.value })} required={r.result === 'fail'} />
            )}
            {error && <p className="field-error">{error}</p>}
          </fieldset>
        );
      })}
      <label className="sampling-note">
        {t('sampling.itemNote')}
        <textarea value={note} maxLength={2000} rows={2} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary btn-small" disabled={submit.busy}>
        {t('sampling.save')}
      </button>
    </form>
  );
}
