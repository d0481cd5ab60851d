import { Navigate } from 'react-router';
import { canEditRegistry, useUser } from '../hooks/use-session';
import { BusinessFormView } from '../views/businesses/BusinessFormView';

export function BusinessNewPage() {
  if (!canEditRegistry(useUser())) return <Navigate to="/" replace />;
  return <BusinessFormView />;
}
