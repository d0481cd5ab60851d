import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateRule, type Rule } from '../../api/analysis';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { PictureFrame } from './PictureFrame';
import { RuleHistory } from './RuleHistory';
import { summarize } from './rule-labels';
import type { ImageState } from './use-image';
import { ZoneOverlay } from './ZoneOverlay';

type Props = { rule: Rule; image: ImageState; onEdit?: () => void; onChanged(rule: Rule): void; onConflict(): void };

/** One rule: its zone over the picture, what it looks for, its version, an enable toggle and its history. */
export function RuleCard({ rule, image, onEdit, onChanged, onConflict }: Props) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState(false);
  const toggle = useSubmit();

  async function setEnabled(enabled: boolean) {
    let conflict = false;
    const r = await toggle.run(async () => {
      try {
        return await updateRule(rule.id, { enabled, expectedVersion: rule.version });
      } catch (e) {
        conflict = e instanceof ApiError && (e.status === 409 || e.code === 'version_conflict');
        throw e;
      }
    });
    if (r.ok) onChanged(r.value);
    else if (conflict) onConflict();
  }

  return (
    <li className="rule" data-testid="rule" data-rule-id={rule.id}>
      <PictureFrame image={image} alt="" missingLabel={t('analysis.noPicture')} className="picture-thumb">
        {rule.definition.zone && <ZoneOverlay zones={[{ key: rule.id, points: rule.definition.zone }]} />}
      </PictureFrame>
      <div className="rule-body">
        <h3>
          {rule.name} <StatusBadge status={rule.enabled ? 'active' : 'retired'} label={rule.enabled ? t('analysis.on') : t('analysis.off')} />{' '}
          <span className="badge badge-off" data-testid="rule-version">
            {t('analysis.version', { version: rule.version })}
          </span>
        </h3>
        <p className="small">
          {t(`analysis.kinds.${rule.kind}`)} · {summarize(t, rule.definition)}
        </p>
        <p className="muted small">{t('analysis.updated', { at: formatDateTime(rule.updatedAt, i18n.language), by: rule.updatedBy?.displayName ?? '—' })}</p>
        <ErrorBanner error={toggle.error} />
        <div className="actions actions-start">
          {onEdit && (
            <button type="button" className="btn btn-small" onClick={onEdit}>
              {t('analysis.edit')}
            </button>
          )}
          {onEdit && (
            <button type="button" className="btn btn-small" disabled={toggle.busy} onClick={() => void setEnabled(!rule.enabled)}>
              {rule.enabled ? t('analysis.disable') : t('analysis.enable')}
            </button>
          )}
          <button type="button" className="btn btn-small btn-quiet" aria-expanded={history} onClick={() => setHistory((h) => !h)}>
            {history ? t('analysis.hideHistory') : t('analysis.history')}
          </button>
        </div>
        {history && <RuleHistory rule={rule} />}
      </div>
    </li>
  );
}
