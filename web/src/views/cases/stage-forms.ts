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
  | 'staff' // one user of the agency (a hearing chair), by id
  | 'date' // a calendar day, sent as YYYY-MM-DD
  | 'lines' // a list (provisions as written, recordings, names): one item a line, sent as string[]
  | 'group' // one structured value of `parts` (a span of time, a person, a signature, a correction), left out when empty
  | 'rows'; // a repeatable group of `parts` (goods, question and answer, opinions per person), empty rows left out

/** A part of a group or of a row; a dotted name nests (`payment.payee`). Labels: `cases.part.<name>`. */
export type PartSpec = {
  name: string;
  type: 'text' | 'textarea' | 'select' | 'datetime' | 'date' | 'number' | 'boolean';
  required?: boolean;
  max?: number;
  options?: readonly string[];
  initial?: unknown;
  /** Shown (and sent) only when this holds of the group's (the row's) values. */
  when?: (values: Record<string, unknown>) => boolean;
};

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
  /** The label's (and options') key when the name's own would mislead (`cases.field.<label>`). */
  label?: string;
  /** The parts of a group or of a row. */
  parts?: readonly PartSpec[];
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
const proposesPenalty = (v: Record<string, unknown>) => (v.proposalKind ?? 'penalty') === 'penalty';

// The documents' own vocabularies (core/documents/case-templates; the values are what the server takes).
export const REVIEW_GROUNDS = ['涉及重大公共利益', '直接关系当事人或者第三人重大权益，经过听证程序', '案件情况疑难复杂、涉及多个法律关系', '法律、法规规定应当进行法制审核的其他情形'] as const;
export const REVIEW_CONCLUSIONS = ['同意', '违法行为不能成立，建议撤销案件', '事实不清、证据不足，建议补充调查', '定性不准、适用法律不当，提出修正意见', '程序不合法，建议纠正', '超出本机关管辖，建议移送', '涉嫌犯罪，建议移送司法机关'] as const;
export const REVIEW_POINT_NAMES = ['jurisdiction', 'subject', 'facts', 'procedure', 'law', 'characterisation', 'proposal'] as const;
export const HEARING_PRIVATE_REASONS = ['涉及国家秘密', '涉及商业秘密', '涉及个人隐私'] as const;
export const CLOSING_OUTCOMES = ['处罚决定已履行完毕', '经申请人民法院强制执行完毕', '不予行政处罚', '移送司法机关', '撤销立案', '其他'] as const;

// Parts used by several stages.
const span: readonly PartSpec[] = [
  { name: 'from', type: 'datetime', required: true },
  { name: 'to', type: 'datetime', required: true },
];
const person: readonly PartSpec[] = [
  { name: 'name', type: 'text', required: true, max: 50 },
  { name: 'role', type: 'text', required: true, max: 100 },
];
const signature: readonly PartSpec[] = [
  { name: 'status', type: 'select', options: ['signed', 'refused'], initial: 'signed', required: true },
  { name: 'name', type: 'text', required: true, max: 50 },
  { name: 'note', type: 'text', max: 500, when: (g) => g.status === 'refused' },
];
const goods: readonly PartSpec[] = [
  { name: 'name', type: 'text', required: true, max: 100 },
  { name: 'spec', type: 'text', max: 100 },
  { name: 'quantity', type: 'number', required: true },
  { name: 'unit', type: 'text', required: true, max: 10 },
  { name: 'note', type: 'text', max: 200 },
];
const opinions: readonly PartSpec[] = [
  { name: 'name', type: 'text', required: true, max: 50 },
  { name: 'opinion', type: 'textarea', required: true, max: 2000 },
];
const correction: readonly PartSpec[] = [
  { name: 'kind', type: 'select', options: ['order', 'corrected'], initial: 'order', required: true },
  { name: 'what', type: 'textarea', required: true, max: 1000, when: (g) => g.kind !== 'corrected' },
  { name: 'detail', type: 'textarea', required: true, max: 1000, when: (g) => g.kind === 'corrected' },
];
const penaltyDetail: readonly PartSpec[] = [
  { name: 'licence', type: 'text', max: 200 },
  { name: 'period', type: 'text', max: 50 },
];
const provisions = (name: 'violated' | 'basis', required = false): FieldSpec => ({ name, type: 'lines', required, hint: true, ...(name === 'basis' ? { label: 'penaltyBasis' } : {}) });
const measureBasis = (required = false): FieldSpec => ({ name: 'basis', type: 'lines', required, hint: true, label: 'measureBasis' });
const goodsKept: FieldSpec[] = [
  { name: 'goods', type: 'rows', required: true, parts: goods },
  { name: 'keptAt', type: 'text', required: true, max: 200 },
  { name: 'headOpinion', type: 'textarea', max: 1000 },
];

export const STAGE_FORMS: Record<string, StageForm> = {
  filing: { fields: [{ name: 'report', type: 'textarea', required: true, hint: true }, { name: 'basis', type: 'textarea' }] },
  filing_approval: { fields: [{ name: 'opinion', type: 'textarea', required: true, initial: '同意立案。' }] },
  filing_refusal: { fields: [{ name: 'reason', type: 'textarea', required: true }] },
  on_site_inspection: {
    officers: 2,
    fields: [
      { name: 'place', type: 'text', required: true, max: 500 },
      { name: 'time', type: 'group', parts: span },
      { name: 'findings', type: 'textarea', required: true },
      { name: 'certificatesShown', type: 'boolean', initial: true },
      { name: 'present', type: 'group', parts: person, hint: true },
      { name: 'presentSignature', type: 'group', parts: signature },
      { name: 'witness', type: 'group', parts: person },
      { name: 'witnessSignature', type: 'group', parts: signature },
      { name: 'recordings', type: 'lines', hint: true },
      { name: 'recorder', type: 'text', max: 50 },
      { name: 'remarks', type: 'textarea', max: 500 },
    ],
  },
  inquiry: {
    officers: 2,
    participants: 1,
    fields: [
      { name: 'subject', type: 'text', required: true, max: 200 },
      { name: 'place', type: 'text', required: true, max: 200 },
      { name: 'time', type: 'group', parts: span },
      {
        name: 'interviewee',
        type: 'group',
        parts: [
          { name: 'name', type: 'text', required: true, max: 50 },
          { name: 'gender', type: 'select', options: ['', '男', '女'] },
          { name: 'idNumber', type: 'text', max: 30 },
          { name: 'employer', type: 'text', max: 200 },
          { name: 'position', type: 'text', required: true, max: 100 },
          { name: 'phone', type: 'text', max: 30 },
          { name: 'address', type: 'text', max: 200 },
        ],
      },
      { name: 'rightsExplained', type: 'boolean', initial: true },
      { name: 'recusalRequested', type: 'boolean' },
      { name: 'qa', type: 'rows', parts: [{ name: 'q', type: 'textarea', required: true, max: 2000 }, { name: 'a', type: 'textarea', required: true, max: 5000 }] },
      { name: 'record', type: 'textarea', required: true, max: 20000 },
      { name: 'recorder', type: 'text', max: 50 },
      { name: 'intervieweeSignature', type: 'group', parts: signature },
    ],
  },
  evidence_preservation: {
    officers: 2,
    fields: [
      { name: 'items', type: 'textarea', required: true },
      { name: 'reason', type: 'textarea', required: true },
      ...goodsKept,
      { name: 'keeping', type: 'select', options: ['就地保存', '异地保存'], required: true, initial: '就地保存' },
      measureBasis(),
    ],
  },
  evidence_preservation_handled: { fields: [{ name: 'decision', type: 'textarea', required: true }] },
  seizure: {
    officers: 2,
    fields: [
      { name: 'measure', type: 'select', options: ['查封', '扣押'], required: true, initial: '查封' },
      { name: 'items', type: 'textarea', required: true },
      { name: 'reason', type: 'textarea', required: true },
      ...goodsKept,
      measureBasis(true),
      { name: 'days', type: 'number' },
      { name: 'majorCoercion', type: 'boolean' },
    ],
  },
  seizure_handled: { fields: [{ name: 'decision', type: 'textarea', required: true }] },
  appraisal: { fields: [{ name: 'institution', type: 'text', required: true, max: 200 }, { name: 'subject', type: 'textarea', required: true }, { name: 'report', type: 'textarea' }] },
  investigation_end: {
    fields: [
      { name: 'facts', type: 'textarea', required: true },
      { name: 'evidenceSummary', type: 'textarea', required: true },
      { name: 'proposalKind', type: 'select', options: ['penalty', 'minor', 'not_established', 'transfer'], required: true, initial: 'penalty' },
      { name: 'proposal', type: 'textarea', required: true },
      { ...provisions('violated', true), when: proposesPenalty },
      { ...provisions('basis', true), when: proposesPenalty },
      { name: 'penalty', type: 'penalty', required: true, when: proposesPenalty },
      { name: 'penaltyDetail', type: 'group', parts: penaltyDetail, when: proposesPenalty, hint: true },
      // The decision and the prior notice fall back to it (行政处罚法 art. 5: reasons for the discretion).
      { name: 'discretion', type: 'textarea', required: true, max: 3000, when: proposesPenalty },
      { name: 'process', type: 'textarea', max: 3000 },
      { name: 'art58', type: 'art58', hint: true },
    ],
  },
  panel_discussion: {
    participants: 3,
    fields: [
      { name: 'place', type: 'text', required: true, max: 200 },
      { name: 'chair', type: 'text', max: 50 },
      { name: 'recorder', type: 'text', required: true, max: 50 },
      { name: 'summary', type: 'textarea', max: 3000, label: 'discussionSummary' },
      { name: 'opinions', type: 'rows', required: true, parts: opinions, hint: true },
      { name: 'opinion', type: 'textarea', required: true },
    ],
  },
  approval: { fields: [{ name: 'opinion', type: 'textarea', required: true }, { name: 'penalty', type: 'penalty', required: true }] },
  prior_notice: {
    fields: [
      { name: 'facts', type: 'textarea', required: true },
      { name: 'legalBasis', type: 'textarea', required: true },
      provisions('violated'),
      provisions('basis'),
      { name: 'penalty', type: 'penalty', required: true },
      { name: 'penaltyDetail', type: 'group', parts: penaltyDetail, hint: true },
      { name: 'discretion', type: 'textarea', max: 2000 },
      { name: 'hearingRight', type: 'boolean', hint: true },
      { name: 'otherHearingGround', type: 'text', max: 300 },
    ],
  },
  statement: { fields: [{ name: 'waived', type: 'boolean' }, { name: 'statement', type: 'textarea', max: 20000, required: true, when: (v) => !v.waived }, { name: 'hearingWaived', type: 'boolean', hint: true }] },
  hearing_request: { fields: [{ name: 'requestedBy', type: 'text', required: true, max: 200 }, { name: 'note', type: 'textarea' }] },
  hearing_notice: {
    fields: [
      { name: 'hearingAt', type: 'datetime', required: true, hint: true },
      { name: 'place', type: 'text', required: true, max: 500 },
      { name: 'chairId', type: 'staff', required: true, hint: true },
      { name: 'chairPosition', type: 'text', max: 50 },
      { name: 'hearingOfficers', type: 'lines', max: 4 },
      { name: 'clerk', type: 'text', required: true, max: 50 },
      { name: 'public', type: 'boolean', initial: true },
      { name: 'privateReason', type: 'select', options: HEARING_PRIVATE_REASONS, required: true, initial: HEARING_PRIVATE_REASONS[1], when: (v) => !v.public },
      { name: 'extra', type: 'textarea', max: 500 },
    ],
  },
  hearing: {
    participants: 1,
    fields: [
      { name: 'chairId', type: 'staff', required: true },
      { name: 'time', type: 'group', parts: span },
      { name: 'public', type: 'boolean', initial: true },
      { name: 'privateReason', type: 'select', options: HEARING_PRIVATE_REASONS, required: true, initial: HEARING_PRIVATE_REASONS[1], when: (v) => !v.public },
      { name: 'hearingOfficers', type: 'lines', max: 4 },
      { name: 'clerk', type: 'text', max: 50 },
      { name: 'attendees', type: 'rows', parts: [{ name: 'name', type: 'text', required: true, max: 50 }, { name: 'capacity', type: 'select', options: ['当事人', '法定代表人', '委托代理人'], required: true, initial: '当事人' }], hint: true },
      { name: 'recusal', type: 'group', parts: [{ name: 'requested', type: 'boolean' }, { name: 'decision', type: 'text', max: 500 }] },
      { name: 'investigatorsCase', type: 'textarea', max: 5000 },
      { name: 'defence', type: 'textarea', max: 5000 },
      { name: 'exchanges', type: 'rows', parts: [{ name: 'speaker', type: 'text', required: true, max: 50 }, { name: 'text', type: 'textarea', required: true, max: 3000 }] },
      { name: 'finalStatement', type: 'textarea', max: 2000 },
      { name: 'record', type: 'textarea', required: true, max: 20000 },
      { name: 'partySignature', type: 'group', parts: signature },
    ],
  },
  legal_review_request: { fields: [{ name: 'materials', type: 'multi', options: REVIEW_MATERIALS, required: true, initial: ['situation', 'draft_decision', 'evidence'] }, { name: 'situation', type: 'textarea', required: true }] },
  legal_review: {
    fields: [
      { name: 'passed', type: 'select', options: ['passed', 'supplement', 'rejected'], required: true, initial: 'passed' },
      { name: 'points', type: 'group', required: true, parts: REVIEW_POINT_NAMES.map((name) => ({ name, type: 'textarea', required: true, max: 1000 }) as const), hint: true },
      { name: 'grounds', type: 'multi', options: REVIEW_GROUNDS, hint: true },
      { name: 'conclusion', type: 'select', options: ['', ...REVIEW_CONCLUSIONS], label: 'reviewConclusion' },
      { name: 'opinion', type: 'textarea', required: true },
      { name: 'qualification', type: 'text', max: 60 },
    ],
  },
  collective_discussion: {
    participants: 3,
    fields: [
      { name: 'place', type: 'text', required: true, max: 200 },
      { name: 'chair', type: 'text', max: 50 },
      { name: 'reporter', type: 'text', max: 50 },
      { name: 'recorder', type: 'text', required: true, max: 50 },
      { name: 'others', type: 'lines', max: 20 },
      { name: 'summary', type: 'textarea', max: 5000, label: 'discussionSummary' },
      { name: 'opinions', type: 'rows', required: true, parts: opinions, hint: true },
      { name: 'conclusion', type: 'textarea', required: true },
    ],
  },
  decision: {
    fields: [
      { name: 'outcome', type: 'select', options: ['penalty', 'no_penalty', 'not_established', 'transfer'], required: true, initial: 'penalty' },
      { name: 'penalty', type: 'penalty', required: true, when: penaltyNeeded },
      { name: 'penaltyDetail', type: 'group', parts: penaltyDetail, when: penaltyNeeded, hint: true },
      { name: 'facts', type: 'textarea', required: true },
      provisions('violated'),
      { name: 'legalBasis', type: 'textarea', required: true },
      provisions('basis'),
      { name: 'discretion', type: 'textarea', max: 2000 },
      { name: 'statementReview', type: 'textarea', max: 2000, hint: true },
      { name: 'correction', type: 'group', required: true, parts: correction, when: penaltyNeeded },
      { name: 'performance', type: 'textarea' },
      { name: 'remedy', type: 'textarea' },
    ],
  },
  on_the_spot_decision: {
    officers: 2,
    fields: [
      { name: 'factsCertain', type: 'boolean', hint: true },
      { name: 'place', type: 'text', required: true, max: 200 },
      { name: 'actAt', type: 'datetime' },
      { name: 'facts', type: 'textarea', required: true },
      provisions('violated', true),
      { name: 'legalBasis', type: 'textarea', required: true },
      provisions('basis'),
      { name: 'penalty', type: 'penalty', required: true },
      { name: 'correction', type: 'group', required: true, parts: correction },
      {
        name: 'collection',
        type: 'group',
        hint: true,
        parts: [
          { name: 'kind', type: 'select', options: ['bank', 'on_spot'], initial: 'bank', required: true },
          { name: 'reason', type: 'select', options: ['100元以下', '不当场收缴事后难以执行'], initial: '100元以下', required: true, when: (g) => g.kind === 'on_spot' },
          { name: 'receiptNo', type: 'text', required: true, max: 60, when: (g) => g.kind === 'on_spot' },
          { name: 'payment.payee', type: 'text', required: true, when: (g) => g.kind === 'bank' },
          { name: 'payment.account', type: 'text', max: 60, when: (g) => g.kind === 'bank' },
          { name: 'payment.channel', type: 'text', required: true, max: 300, when: (g) => g.kind === 'bank' },
        ],
      },
      { name: 'partySignature', type: 'group', required: true, parts: signature },
    ],
  },
  record_report: { fields: [{ name: 'note', type: 'textarea', required: true }] },
  reminder: {
    fields: [
      { name: 'performWithinDays', type: 'number', required: true, initial: '10' },
      { name: 'method', type: 'text', required: true, max: 500 },
      { name: 'amountDueYuan', type: 'yuan' },
      { name: 'servedOn', type: 'date', required: true, hint: true },
      { name: 'duty', type: 'textarea', max: 1000 },
      { name: 'note', type: 'textarea', max: 500 },
    ],
  },
  enforcement: { fields: [{ name: 'method', type: 'textarea', required: true }] },
  closing: {
    fields: [
      { name: 'outcome', type: 'select', options: CLOSING_OUTCOMES, required: true, initial: CLOSING_OUTCOMES[0], label: 'closingOutcome' },
      { name: 'execution', type: 'textarea', max: 3000 },
      { name: 'remedies', type: 'textarea', max: 1000 },
      { name: 'summary', type: 'textarea', required: true },
      {
        name: 'headApproval',
        type: 'group',
        required: true,
        parts: [
          { name: 'name', type: 'text', required: true, max: 50 },
          { name: 'opinion', type: 'textarea', required: true, max: 1000 },
          { name: 'date', type: 'date', required: true },
        ],
      },
    ],
  },
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
    else if (f.type === 'group') v[f.name] = initialParts(f.parts ?? []);
    else if (f.type === 'rows') v[f.name] = f.required ? [initialParts(f.parts ?? [])] : [];
    else v[f.name] = '';
  }
  return v;
}

/** A new group's (row's) values: each part's initial value, else empty / false. */
export function initialParts(parts: readonly PartSpec[]): Record<string, unknown> {
  return Object.fromEntries(parts.map((p) => [p.name, p.initial ?? (p.type === 'boolean' ? false : '')]));
}

/** The parts shown for a group's (row's) values. */
export const shownParts = (parts: readonly PartSpec[], g: Record<string, unknown>) => parts.filter((p) => !p.when || p.when(g));

/** Nothing typed or ticked in a group or row (a select alone does not count). */
export const isEmptyGroup = (parts: readonly PartSpec[], g: Record<string, unknown> | undefined) =>
  !g || shownParts(parts, g).every((p) => (p.type === 'boolean' ? !g[p.name] : p.type === 'select' || String(g[p.name] ?? '').trim() === ''));

/** The list a `lines` field holds: one item a line, blank lines left out. */
export const linesOf = (v: unknown) =>
  String(v ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A group's (row's) value as the server takes it: dotted names nested, empty optional parts left out. */
export function partsValue(parts: readonly PartSpec[], g: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of shownParts(parts, g)) {
    const raw = g[p.name];
    let v: unknown;
    if (p.type === 'boolean') v = !!raw;
    else {
      const s = String(raw ?? '').trim();
      if (s === '') continue;
      v = p.type === 'number' ? Number(s) : p.type === 'datetime' ? new Date(s).toISOString() : s;
    }
    const path = p.name.split('.');
    let at = out;
    for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = v;
  }
  return out;
}

function partProblems(parts: readonly PartSpec[], g: Record<string, unknown>, prefix: string): LocalProblem[] {
  const out: LocalProblem[] = [];
  for (const p of shownParts(parts, g)) {
    const s = String(g[p.name] ?? '').trim();
    if (p.type === 'number' && s !== '' && !(Number(s) > 0)) out.push({ path: `${prefix}.${p.name}`, problem: 'number' });
    else if (p.required && p.type !== 'boolean' && s === '') out.push({ path: `${prefix}.${p.name}`, problem: 'required' });
  }
  return out;
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
    } else if (f.type === 'lines') {
      if (f.required && !linesOf(v).length) out.push({ path: `fields.${f.name}`, problem: 'required' });
    } else if (f.type === 'group') {
      const g = (v ?? {}) as Record<string, unknown>;
      if (f.required || !isEmptyGroup(f.parts ?? [], g)) out.push(...partProblems(f.parts ?? [], g, `fields.${f.name}`));
    } else if (f.type === 'rows') {
      const rows = ((v ?? []) as Record<string, unknown>[]).map((r, i) => [r, i] as const).filter(([r]) => !isEmptyGroup(f.parts ?? [], r));
      if (f.required && !rows.length) out.push({ path: `fields.${f.name}`, problem: 'required' });
      for (const [r, i] of rows) out.push(...partProblems(f.parts ?? [], r, `fields.${f.name}.${i}`));
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
      case 'lines':
        if (linesOf(v).length) out[f.name] = linesOf(v);
        break;
      case 'group':
        if (!isEmptyGroup(f.parts ?? [], v as Record<string, unknown>)) out[f.name] = partsValue(f.parts ?? [], v as Record<string, unknown>);
        break;
      case 'rows': {
        const rows = ((v ?? []) as Record<string, unknown>[]).filter((r) => !isEmptyGroup(f.parts ?? [], r)).map((r) => partsValue(f.parts ?? [], r));
        if (rows.length) out[f.name] = rows;
        break;
      }
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
