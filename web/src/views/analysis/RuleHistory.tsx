import { useTranslation } from 'react-i18next';
import { ruleVersions, type Rule } from '../../api/analysis';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { formatDateTime } from '../businesses/labels';
import { summarize } from './rule-labels';

/** Every saved version of a rule, newest first: who changed what, when. */
export function RuleHistory({ rule }: { rule: Rule }) {
  const { t, i18n } = useTranslation();
  const q = useApiQuery(`rule-versions:${rule.id}:${rule.version}`, (signal) => ruleVersions(rule.id, signal));
  const versions = [...(q.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <div className="rule-history" data-testid="rule-history">
      <ErrorBanner error={q.error} />
      {!q.data ? (
        q.loading && <Loading />
      ) : versions.length === 0 ? (
        <p className="muted small">{t('analysis.historyEmpty')}</p>
      ) : (
        <ol className="version-list">
          {versions.map((v) => (
            <li key={v.version}>
              <strong>{t('analysis.version', { version: v.version })}</strong> <span className="muted small">{t('analysis.updated', { at: formatDateTime(v.createdAt, i18n.language), by: v.createdBy?.displayName ?? '—' })}</span>
              <br />
              <span className="small">
                {v.name} · {v.enabled ? t('analysis.on') : t('analysis.off')} · {summarize(t, v.definition)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
