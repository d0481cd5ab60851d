import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inspectionOfficers, type Category } from '../../api/inspection';
import { listBusinesses } from '../../api/registry';
import { Field } from '../../components/Field';
import { useApiQuery } from '../../hooks/use-api-query';

/** One declared recusal as typed: an officer of the plan's region, a business, the reason. */
export type RecusalDraft = { officerId: string; businessId: string; reason: string };
export const emptyRecusal = (): RecusalDraft => ({ officerId: '', businessId: '', reason: '' });

/**
 * The problems of the rows, by the request's field path (`recusals.0.reason`), in the user's
 * language: a row begun must be finished (the reason says why, 行政处罚法 art. 43), and one officer
 * is declared once per business. Empty rows are dropped, not sent.
 */
export function recusalProblems(rows: readonly RecusalDraft[], t: (key: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (!r.officerId && !r.businessId && !r.reason.trim()) return;
    if (!r.officerId) out[`recusals.${i}.officerId`] = t('inspection.recusal.officerMissing');
    if (!r.businessId) out[`recusals.${i}.businessId`] = t('inspection.recusal.businessMissing');
    if (!r.reason.trim()) out[`recusals.${i}.reason`] = t('inspection.recusal.reasonMissing');
    const key = `${r.officerId}|${r.businessId}`;
    if (r.officerId && r.businessId && seen.has(key)) out[`recusals.${i}.businessId`] = t('inspection.recusal.twice');
    seen.add(key);
  });
  return out;
}

type Props = { agencyId: string; category: Category | ''; rows: RecusalDraft[]; onChange: (rows: RecusalDraft[]) => void; fieldError: (path: string) => string | undefined };

/**
 * 回避 (行政处罚法 art. 43) declared when the plan is made: repeatable rows, each an officer of the
 * region who may be paired (the frame the commit freezes) and a business searched by name; the draw
 * never pairs that officer on that business.
 */
export function RecusalRows({ agencyId, category, rows, onChange, fieldError }: Props) {
  const { t } = useTranslation();
  const officers = useApiQuery(agencyId ? `inspection-officers-${agencyId}` : null, (signal) => inspectionOfficers(agencyId, signal));
  const set = (i: number, patch: Partial<RecusalDraft>) => onChange(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="inspection-recusals" data-testid="inspection-recusals">
      <legend>{t('inspection.recusal.title')}</legend>
      <p className="hint">{t('inspection.recusal.hint')}</p>
      {rows.map((r, i) => (
        <div key={i} className="inspection-recusal" data-testid={`recusal-${i}`}>
          <div className="inspection-row">
            <Field id={`rc-${i}-officer`} label={t('inspection.recusal.officer')} field={`recusals-${i}-officerId`} error={fieldError(`recusals.${i}.officerId`)} required>
              <select id={`rc-${i}-officer`} value={r.officerId} onChange={(e) => set(i, { officerId: e.target.value })} disabled={!agencyId}>
                <option value="">{agencyId ? '' : t('inspection.recusal.agencyFirst')}</option>
                {officers.data?.items.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}（{o.agencyName}）
                  </option>
                ))}
              </select>
            </Field>
            <BusinessPicker i={i} agencyId={agencyId} category={category} value={r.businessId} onPick={(businessId) => set(i, { businessId })} error={fieldError(`recusals.${i}.businessId`) ?? fieldError(`recusals.${i}`)} />
          </div>
          <Field id={`rc-${i}-reason`} label={t('inspection.recusal.reason')} field={`recusals-${i}-reason`} error={fieldError(`recusals.${i}.reason`)} required>
            <input id={`rc-${i}-reason`} value={r.reason} maxLength={200} onChange={(e) => set(i, { reason: e.target.value })} />
          </Field>
          <button type="button" className="btn btn-small" onClick={() => onChange(rows.filter((_, k) => k !== i))}>
            {t('inspection.recusal.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onChange([...rows, emptyRecusal()])}>
        {t('inspection.recusal.add')}
      </button>
    </fieldset>
  );
}

/** A business of the region (and category) found by name: a search box and the matches to pick from. */
function BusinessPicker({ i, agencyId, category, value, onPick, error }: { i: number; agencyId: string; category: Category | ''; value: string; onPick: (id: string) => void; error?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = text.trim();
  const found = useApiQuery(agencyId && q ? `inspection-recusal-business-${agencyId}-${category}-${q}` : null, (signal) =>
    listBusinesses({ q, regionId: agencyId, category: category || undefined, status: 'active', limit: 20, offset: 0 }, signal),
  );
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const options = [...(picked && picked.id === value ? [picked] : []), ...(found.data?.items ?? []).filter((b) => b.id !== picked?.id).map((b) => ({ id: b.id, name: b.name }))];
  return (
    <Field id={`rc-${i}-business`} label={t('inspection.recusal.business')} field={`recusals-${i}-businessId`} error={error} required>
      <input id={`rc-${i}-search`} type="search" value={text} placeholder={t('inspection.recusal.search')} aria-label={t('inspection.recusal.search')} onChange={(e) => setText(e.target.value)} disabled={!agencyId} />
      <select
        id={`rc-${i}-business`}
        value={value}
        onChange={(e) => {
          const b = options.find((o) => o.id === e.target.value);
          setPicked(b ?? null);
          onPick(e.target.value);
        }}
        disabled={!agencyId}
      >
        <option value="">{q && found.data && !found.data.items.length ? t('inspection.recusal.noMatch') : ''}</option>
        {options.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
