import type { TFunction } from 'i18next';
import type { RuleDefinition } from '../../api/analysis';

/** One line that says what a rule definition looks for: objects, score, dwell, count, zone. */
export function summarize(t: TFunction, d: RuleDefinition): string {
  const parts = [
    t('analysis.summary', { labels: d.labels.map((l) => t(`analysis.labels.${l}`, { defaultValue: l })).join(t('analysis.listSep')), score: d.minScore, dwell: d.minDwellS }),
    d.countLimit !== null ? t('analysis.summaryCount', { count: d.countLimit }) : null,
    d.zone ? t('analysis.summaryZone', { count: d.zone.length }) : t('analysis.summaryWhole'),
    d.schedule.mode === 'always' ? null : `${t(`analysis.scheduleModes.${d.schedule.mode}`)} ${d.schedule.windows.map((w) => `${w.days.map((n) => t(`analysis.days.${n}`)).join('')} ${w.from}–${w.to}`).join('; ')}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Flag type in words (rule kinds and camera faults); an unknown type shows as it is. */
export function flagTypeLabel(t: TFunction, type: string): string {
  return t(`flags.types.${type}`, { defaultValue: type });
}
