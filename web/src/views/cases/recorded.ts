import type { TFunction } from 'i18next';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A recorded value as people read it: a choice by its label (当事人 sees 给予行政处罚, not `penalty`). */
function shown(t: TFunction, k: string, v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v !== 'string') return String(v);
  const key = k === 'source' ? `cases.source.${v}` : `cases.option.${k}.${v}`;
  return t(key, { defaultValue: v });
}

/**
 * What a stage recorded, as label: value lines (long texts shortened; the document has them whole).
 * References to people or records (ids) are left out: the stage names its people, the documents the rest.
 */
export function recorded(t: TFunction, kind: string, fields: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string' && UUID.test(v)) continue;
    // How it came (the party online) is the stage's badge, not a line.
    if (k === 'channel') continue;
    if (v === null || v === undefined || v === '' || typeof v === 'object') {
      if (k === 'penalty' && v && typeof v === 'object') {
        const p = v as { kinds?: string[]; fineFen?: number | null };
        const kinds = (p.kinds ?? []).map((x) => t(`cases.option.penaltyKind.${x}`)).join('、');
        const fine = typeof p.fineFen === 'number' ? ` ¥${(p.fineFen / 100).toLocaleString()}` : '';
        out.push([t('cases.field.penalty'), `${kinds}${fine}`]);
      }
      continue;
    }
    const label = t(`cases.stageField.${kind}.${k}`, { defaultValue: t(`cases.field.${k}`, { defaultValue: k }) });
    const text = shown(t, k, v as string | number | boolean);
    out.push([label, text.length > 240 ? `${text.slice(0, 240)}…` : text]);
  }
  return out;
}
