import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accessRequestQueue } from '../../api/access-requests';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';

/**
 * The unit head's way to the access requests waiting for him (调用审批), shown beside his case
 * approvals: the header bar has no room for another entry at 1366 px, and both are his 待审批.
 */
export function AccessQueueLink() {
  const { t } = useTranslation();
  const head = can(useUser(), 'access.approve');
  const q = useApiQuery(head ? 'access-requests-queue-count' : null, (signal) => accessRequestQueue(signal));
  if (!head) return null;
  const n = q.data?.items.filter((r) => r.status === 'pending').length;
  return (
    <Link to="/access-requests?tab=queue" className="btn btn-small" data-testid="access-queue-link">
      {t('accessRequests.queueLink')} {n !== undefined && <span className="badge">{n}</span>}
    </Link>
  );
}
