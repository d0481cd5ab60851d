import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSPECTION_RESULTS, recordInspectionResult, type InspectionItem, type InspectionResult } from '../../api/inspection';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { zoneDay } from '../../format/datetime';
import { useSubmit } from '../../hooks/use-submit';

/** A paired officer records what the inspection found (issue 16 item 2). */
export function ResultForm({ item, onSaved }: { item: InspectionItem; onSaved: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [form, setForm] = useState({ result: (item.result ?? 'no_problem') as InspectionResult, note: item.note ?? '', inspectedOn: item.inspectedOn ?? zoneDay(), selfReportId: item.selfReportId ?? '' });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const id = `ir-${item.id}`;
  return (
    <form
      className="inspection-form"
      data-testid="inspection-result-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit
          .run(() => recordInspectionResult(item.id, { result: form.result, note: form.note.trim() || null, inspectedOn: form.inspectedOn, selfReportId: form.result === 'document_review' && form.selfReportId.trim() ? form.selfReportId.trim() : null, expectedVersion: item.version }))
          .then((r) => r.ok && onSaved());
      }}
    >
      <ErrorBanner error={submit.error} />
      <div className="inspection-row">
        <Field id={`${id}-result`} label={t('inspection.record.result')} field="result" error={submit.fieldError('result')} required>
          <select id={`${id}-result`} value={form.result} onChange={(e) => set({ result: e.target.value as InspectionResult })}>
            {INSPECTION_RESULTS.map((r) => (
              <option key={r} value={r}>
                {t(`inspection.result.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-on`} label={t('inspection.record.inspectedOn')} field="inspectedOn" error={submit.fieldError('inspectedOn')} required>
          <input id={`${id}-on`} type="date" value={form.inspectedOn} max={zoneDay()} onChange={(e) => set({ inspectedOn: e.target.value })} required />
        </Field>
      </div>
      <Field id={`${id}-note`} label={t('inspection.record.note')} field="note" error={submit.fieldError('note')} required={form.result === 'problems_found' || form.result === 'rectification_ordered'}>
        <textarea id={`${id}-note`} rows={2} maxLength={2000} value={form.note} onChange={(e) => set({ note: e.target.value })} />
      </Field>
      {form.result === 'document_review' && (
        <Field id={`${id}-sr`} label={t('inspection.record.selfReportId')} field="selfReportId" error={submit.fieldError('selfReportId')}>
          <input id={`${id}-sr`} value={form.selfReportId} onChange={(e) => set({ selfReportId: e.target.value })} />
        </Field>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('inspection.record.submit')}
        </button>
      </div>
    </form>
  );
}
