import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Opening, StaffMember } from '../../api/cases';
import { Field, describedBy } from '../../components/Field';
import type { SubmitState } from '../../hooks/use-submit';
import { OfficerPicker } from './People';

export type OpeningValues = { cause: string; category: string; investigatorIds: string[]; partyKind: 'organisation' | 'person'; summary: string; headId: string; headOpinion: string };
export const emptyOpening = (me: string | null): OpeningValues => ({ cause: '', category: '', investigatorIds: me ? [me] : [], partyKind: 'organisation', summary: '', headId: '', headOpinion: '' });

/** The heads who may be named (managers of the agency or above, as /api/cases/staff lists them). */
export const headsOf = (staff: StaffMember[]) => staff.filter((s) => s.role === 'manager');

/** The checks before sending (the server checks again: officers, certificates, scope). */
export function openingProblems(t: TFunction, v: OpeningValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.investigatorIds.length < 2) out.investigatorIds = t('cases.problem.officers', { n: 2 });
  if (!v.cause.trim()) out.cause = t('cases.problem.required', { label: t('cases.file.cause') });
  if (!v.category.trim()) out.category = t('cases.problem.required', { label: t('cases.file.category') });
  if (!v.summary.trim()) out.summary = t('cases.problem.required', { label: t('cases.file.summary') });
  if (!v.headId) out.headId = t('cases.problem.required', { label: t('cases.file.head') });
  if (!v.headOpinion.trim()) out.headOpinion = t('cases.problem.required', { label: t('cases.file.headOpinion') });
  return out;
}

export const openingBody = (v: OpeningValues): Omit<Opening, 'procedure'> => ({
  cause: v.cause.trim(),
  category: v.category.trim(),
  investigatorIds: v.investigatorIds,
  partyKind: v.partyKind,
  summary: v.summary.trim(),
  headId: v.headId,
  headOpinion: v.headOpinion.trim(),
});

/** What every case opens with (案件受理记录): investigators, category, cause, party, summary, the head's opinion. */
export function OpeningFields({ values, onChange, staff, submit }: { values: OpeningValues; onChange(v: OpeningValues): void; staff: StaffMember[]; submit: SubmitState }) {
  const { t } = useTranslation();
  const set = (patch: Partial<OpeningValues>) => onChange({ ...values, ...patch });
  const err = (f: string) => submit.fieldError(f);
  const heads = headsOf(staff);
  // One head to name: named already (the officer still confirms the opinion he gave).
  const only = heads.length === 1 ? heads[0].id : '';
  useEffect(() => {
    if (only && !values.headId) onChange({ ...values, headId: only });
  }, [only, values, onChange]);
  return (
    <>
      <OfficerPicker staff={staff} chosen={values.investigatorIds} onChange={(ids) => set({ investigatorIds: ids })} error={err('investigatorIds')} legend={t('cases.file.investigators')} field="investigatorIds" />
      <div className="grid-2">
        <Field id="open-cause" label={t('cases.file.cause')} field="cause" error={err('cause')} required>
          <input {...describedBy('open-cause', err('cause'))} name="cause" maxLength={500} value={values.cause} onChange={(e) => set({ cause: e.target.value })} />
        </Field>
        <Field id="open-category" label={t('cases.file.category')} field="category" error={err('category')} hint={t('cases.file.categoryHint')} required>
          <input {...describedBy('open-category', err('category'), true)} name="category" maxLength={4} value={values.category} onChange={(e) => set({ category: e.target.value })} />
        </Field>
      </div>
      <Field id="open-party" label={t('cases.file.partyKind')} field="partyKind" error={err('partyKind')}>
        <select id="open-party" name="partyKind" value={values.partyKind} onChange={(e) => set({ partyKind: e.target.value as OpeningValues['partyKind'] })}>
          <option value="organisation">{t('cases.partyKind.organisation')}</option>
          <option value="person">{t('cases.partyKind.person')}</option>
        </select>
      </Field>
      <Field id="open-summary" label={t('cases.file.summary')} field="summary" error={err('summary')} required>
        <textarea {...describedBy('open-summary', err('summary'))} name="summary" rows={4} value={values.summary} onChange={(e) => set({ summary: e.target.value })} />
      </Field>
      <Field id="open-head-id" label={t('cases.file.head')} field="headId" error={err('headId')} hint={t('cases.file.headHint')} required>
        <select {...describedBy('open-head-id', err('headId'), true)} name="headId" value={values.headId} onChange={(e) => set({ headId: e.target.value })}>
          <option value="">{t('cases.ws.chooseStaff')}</option>
          {heads.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name} · {h.agencyName}
            </option>
          ))}
        </select>
      </Field>
      <Field id="open-head" label={t('cases.file.headOpinion')} field="headOpinion" error={err('headOpinion')} required>
        <textarea {...describedBy('open-head', err('headOpinion'))} name="headOpinion" rows={2} value={values.headOpinion} onChange={(e) => set({ headOpinion: e.target.value })} />
      </Field>
    </>
  );
}
