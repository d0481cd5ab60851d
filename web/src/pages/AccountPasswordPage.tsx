import { PasswordView } from '../views/auth/PasswordView';

export function AccountPasswordPage() {
  return <PasswordView />;
}
