import { useTranslation } from 'react-i18next';
import { getRetention, type RetentionKind } from '../api/retention';
import { useApiQuery } from '../hooks/use-api-query';

/**
 * The small line shown on a record (R11): "保存期限：… 至 YYYY-MM-DD（依据…）" and a 保全 badge while
 * an approved hold covers it. Says nothing when the retention cannot be read (no such record, no access).
 */
export function RetentionLine({ kind, id, window }: { kind: RetentionKind; id: string; window?: { from: string; to: string } | null }) {
  const { t, i18n } = useTranslation();
  const key = `retention:${kind}:${id}:${window?.from ?? ''}:${window?.to ?? ''}`;
  const q = useApiQuery(key, (signal) => getRetention(kind, id, window, signal));
  const r = q.data;
  if (!r) return null;
  // The server words the rule in Chinese (with the days this platform keeps); other languages get the rule of the class.
  const basis = i18n.language.startsWith('zh') ? r.basis : t(`retention.bases.${r.class}`);
  const until = r.keepUntil ? t('retention.until', { date: r.keepUntil }) : r.withCaseFile ? t('retention.withCaseFile') : t('retention.noEnd');
  return (
    <p className="muted small" data-testid="retention-line" data-class={r.class}>
      {t('retention.line', { cls: t(`retention.classes.${r.class}`), until })}
      <span title={basis}>{t('retention.basis', { basis })}</span>
      {r.held.length > 0 && (
        <span className="badge badge-warn" data-testid="hold-badge" title={r.held.map((h) => t(`retention.reasons.${h.reason}`)).join('、')}>
          {' '}
          {t('retention.held')}
        </span>
      )}
    </p>
  );
}
