import { LoginView } from '../views/auth/LoginView';

export function LoginPage() {
  return <LoginView />;
}
