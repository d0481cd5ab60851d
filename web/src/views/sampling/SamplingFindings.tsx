import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addSamplingFinding, closeSamplingFinding, followUpOwners, type PlanDetail, type SamplingFinding } from '../../api/sampling';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { formatDateTime, shiftDay, zoneDay } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { useSubmit } from '../../hooks/use-submit';
import { itemTitle } from './item-title';

/** 发现问题与整改: each finding with its owner, due date and status, tracked to closure. */
export function SamplingFindings({ d, reload }: { d: PlanDetail; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const [adding, setAdding] = useState(false);
  const checkText = (code: string | null) => {
    const c = d.checks.find((x) => x.code === code);
    return c ? (i18n.language === 'en' ? c.en : c.zh) : t('sampling.finding.anyCheck');
  };
  return (
    <section className="card" data-testid="sampling-findings">
      <div className="page-head">
        <h2>{t('sampling.findings')}</h2>
        {!adding && (
          <button type="button" className="btn btn-small" onClick={() => setAdding(true)}>
            {t('sampling.finding.add')}
          </button>
        )}
      </div>
      {d.closed && <p className="banner banner-ok">{t('sampling.closed')}</p>}
      {adding && (
        <AddFinding
          d={d}
          onDone={() => {
            setAdding(false);
            reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {d.findings.length === 0 && !adding && <p className="muted">{t('sampling.noFindings')}</p>}
      <ul className="portal-list">
        {d.findings.map((f) => {
          const item = d.items.find((i) => i.id === f.itemId);
          return (
            <li key={f.id} className="card" data-finding-id={f.id}>
              <p>
                <span className={`badge${f.status === 'closed' ? ' badge-ok' : ' badge-warn'}`}>{t(`sampling.finding.status.${f.status}`)}</span> {f.description}
              </p>
              <p className="small muted">
                {item && `${item.position}. ${itemTitle(item)} · `}
                {checkText(f.checkCode)} · {t('sampling.finding.owner')} {f.ownerName} · {t('sampling.finding.due', { day: f.dueOn })}
              </p>
              {f.status === 'closed' ? (
                <p className="small">
                  {t('sampling.finding.closedAt', { at: formatDateTime(f.closedAt, i18n.language) })}: {f.closingNote}
                </p>
              ) : (
                <CloseFollowUp finding={f} onClosed={reload} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function AddFinding({ d, onDone, onCancel }: { d: PlanDetail; onDone: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const submit = useSubmit();
  const owners = useApiQuery(`sampling-owners-${d.plan.id}`, (signal) => followUpOwners(d.plan.id, signal));
  const [form, setForm] = useState({ itemId: d.items.find((i) => i.score !== null && i.score < 100)?.id ?? d.items[0]?.id ?? '', checkCode: '', description: '', ownerId: '', dueOn: shiftDay(zoneDay(), 15) });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const item = d.items.find((i) => i.id === form.itemId);
  return (
    <form
      className="sampling-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(() => addSamplingFinding(d.plan.id, { itemId: form.itemId, checkCode: form.checkCode || null, description: form.description.trim(), ownerId: form.ownerId, dueOn: form.dueOn })).then((r) => r.ok && onDone());
      }}
    >
      <ErrorBanner error={submit.error ?? owners.error} />
      <Field id="sf-item" label={t('sampling.finding.item')} field="itemId" error={submit.fieldError('itemId')} required>
        <select id="sf-item" value={form.itemId} onChange={(e) => set({ itemId: e.target.value, checkCode: '' })} required>
          {d.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.position}. {itemTitle(i)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="sf-check" label={t('sampling.finding.check')} field="checkCode" error={submit.fieldError('checkCode')}>
        <select id="sf-check" value={form.checkCode} onChange={(e) => set({ checkCode: e.target.value })}>
          <option value="">{t('sampling.finding.anyCheck')}</option>
          {d.checks
            .filter((c) => item && c.kinds.includes(item.kind))
            .map((c) => (
              <option key={c.code} value={c.code}>
                {i18n.language === 'en' ? c.en : c.zh}
              </option>
            ))}
        </select>
      </Field>
      <Field id="sf-desc" label={t('sampling.finding.description')} field="description" error={submit.fieldError('description')} required>
        <textarea id="sf-desc" rows={2} maxLength={2000} value={form.description} onChange={(e) => set({ description: e.target.value })} required />
      </Field>
      <div className="sampling-row">
        <Field id="sf-owner" label={t('sampling.finding.owner')} field="ownerId" error={submit.fieldError('ownerId')} required>
          <select id="sf-owner" value={form.ownerId} onChange={(e) => set({ ownerId: e.target.value })} required>
            <option value="" />
            {owners.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} · {u.agencyName}
              </option>
            ))}
          </select>
        </Field>
        <Field id="sf-due" label={t('sampling.finding.dueOn')} field="dueOn" error={submit.fieldError('dueOn')} required>
          <input id="sf-due" type="date" value={form.dueOn} min={zoneDay()} onChange={(e) => set({ dueOn: e.target.value })} required />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {t('sampling.finding.add')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Closes a follow-up with what was done (its owner, or an auditor/manager over the plan). */
export function CloseFollowUp({ finding, onClosed }: { finding: SamplingFinding; onClosed: () => void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [note, setNote] = useState('');
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(() => closeSamplingFinding(finding.id, note.trim(), finding.version)).then((r) => r.ok && onClosed());
      }}
    >
      <ErrorBanner error={submit.error} />
      <input aria-label={t('sampling.finding.closingNote')} placeholder={t('sampling.finding.closingNote')} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} required />
      <button type="submit" className="btn btn-small" disabled={submit.busy}>
        {t('sampling.finding.close')}
      </button>
    </form>
  );
}
