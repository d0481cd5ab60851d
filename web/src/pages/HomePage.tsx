import { Navigate } from 'react-router';
import { homePath, useUser } from '../hooks/use-session';

/** "/" sends each role to its start page. */
export function HomePage() {
  return <Navigate to={homePath(useUser())} replace />;
}
