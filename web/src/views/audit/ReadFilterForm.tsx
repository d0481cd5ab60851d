import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadFilter } from '../../api/audit-log';
import { auditLogZh } from '../../i18n/audit-log.zh-CN';

export const KEYS = ['person', 'kind', 'id', 'sha256', 'device', 'case', 'business', 'action', 'outcome', 'from', 'to'] as const;
const KINDS = Object.keys(auditLogZh.kinds);
const ACTIONS = Object.keys(auditLogZh.actions);

/** `2026-12-05T10:30` (the browser's local time, as a datetime-local input holds it) ⇄ an ISO instant. */
const toLocal = (iso?: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The audit log's filter: person, record, hash, device, case, business, action, outcome and period. */
export function ReadFilterForm({ initial, onSearch }: { initial: ReadFilter; onSearch: (f: ReadFilter, e?: FormEvent) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<ReadFilter>(initial);
  const set = (k: keyof ReadFilter) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value || undefined }));
  const text = (k: 'person' | 'id' | 'sha256' | 'device' | 'case' | 'business', label: string, max: number) => (
    <div className="field">
      <label htmlFor={`audit-${k}`}>{label}</label>
      <input id={`audit-${k}`} value={f[k] ?? ''} maxLength={max} onChange={set(k)} />
    </div>
  );
  return (
    <form className="card" aria-label={t('auditLog.filters')} data-testid="audit-filter" onSubmit={(e) => onSearch(f, e)}>
      <div className="grid-3">
        {text('person', t('auditLog.person'), 100)}
        <div className="field">
          <label htmlFor="audit-kind">{t('auditLog.kind')}</label>
          <select id="audit-kind" value={f.kind ?? ''} onChange={set('kind')}>
            <option value="">{t('auditLog.anyKind')}</option>
            {KINDS.map((k) => <option key={k} value={k}>{t(`auditLog.kinds.${k}`)}</option>)}
          </select>
        </div>
        {text('id', t('auditLog.recordId'), 200)}
        {text('sha256', t('auditLog.sha256'), 64)}
        {text('device', t('auditLog.device'), 36)}
        {text('case', t('auditLog.case'), 36)}
        {text('business', t('auditLog.business'), 36)}
        <div className="field">
          <label htmlFor="audit-action">{t('auditLog.action')}</label>
          <select id="audit-action" value={f.action ?? ''} onChange={set('action')}>
            <option value="">{t('auditLog.anyAction')}</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{t(`auditLog.actions.${a}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">{t('auditLog.outcome')}</label>
          <select id="audit-outcome" value={f.outcome ?? ''} onChange={set('outcome')}>
            <option value="">{t('auditLog.anyOutcome')}</option>
            <option value="served">{t('auditLog.outcomes.served')}</option>
            <option value="denied">{t('auditLog.outcomes.denied')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('auditLog.from')}</label>
          <input id="audit-from" type="datetime-local" value={toLocal(f.from)} onChange={(e) => setF((x) => ({ ...x, from: toIso(e.target.value) }))} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('auditLog.to')}</label>
          <input id="audit-to" type="datetime-local" value={toLocal(f.to)} onChange={(e) => setF((x) => ({ ...x, to: toIso(e.target.value) }))} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" data-testid="audit-search">{t('auditLog.search')}</button>
        <button type="button" className="btn" onClick={() => (setF({}), onSearch({}))}>{t('auditLog.reset')}</button>
      </div>
    </form>
  );
}
