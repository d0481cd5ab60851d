import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordStage, type CaseWorkspace, type Participant, type StaffMember } from '../../api/cases';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';
import { OfficerPicker, ParticipantsEditor, cleanParticipants } from './People';
import { RefusalBanner } from './RefusalBanner';
import { ART58_POINTS, PENALTY_KINDS, STAGE_FORMS, initialParts, initialValues, localProblems, shownFields, shownParts, toRequestFields, type FieldSpec, type PartSpec, type PenaltyValue } from './stage-forms';

type Props = { ws: CaseWorkspace; kind: string; staff: StaffMember[]; onDone(ws: CaseWorkspace): void; onStale(): void; onClose(): void };

/**
 * The form of one stage (stage-forms.ts), in a dialog: its fields, the officers and participants it
 * records. A refusal keeps the input and names the rule; a stale version reloads the case (the
 * form stays, and is sent at the new version next time).
 */
export function StageForm({ ws, kind, staff, onDone, onStale, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const form = STAGE_FORMS[kind] ?? { fields: [] };
  const [values, setValues] = useState<Record<string, unknown>>(() => initialValues(form));
  const [officerIds, setOfficerIds] = useState<string[]>(() => ws.case.investigators.map((o) => o.id));
  const [participants, setParticipants] = useState<Participant[]>(() => Array.from({ length: form.participants ?? 0 }, () => ({ name: '', role: '', idNo: '' })));
  const submit = useSubmit();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const label = (f: FieldSpec) => t(`cases.field.${f.label ?? f.name}`);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local: Record<string, string> = {};
    for (const p of localProblems(form, values)) {
      const [, name, ...rest] = p.path.split('.');
      const f = form.fields.find((x) => name === x.name)!;
      const part = rest.filter((r) => !/^\d+$/.test(r)).join('.');
      local[p.path] = t(`cases.problem.${p.problem}`, { label: part && f.parts ? `${label(f)} · ${t(`cases.part.${part.split('.').at(-1)}`)}` : label(f) });
    }
    if (form.officers && officerIds.length < form.officers) local.officerIds = t('cases.problem.officers', { n: form.officers });
    if (form.participants && cleanParticipants(participants).length < form.participants) local.participants = t('cases.problem.participants', { n: form.participants });
    if (Object.keys(local).length) {
      submit.fail(t('cases.problem.checkForm'), local);
      return;
    }
    const r = await submit.run(() =>
      recordStage(ws.case.id, {
        kind,
        expectedVersion: ws.case.version,
        fields: toRequestFields(form, values),
        ...(form.officers ? { officerIds } : {}),
        ...(form.participants ? { participants: cleanParticipants(participants) } : {}),
      }),
    );
    if (r.ok) onDone(r.value);
  }
  useEffect(() => {
    if (submit.error?.code === 'version_conflict') onStale();
  }, [submit.error, onStale]);

  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby={`${id}-title`} onCancel={onClose} data-testid="stage-form" data-kind={kind}>
      <form onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`}>{t(`cases.stage.${kind}`)}</h2>
        {submit.error?.code === 'version_conflict' ? <div className="banner banner-warn" role="alert">{t('cases.ws.stale')}</div> : <RefusalBanner error={submit.error} />}
        {shownFields(form, values).map((f) => (
          <StageField key={f.name} id={`${id}-${f.name}`} spec={f} value={values[f.name]} onChange={(v) => setValues((prev) => ({ ...prev, [f.name]: v }))} staff={staff} investigators={ws.case.investigators.map((o) => o.id)} error={(p) => submit.fieldError(`fields.${f.name}${p ? `.${p}` : ''}`)} />
        ))}
        {form.officers ? <OfficerPicker staff={staff} chosen={officerIds} onChange={setOfficerIds} error={submit.fieldError('officerIds')} legend={t('cases.ws.officers')} /> : null}
        {form.participants ? <ParticipantsEditor rows={participants} onChange={setParticipants} error={submit.fieldError('participants')} /> : null}
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('cases.ws.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {submit.busy ? t('cases.ws.saving') : t('cases.ws.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function StageField({ id, spec, value, onChange, staff, investigators, error }: { id: string; spec: FieldSpec; value: unknown; onChange(v: unknown): void; staff: StaffMember[]; investigators: string[]; error(part?: string): string | undefined }) {
  const { t } = useTranslation();
  const field = `fields-${spec.name}`;
  const label = t(`cases.field.${spec.label ?? spec.name}`);
  const hint = spec.hint ? t(`cases.hint.${spec.name}`) : undefined;
  const err = error();
  const a11y = describedBy(id, err, !!hint);
  switch (spec.type) {
    case 'boolean':
      return (
        <Field id={id} label="" field={field} error={err} hint={hint}>
          <label className="check">
            <input {...a11y} type="checkbox" name={spec.name} checked={!!value} onChange={(e) => onChange(e.target.checked)} /> {label}
          </label>
        </Field>
      );
    case 'textarea':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <textarea {...a11y} name={spec.name} rows={4} maxLength={spec.max ?? 5000} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'datetime':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <input {...a11y} type="datetime-local" name={spec.name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'date':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <input {...a11y} type="date" name={spec.name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'lines':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <textarea {...a11y} name={spec.name} rows={3} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'group':
      return (
        <fieldset className={`field${err ? ' field-invalid' : ''}`} data-field={field} data-testid={`group-${spec.name}`}>
          <legend>{label}</legend>
          {hint && <p className="hint">{hint}</p>}
          <Parts id={id} prefix={spec.name} parts={spec.parts ?? []} values={(value ?? {}) as Record<string, unknown>} onChange={onChange} error={error} />
          {err && <p className="field-error" data-testid={`error-${field}`}>{err}</p>}
        </fieldset>
      );
    case 'rows': {
      const rows = (value ?? []) as Record<string, unknown>[];
      return (
        <fieldset className={`field${err ? ' field-invalid' : ''}`} data-field={field} data-testid={`rows-${spec.name}`}>
          <legend>{label}</legend>
          {hint && <p className="hint">{hint}</p>}
          {rows.map((r, i) => (
            <div key={i} className="stage-row" data-testid={`row-${spec.name}-${i}`}>
              <Parts id={`${id}-${i}`} prefix={`${spec.name}-${i}`} parts={spec.parts ?? []} values={r} onChange={(v) => onChange(rows.map((x, j) => (j === i ? v : x)))} error={(p) => error(`${i}${p ? `.${p}` : ''}`)} />
              <button type="button" className="btn btn-small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                {t('cases.removeRow')}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-small" name={`add-${spec.name}`} onClick={() => onChange([...rows, initialParts(spec.parts ?? [])])}>
            {t('cases.addRow')}
          </button>
          {err && <p className="field-error" data-testid={`error-${field}`}>{err}</p>}
        </fieldset>
      );
    }
    case 'number':
    case 'yuan':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <input {...a11y} inputMode="decimal" name={spec.name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'select':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <select {...a11y} name={spec.name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
            {(spec.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o === '' ? '—' : t(`cases.option.${spec.label ?? spec.name}.${o}`, { defaultValue: o })}
              </option>
            ))}
          </select>
        </Field>
      );
    case 'staff':
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <select {...a11y} name={spec.name} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('cases.ws.chooseStaff')}</option>
            {staff
              .filter((s) => !investigators.includes(s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} · {t(`role.${s.role}`, { defaultValue: s.role })}
                </option>
              ))}
          </select>
        </Field>
      );
    case 'multi':
    case 'art58': {
      const options = spec.type === 'art58' ? ART58_POINTS : (spec.options ?? []);
      const isChecked = (o: string) => (spec.type === 'art58' ? !!(value as Record<string, boolean>)[o] : (value as string[]).includes(o));
      const toggle = (o: string, on: boolean) => (spec.type === 'art58' ? onChange({ ...(value as Record<string, boolean>), [o]: on }) : onChange(on ? [...(value as string[]), o] : (value as string[]).filter((x) => x !== o)));
      return (
        <fieldset className={`field${err ? ' field-invalid' : ''}`} data-field={field}>
          <legend>{label}</legend>
          {hint && <p className="hint">{hint}</p>}
          {options.map((o) => (
            <label key={o} className="check">
              <input type="checkbox" name={`${spec.name}-${o}`} checked={isChecked(o)} onChange={(e) => toggle(o, e.target.checked)} /> {t(`cases.option.${spec.label ?? spec.name}.${o}`, { defaultValue: o })}
            </label>
          ))}
          {err && <p className="field-error" data-testid={`error-${field}`}>{err}</p>}
        </fieldset>
      );
    }
    case 'penalty': {
      const p = value as PenaltyValue;
      const kindsErr = error('kinds') ?? err;
      return (
        <fieldset className={`field${kindsErr ? ' field-invalid' : ''}`} data-field={field} data-testid={`penalty-${spec.name}`}>
          <legend>{label}</legend>
          {PENALTY_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" name={`penalty-${k}`} checked={p.kinds.includes(k)} onChange={(e) => onChange({ ...p, kinds: e.target.checked ? [...p.kinds, k] : p.kinds.filter((x) => x !== k) })} /> {t(`cases.option.penaltyKind.${k}`)}
            </label>
          ))}
          {kindsErr && <p className="field-error" data-testid={`error-${field}-kinds`}>{kindsErr}</p>}
          {p.kinds.includes('fine') && (
            <Field id={`${id}-fine`} label={t('cases.fineYuan')} field={`${field}-fineYuan`} error={error('fineYuan')} required>
              <input {...describedBy(`${id}-fine`, error('fineYuan'))} name="fineYuan" inputMode="decimal" value={p.fineYuan} onChange={(e) => onChange({ ...p, fineYuan: e.target.value })} />
            </Field>
          )}
          {p.kinds.includes('confiscation') && (
            <Field id={`${id}-conf`} label={t('cases.confiscationYuan')} field={`${field}-confiscationYuan`} error={error('confiscationYuan')} required>
              <input {...describedBy(`${id}-conf`, error('confiscationYuan'))} name="confiscationYuan" inputMode="decimal" value={p.confiscationYuan} onChange={(e) => onChange({ ...p, confiscationYuan: e.target.value })} />
            </Field>
          )}
        </fieldset>
      );
    }
    default:
      return (
        <Field id={id} label={label} field={field} error={err} hint={hint} required={spec.required}>
          <input {...a11y} name={spec.name} maxLength={spec.max ?? 500} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
  }
}

/** The parts of a group or of one row; inputs are named `<field>.<part>` (a row's `<field>-<i>.<part>`). */
function Parts({ id, prefix, parts, values, onChange, error }: { id: string; prefix: string; parts: readonly PartSpec[]; values: Record<string, unknown>; onChange(v: Record<string, unknown>): void; error(part?: string): string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {shownParts(parts, values).map((p) => {
        const pid = `${id}-${p.name.replace('.', '-')}`;
        const name = `${prefix}.${p.name}`;
        const label = t(`cases.part.${p.name.split('.').at(-1)}`);
        const err = error(p.name);
        const a11y = describedBy(pid, err);
        const v = values[p.name];
        const set = (x: unknown) => onChange({ ...values, [p.name]: x });
        if (p.type === 'boolean')
          return (
            <label key={p.name} className="check">
              <input id={pid} type="checkbox" name={name} checked={!!v} onChange={(e) => set(e.target.checked)} /> {label}
            </label>
          );
        return (
          <Field key={p.name} id={pid} label={label} field={`fields-${name}`} error={err} required={p.required}>
            {p.type === 'select' ? (
              <select {...a11y} name={name} value={String(v ?? '')} onChange={(e) => set(e.target.value)}>
                {(p.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o === '' ? '—' : t(`cases.option.${p.name.split('.').at(-1)}.${o}`, { defaultValue: o })}
                  </option>
                ))}
              </select>
            ) : p.type === 'textarea' ? (
              <textarea {...a11y} name={name} rows={2} maxLength={p.max ?? 5000} value={String(v ?? '')} onChange={(e) => set(e.target.value)} />
            ) : (
              <input {...a11y} name={name} type={p.type === 'datetime' ? 'datetime-local' : p.type === 'date' ? 'date' : 'text'} inputMode={p.type === 'number' ? 'decimal' : undefined} maxLength={p.max ?? 500} value={String(v ?? '')} onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
    </>
  );
}
