/**
 * The form of each stage kind, in one place (api/cases/case.schemas.ts STAGE_FIELDS is the
 * server's side of the same table): its fields with their input type, whether required, and the
 * officers and participants the stage records. Labels are i18n keys `cases.field.<name>` (hints
 * `cases.hint.<name>` where given); a new field of a stage is one line here and one label in
 * cases.zh-CN.ts / cases.en.ts. StageForm.tsx renders any of them; the server still decides.
 */
export type FieldType =
  | 'text' // one line
  | 'textarea'
  | 'boolean'
  | 'datetime'
  | 'number'
  | 'yuan' // an amount in yuan, sent as typed
  | 'select' // one of `options` (labels `cases.option.<name>.<value>`)
  | 'multi' // several of `options`
  | 'penalty' // kinds + fine + confiscation, as PenaltyInput
  | 'art58' // the four cases of 行政处罚法 art. 58
  | 'staff'; // one user of the agency (a hearing chair), by id

export type FieldSpec = {
  name: string;
  type: FieldType;
  required?: boolean;
  max?: number;
  options?: readonly string[];
  /** The initial value (else empty / false). */
  initial?: unknown;
  /** Shown (and sent) only when this holds of the form's values. */
  when?: (values: Record<string, unknown>) => boolean;
  hint?: boolean;
};

export type StageForm = {
  fields: readonly FieldSpec[];
  /** Officers with certificates who must be named (行政处罚法 art. 42): at least this many. */
  officers?: number;
  /** Participants to record (the person questioned, the panel, the heads): at least this many. */
  participants?: number;
};

export const PENALTY_KINDS = ['warning', 'fine', 'confiscation', 'licence_suspension', 'business_suspension', 'licence_revocation'] as const;
export const REVIEW_MATERIALS = ['situation', 'draft_decision', 'evidence', 'hearing_record', 'appraisal_report'] as const;
export const ART58_POINTS = ['publicInterest', 'majorRights', 'complex', 'otherLaw'] as const;

const penaltyNeeded = (v: Record<string, unknown>) => (v.outcome ?? 'penalty') === 'penalty';

export const STAGE_FORMS: Record<string, StageForm> = {
  filing: { fields: [{ name: 'report', type: 'textarea', required: true, hint: true }, { name: 'basis', type: 'textarea' }] },
  filing_approval: { fields: [{ name: 'opinion', type: 'textarea', required: true, initial: '同意立案。' }] },
  filing_refusal: { fields: [{ name: 'reason', type: 'textarea', required: true }] },
  on_site_inspection: { officers: 2, fields: [{ name: 'place', type: 'text', required: true, max: 500 }, { name: 'findings', type: 'textarea', required: true }] },
  inquiry: { officers: 2, participants: 1, fields: [{ name: 'subject', type: 'text', required: true, max: 200 }, { name: 'record', type: 'textarea', required: true, max: 20000 }] },
  evidence_preservation: { officers: 2, fields: [{ name: 'items', type: 'textarea', required: true }, { name: 'reason', type: 'textarea', required: true }] },
  evidence_preservation_handled: { fields: [{ name: 'decision', type: 'textarea', required: true }] },
  seizure: { officers: 2, fields: [{ name: 'items', type: 'textarea', required: true }, { name: 'reason', type: 'textarea', required: true }, { name: 'majorCoercion', type: 'boolean' }] },
  seizure_handled: { fields: [{ name: 'decision', type: 'textarea', required: true }] },
  appraisal: { fields: [{ name: 'institution', type: 'text', required: true, max: 200 }, { name: 'subject', type: 'textarea', required: true }, { name: 'report', type: 'textarea' }] },
  investigation_end: {
    fields: [
      { name: 'facts', type: 'textarea', required: true },
      { name: 'evidenceSummary', type: 'textarea', required: true },
      { name: 'proposal', type: 'textarea', required: true },
      { name: 'art58', type: 'art58', hint: true },
    ],
  },
  panel_discussion: { participants: 3, fields: [{ name: 'opinion', type: 'textarea', required: true }] },
  approval: { fields: [{ name: 'opinion', type: 'textarea', required: true }, { name: 'penalty', type: 'penalty', required: true }] },
  prior_notice: {
    fields: [
      { name: 'facts', type: 'textarea', required: true },
      { name: 'legalBasis', type: 'textarea', required: true },
      { name: 'penalty', type: 'penalty', required: true },
      { name: 'hearingRight', type: 'boolean', hint: true },
    ],
  },
  statement: { fields: [{ name: 'waived', type: 'boolean' }, { name: 'statement', type: 'textarea', max: 20000, required: true, when: (v) => !v.waived }] },
  hearing_request: { fields: [{ name: 'requestedBy', type: 'text', required: true, max: 200 }, { name: 'note', type: 'textarea' }] },
  hearing_notice: { fields: [{ name: 'hearingAt', type: 'datetime', required: true, hint: true }, { name: 'place', type: 'text', required: true, max: 500 }, { name: 'chairId', type: 'staff', required: true, hint: true }] },
  hearing: { participants: 1, fields: [{ name: 'chairId', type: 'staff', required: true }, { name: 'record', type: 'textarea', required: true, max: 20000 }] },
  legal_review_request: { fields: [{ name: 'materials', type: 'multi', options: REVIEW_MATERIALS, required: true, initial: ['situation', 'draft_decision', 'evidence'] }, { name: 'situation', type: 'textarea', required: true }] },
  legal_review: { fields: [{ name: 'passed', type: 'select', options: ['passed', 'supplement', 'rejected'], required: true, initial: 'passed' }, { name: 'opinion', type: 'textarea', required: true }] },
  collective_discussion: { participants: 3, fields: [{ name: 'conclusion', type: 'textarea', required: true }] },
  decision: {
    fields: [
      { name: 'outcome', type: 'select', options: ['penalty', 'no_penalty', 'not_established', 'transfer'], required: true, initial: 'penalty' },
      { name: 'penalty', type: 'penalty', required: true, when: penaltyNeeded },
      { name: 'facts', type: 'textarea', required: true },
      { name: 'legalBasis', type: 'textarea', required: true },
      { name: 'performance', type: 'textarea' },
      { name: 'remedy', type: 'textarea' },
    ],
  },
  on_the_spot_decision: {
    officers: 2,
    fields: [
      { name: 'factsCertain', type: 'boolean', hint: true },
      { name: 'facts', type: 'textarea', required: true },
      { name: 'legalBasis', type: 'textarea', required: true },
      { name: 'penalty', type: 'penalty', required: true },
    ],
  },
  record_report: { fields: [{ name: 'note', type: 'textarea', required: true }] },
  reminder: { fields: [{ name: 'performWithinDays', type: 'number', required: true, initial: '10' }, { name: 'method', type: 'text', required: true, max: 500 }, { name: 'amountDueYuan', type: 'yuan' }] },
  enforcement: { fields: [{ name: 'method', type: 'textarea', required: true }] },
  closing: { fields: [{ name: 'summary', type: 'textarea', required: true }] },
};

export type PenaltyValue = { kinds: string[]; fineYuan: string; confiscationYuan: string };

/** The form's starting values. */
export function initialValues(form: StageForm): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const f of form.fields) {
    if (f.initial !== undefined) v[f.name] = f.initial;
    else if (f.type === 'boolean') v[f.name] = false;
    else if (f.type === 'multi') v[f.name] = [];
    else if (f.type === 'penalty') v[f.name] = { kinds: [], fineYuan: '', confiscationYuan: '' } satisfies PenaltyValue;
    else if (f.type === 'art58') v[f.name] = {};
    else v[f.name] = '';
  }
  return v;
}

/** The fields that are shown for these values. */
export const shownFields = (form: StageForm, values: Record<string, unknown>) => form.fields.filter((f) => !f.when || f.when(values));

/** A required field left empty: its name and the problem (`required`, `penaltyKinds`, `fineAmount`). */
export type LocalProblem = { path: string; problem: 'required' | 'penaltyKinds' | 'fineAmount' | 'number' };

/** The checks the form can make before asking the server (which checks again, and the law besides). */
export function localProblems(form: StageForm, values: Record<string, unknown>): LocalProblem[] {
  const out: LocalProblem[] = [];
  for (const f of shownFields(form, values)) {
    const v = values[f.name];
    if (f.type === 'penalty') {
      const p = v as PenaltyValue;
      if (f.required && !p.kinds.length) out.push({ path: `fields.${f.name}.kinds`, problem: 'penaltyKinds' });
      if (p.kinds.includes('fine') && !(Number(p.fineYuan) > 0)) out.push({ path: `fields.${f.name}.fineYuan`, problem: 'fineAmount' });
      if (p.kinds.includes('confiscation') && !(Number(p.confiscationYuan) > 0)) out.push({ path: `fields.${f.name}.confiscationYuan`, problem: 'fineAmount' });
    } else if (f.type === 'multi') {
      if (f.required && !(v as string[]).length) out.push({ path: `fields.${f.name}`, problem: 'required' });
    } else if (f.type === 'number') {
      if (f.required && (String(v ?? '').trim() === '' || !Number.isInteger(Number(v)))) out.push({ path: `fields.${f.name}`, problem: 'number' });
    } else if (f.required && f.type !== 'boolean' && f.type !== 'art58' && String(v ?? '').trim() === '') out.push({ path: `fields.${f.name}`, problem: 'required' });
  }
  return out;
}

/** The request's `fields`: empty optional text left out, amounts as typed, dates as ISO, numbers as numbers. */
export function toRequestFields(form: StageForm, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of shownFields(form, values)) {
    const v = values[f.name];
    switch (f.type) {
      case 'boolean':
        out[f.name] = !!v;
        break;
      case 'multi':
        out[f.name] = v;
        break;
      case 'art58':
        out[f.name] = Object.fromEntries(Object.entries(v as Record<string, boolean>).filter(([, b]) => b));
        break;
      case 'penalty': {
        const p = v as PenaltyValue;
        out[f.name] = { kinds: p.kinds, ...(p.kinds.includes('fine') ? { fineYuan: p.fineYuan.trim() } : {}), ...(p.kinds.includes('confiscation') ? { confiscationYuan: p.confiscationYuan.trim() } : {}) };
        break;
      }
      case 'number':
        if (String(v ?? '').trim() !== '') out[f.name] = Number(v);
        break;
      case 'datetime':
        if (String(v ?? '').trim() !== '') out[f.name] = new Date(String(v)).toISOString();
        break;
      default: {
        const s = String(v ?? '').trim();
        if (s !== '' || f.required) out[f.name] = s;
      }
    }
  }
  return out;
}
