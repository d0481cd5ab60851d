import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { publications, publishCase } from '../../api/disclosure';
import { ErrorBanner, Notice } from '../../components/ErrorBanner';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { useSubmit } from '../../hooks/use-submit';

/** On a decided case: 公开处罚决定 makes a masked draft (行政处罚法第四十八条), or shows the publication the case already has. */
export function PublishDecisionButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const submit = useSubmit();
  const q = useApiQuery(can(user, 'publication.read') ? `case-publications:${caseId}` : null, (signal) => publications({ caseId }, signal));
  if (!can(user, 'publication.request')) return null;
  const live = q.data?.items.find((p) => p.status === 'draft' || p.status === 'requested' || p.status === 'published');
  return (
    <div className="publish-decision">
      <ErrorBanner error={submit.error} />
      {live ? (
        <Notice>
          {live.statusText} · <Link to={`/disclosure?tab=${live.status}`}>{t('disclosure.openManagement')}</Link>
        </Notice>
      ) : (
        <button type="button" className="btn" disabled={submit.busy || q.loading} onClick={async () => (await submit.run(() => publishCase(caseId))).ok && q.reload()} data-testid="publish-decision">
          {t('disclosure.publishDecision')}
        </button>
      )}
    </div>
  );
}
