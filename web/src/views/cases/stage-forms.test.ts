import { describe, expect, it } from 'vitest';
import { STAGE_FIELDS } from '../../../../api/cases/case.schemas';
import { STAGE_KINDS } from '../../../../core/cases/procedure';
import { casesEn } from '../../i18n/cases.en';
import { casesZh } from '../../i18n/cases.zh-CN';
import { initialParts, initialValues, localProblems, STAGE_FORMS, toRequestFields, type FieldSpec, type PartSpec, type StageForm } from './stage-forms';

// The web's stage forms against the server's stage schemas: every stage kind has a form, every
// field the server takes is on it (a field added to a stage is noticed here), a filled form is a
// request the server accepts, and an empty one is stopped before it is sent, field by field.
const filledPart = (p: PartSpec): unknown => ({ text: '某某', textarea: '内容', select: p.initial ?? p.options?.find(Boolean), datetime: '2026-12-20T10:00', date: '2026-12-21', number: '3', boolean: true })[p.type];
const filledParts = (parts: readonly PartSpec[]) => {
  const g = initialParts(parts);
  // A part shown only for another choice stays as it starts (a signature's refusal note, the other correction).
  for (const p of parts) if (!p.when || p.when(g)) g[p.name] = filledPart(p);
  return g;
};
const filled = (f: FieldSpec): unknown =>
  ({
    date: '2026-12-21',
    lines: '《消毒管理办法》第四条\n《消毒管理办法》第四十一条',
    group: filledParts(f.parts ?? []),
    rows: [filledParts(f.parts ?? [])],
    text: '某某',
    textarea: '记录内容',
    boolean: true,
    datetime: '2026-12-20T10:00',
    number: '10',
    yuan: '100',
    select: f.options?.[0],
    multi: [...(f.options ?? [])],
    penalty: { kinds: ['fine'], fineYuan: '20000', confiscationYuan: '' },
    art58: { complex: true },
    staff: '3f1c2a70-5b0e-4c6b-9a49-3a9f0b0c7d11',
  })[f.type];
const fill = (form: StageForm) => ({ ...initialValues(form), ...Object.fromEntries(form.fields.map((f) => [f.name, filled(f)])) });
const shapeKeys = (kind: string): string[] => {
  const schema = STAGE_FIELDS[kind as keyof typeof STAGE_FIELDS] as unknown as { shape?: Record<string, unknown>; options?: { shape: Record<string, unknown> }[] };
  return [...new Set([...Object.keys(schema.shape ?? {}), ...(schema.options ?? []).flatMap((o) => Object.keys(o.shape))])];
};

describe('stage forms', () => {
  it('has a form for every stage kind, with every field the server takes and no other', () => {
    for (const kind of STAGE_KINDS) {
      const form = STAGE_FORMS[kind];
      expect(form, kind).toBeDefined();
      expect(form.fields.map((f) => f.name).sort(), kind).toEqual(shapeKeys(kind).sort());
    }
  });

  it('turns a filled form into fields the server accepts', () => {
    for (const kind of STAGE_KINDS) {
      const form = STAGE_FORMS[kind];
      const values = fill(form);
      expect(localProblems(form, values), kind).toEqual([]);
      const parsed = STAGE_FIELDS[kind].safeParse(toRequestFields(form, values));
      expect(parsed.success, `${kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('stops an empty form before sending, naming each required field; a fine must be a positive amount', () => {
    const notice = STAGE_FORMS.prior_notice;
    const empty = initialValues(notice);
    expect(localProblems(notice, empty)).toEqual([
      { path: 'fields.facts', problem: 'required' },
      { path: 'fields.legalBasis', problem: 'required' },
      { path: 'fields.penalty.kinds', problem: 'penaltyKinds' },
    ]);
    const zero = { ...fill(notice), penalty: { kinds: ['fine'], fineYuan: '0', confiscationYuan: '' } };
    expect(localProblems(notice, zero)).toEqual([{ path: 'fields.penalty.fineYuan', problem: 'fineAmount' }]);
  });

  it('asks for the statement unless the party waived it, and sends only what is shown', () => {
    const form = STAGE_FORMS.statement;
    expect(localProblems(form, { waived: false, statement: ' ' })).toEqual([{ path: 'fields.statement', problem: 'required' }]);
    expect(toRequestFields(form, { waived: true, statement: 'ignored' })).toEqual({ waived: true, hearingWaived: false });
    expect(STAGE_FIELDS.statement.safeParse({ waived: true }).success).toBe(true);
  });

  it('labels every field and every part of a group or row in both languages', () => {
    for (const form of Object.values(STAGE_FORMS))
      for (const f of form.fields) {
        const key = f.label ?? f.name;
        expect(casesZh.field[key as keyof typeof casesZh.field], key).toBeTruthy();
        expect(casesEn.field[key as keyof typeof casesEn.field], key).toBeTruthy();
        for (const p of f.parts ?? []) {
          const part = p.name.split('.').at(-1)!;
          expect(casesZh.part[part as keyof typeof casesZh.part], `${f.name}.${part}`).toBeTruthy();
          expect(casesEn.part[part as keyof typeof casesEn.part], `${f.name}.${part}`).toBeTruthy();
        }
      }
  });
});
