import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorScreen } from '../components/ErrorScreen';
import { NotFoundView } from '../views/shell/NotFoundView';

/** The router's error element: a 404 from routing, or a render error anywhere below. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundView />;
  const detail = error instanceof Error ? error.message : isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : undefined;
  return <ErrorScreen detail={detail} onRetry={() => window.location.reload()} />;
}
