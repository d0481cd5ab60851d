import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTED_KINDS, RULE_KINDS, RULE_LABELS, ZONED_KINDS, createRule, defaultDefinition, updateRule, type Rule, type RuleDefinition, type RuleKind, type Schedule } from '../../api/analysis';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field, describedBy } from '../../components/Field';
import { useSubmit } from '../../hooks/use-submit';
import { ScheduleEditor } from './ScheduleEditor';
import { ZoneEditor, type ZoneDraft } from './ZoneEditor';

type Props = {
  deviceId: string;
  /** The rule being edited; absent for a new rule. */
  rule?: Rule;
  /** The snapshot (or its stand-in) the zone is drawn on. */
  picture: ReactNode;
  openingHours?: string;
  /** Labels the model knows (from the API); all rule labels when unknown. */
  modelLabels?: string[];
  /** Names of the device's other rules (a name is used once per device). */
  takenNames?: string[];
  onSaved(rule: Rule): void;
  onConflict(): void;
  onCancel(): void;
};

type Numbers = { minScore: string; minDwellS: string; countLimit: string; cooldownS: string };
const numbers = (d: RuleDefinition): Numbers => ({ minScore: String(d.minScore), minDwellS: String(d.minDwellS), countLimit: d.countLimit === null ? '' : String(d.countLimit), cooldownS: String(d.cooldownS) });

/** Creates a rule, or edits one (sending the version it was read at: a 409 means someone else saved first). */
export function RuleForm({ deviceId, rule, picture, openingHours, modelLabels, takenNames = [], onSaved, onConflict, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const submit = useSubmit();
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? 'restricted_area');
  const [name, setName] = useState(rule?.name ?? t('analysis.kinds.restricted_area'));
  const [nameTouched, setNameTouched] = useState(!!rule);
  const [def, setDef] = useState<RuleDefinition>(() => structuredClone(rule?.definition ?? defaultDefinition('restricted_area')));
  const [nums, setNums] = useState<Numbers>(() => numbers(rule?.definition ?? defaultDefinition('restricted_area')));
  const [zone, setZone] = useState<ZoneDraft>({ points: rule?.definition.zone ?? [], closed: !!rule?.definition.zone });
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const counted = COUNTED_KINDS.includes(kind);
  const zoned = ZONED_KINDS.includes(kind);
  const offered = RULE_LABELS.filter((l) => !modelLabels?.length || modelLabels.includes(l) || def.labels.includes(l));
  const err = (path: string) => submit.fieldError(`definition.${path}`);

  function chooseKind(k: RuleKind) {
    const d = defaultDefinition(k);
    setKind(k);
    setDef({ ...d, zone: def.zone });
    setNums(numbers(d));
    if (!nameTouched) setName(t(`analysis.kinds.${k}`));
  }

  function build(): RuleDefinition | null {
    const problems: Record<string, string> = {};
    const num = (key: keyof Numbers, min: number, max: number, int = false) => {
      const v = Number(nums[key]);
      if (nums[key].trim() === '' || !Number.isFinite(v) || v < min || v > max || (int && !Number.isInteger(v))) {
        problems[`definition.${key}`] = key === 'minScore' ? t('analysis.minScoreRange') : key === 'countLimit' ? t('analysis.countRequired') : t('analysis.numberInvalid');
      }
      return v;
    };
    const minScore = num('minScore', 0.1, 0.99);
    const minDwellS = num('minDwellS', 0, 3600);
    const cooldownS = num('cooldownS', 0, 86400);
    const countLimit = counted ? num('countLimit', 0, 500, true) : null;
    if (!name.trim()) problems.name = t('common.required');
    else if (takenNames.some((n) => n.trim().toLowerCase() === name.trim().toLowerCase())) problems.name = t('rules.nameTaken');
    if (def.labels.length === 0) problems['definition.labels'] = t('analysis.labelsRequired');
    if (zone.points.length > 0 && zone.points.length < 3) problems['definition.zone'] = t('analysis.zoneTooFew');
    else if (zoned && zone.points.length === 0) problems['definition.zone'] = t('rules.zoneMissing');
    else if (zoned && !zone.closed) problems['definition.zone'] = t('rules.zoneNotClosed');
    if (def.schedule.mode !== 'always' && (def.schedule.windows.length === 0 || def.schedule.windows.some((w) => w.days.length === 0 || !w.from || !w.to))) {
      problems['definition.schedule'] = t('analysis.windowsRequired');
    }
    const first = Object.values(problems)[0];
    if (first) {
      submit.fail(first, problems);
      return null;
    }
    const schedule: Schedule = def.schedule.mode === 'always' ? { ...def.schedule, windows: [] } : def.schedule;
    return { ...def, zone: zone.points.length >= 3 ? zone.points : null, minScore, minDwellS, cooldownS, countLimit, schedule };
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const definition = build();
    if (!definition) return;
    let conflict = false;
    const r = await submit.run(async () => {
      try {
        return rule
          ? await updateRule(rule.id, { name: name.trim(), definition, enabled, expectedVersion: rule.version })
          : await createRule(deviceId, { kind, name: name.trim(), definition, enabled });
      } catch (x) {
        conflict = x instanceof ApiError && (x.status === 409 || x.code === 'version_conflict');
        throw x;
      }
    });
    if (r.ok) onSaved(r.value);
    else if (conflict) onConflict();
  }

  const numberField = (key: keyof Numbers, label: string, opts: { step: string; min: number; max?: number; hint?: string }) => (
    <Field id={`${id}-${key}`} label={label} field={key} error={err(key)} hint={opts.hint} required>
      <input {...describedBy(`${id}-${key}`, err(key), !!opts.hint)} name={key} type="number" inputMode="decimal" step={opts.step} min={opts.min} max={opts.max} value={nums[key]} onChange={(e) => setNums({ ...nums, [key]: e.target.value })} />
    </Field>
  );

  return (
    <form className="card rule-form" onSubmit={onSubmit} noValidate data-testid="rule-form">
      <h3>{rule ? t('analysis.editRule', { name: rule.name }) : t('analysis.newRule')}</h3>
      <ErrorBanner error={submit.error} />
      <div className="grid-2">
        <Field id={`${id}-kind`} label={t('analysis.kind')} field="kind">
          <select id={`${id}-kind`} name="kind" value={kind} disabled={!!rule} onChange={(e) => chooseKind(e.target.value as RuleKind)}>
            {RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`analysis.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-name`} label={t('analysis.name')} field="name" error={submit.fieldError('name')} required>
          <input {...describedBy(`${id}-name`, submit.fieldError('name'))} name="name" maxLength={100} value={name} onChange={(e) => (setName(e.target.value), setNameTouched(true))} />
        </Field>
      </div>

      <div className="field">
        <span className="field-label">{zoned ? t('rules.zoneRequired') : t('analysis.zone')}</span>
        <p className="hint">{zoned ? `${t('rules.zoneRequiredHint')} ${t('analysis.zoneHint')}` : t('analysis.zoneHint')}</p>
        <ZoneEditor zone={zone} onChange={setZone} picture={picture} required={zoned} />
        {err('zone') && (
          <p className="field-error" data-testid="error-zone">
            {err('zone')}
          </p>
        )}
      </div>

      <fieldset className="labels">
        <legend>{t('analysis.labelsField')}</legend>
        {offered.map((l) => (
          <label key={l} className="check">
            <input type="checkbox" name="labels" value={l} checked={def.labels.includes(l)} onChange={(e) => setDef({ ...def, labels: e.target.checked ? [...def.labels, l] : def.labels.filter((x) => x !== l) })} />
            {t(`analysis.labels.${l}`)}
          </label>
        ))}
        {err('labels') && (
          <p className="field-error" data-testid="error-labels">
            {err('labels')}
          </p>
        )}
      </fieldset>

      <div className="grid-2">
        {numberField('minScore', t('analysis.minScore'), { step: '0.05', min: 0.1, max: 0.99, hint: t('analysis.minScoreHint') })}
        {numberField('minDwellS', t('analysis.minDwell'), { step: '1', min: 0, max: 3600, hint: t('analysis.minDwellHint') })}
        {counted && numberField('countLimit', kind === 'overcrowding' ? t('analysis.countMax') : t('analysis.countMin'), { step: '1', min: 0, max: 500 })}
        {numberField('cooldownS', t('analysis.cooldown'), { step: '1', min: 0, max: 86400, hint: t('analysis.cooldownHint') })}
      </div>

      <ScheduleEditor value={def.schedule} onChange={(schedule) => setDef({ ...def, schedule })} openingHours={openingHours} error={err('schedule')} />

      <label className="check">
        <input type="checkbox" name="twoPerson" checked={def.twoPerson === true} onChange={(e) => setDef({ ...def, twoPerson: e.target.checked })} />
        {t('analysis.twoPerson')}
      </label>

      <label className="check">
        <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('analysis.enabled')}
      </label>

      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={submit.busy}>
          {submit.busy ? t('common.saving') : t('analysis.save')}
        </button>
      </div>
    </form>
  );
}
