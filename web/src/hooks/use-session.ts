import { createContext, useContext } from 'react';
import type { Permission } from '../../../core/access/permissions';
import type { User } from '../api/types';

export type SessionState = {
  /** null when nobody is logged in; undefined while the first /me call is under way. */
  user: User | null | undefined;
  /** Set after a 401 on a call that needed a session: the login page says why. */
  expired: boolean;
  logIn(username: string, password: string): Promise<User>;
  logOut(): Promise<void>;
};

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}

/** The logged-in user; only for components rendered behind <RequireAuth>. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a logged-in user');
  return user;
}

/** Whether the user may do this: the permissions the server gave with the session (it decides again on every request). */
export function can(user: Pick<User, 'permissions'>, permission: Permission): boolean {
  return user.permissions.includes(permission);
}

/** Businesses, sites and devices are registered and edited by officers and admins. */
export function canEditRegistry(user: User): boolean {
  return can(user, 'business.write');
}

/** Service addresses are agreed by the business itself or recorded by an editor. */
export function canEditServiceAddresses(user: User): boolean {
  return can(user, 'service_address.write');
}

/** Where a user lands after login. */
export function homePath(user: User): string {
  // A business starts at its findings, those waiting for its answer first (consents are one tap away in the menu).
  if (user.role === 'business') return user.businessId ? '/portal/findings' : '/account/password';
  return '/businesses';
}
