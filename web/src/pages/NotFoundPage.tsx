import { NotFoundView } from '../views/shell/NotFoundView';

export function NotFoundPage() {
  return <NotFoundView />;
}
