import { Navigate } from 'react-router';
import { getBusiness } from '../../api/registry';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { canEditRegistry, useUser } from '../../hooks/use-session';
import { NotFoundView } from '../shell/NotFoundView';
import { BusinessFormView } from './BusinessFormView';

/** Loads the business, then shows the form filled with it (a reload starts the form afresh). */
export function BusinessEditView({ id }: { id: string }) {
  const user = useUser();
  const q = useApiQuery(`business:${id}`, (signal) => getBusiness(id, signal));
  if (!canEditRegistry(user)) return <Navigate to={`/businesses/${id}`} replace />;
  if (q.error?.status === 404) return <NotFoundView />;
  if (q.error && !q.data) return <ErrorBanner error={q.error} />;
  if (!q.data || q.data.id !== id) return <Loading />;
  if (q.data.status !== 'active') return <Navigate to={`/businesses/${id}`} replace />;
  return <BusinessFormView key={`${q.data.id}:${q.data.version}`} initial={q.data} onReload={q.reload} />;
}
