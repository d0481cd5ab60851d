import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import * as auth from '../api/auth';
import { isAbort, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { User } from '../api/types';
import { SessionContext, type SessionState } from '../hooks/use-session';

/** Knows who is logged in: asks /api/auth/me once, then follows login, logout and 401s. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    const ctrl = new AbortController();
    auth.me(ctrl.signal).then(
      (u) => setUser(u),
      (e: unknown) => {
        if (!isAbort(e)) setUser(null);
      },
    );
    return () => ctrl.abort();
  }, []);

  const path = location.pathname;
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setUser(null);
      setExpired(true);
      if (path !== '/login') void navigate('/login', { replace: true, state: { from: path } });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, path]);

  const logIn = useCallback(async (username: string, password: string) => {
    const u = await auth.login(username, password);
    setExpired(false);
    setUser(u);
    return u;
  }, []);

  const logOut = useCallback(async () => {
    try {
      await auth.logout();
    } catch {
      // Already logged out on the server: nothing more to do.
    }
    setExpired(false);
    setUser(null);
    void navigate('/login', { replace: true });
  }, [navigate]);

  const value = useMemo<SessionState>(() => ({ user, expired, logIn, logOut }), [user, expired, logIn, logOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
