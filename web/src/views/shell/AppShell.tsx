import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LiveProvider } from '../../app/LiveProvider';
import { useSession, useUser } from '../../hooks/use-session';
import { menuFor } from '../../app/menu';
import { LanguageSwitch } from './LanguageSwitch';
import { mailbox } from '../../api/consents';
import { useApiQuery } from '../../hooks/use-api-query';

/** Top bar, role-aware navigation and the page below; holds the live connection. */
export function AppShell() {
  const { t } = useTranslation();
  const user = useUser();
  const { logOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const mailboxOn = useApiQuery('mailbox-on', (signal) => mailbox(signal));
  const menu = menuFor(user);
  const links = [...menu.filter((l) => l.place === 'bar').map((l) => ({ to: l.to, label: t(l.label) })), ...(mailboxOn.data ? [{ to: '/mailbox', label: t('consent.mailboxNav') }] : [])];
  // One's own things, with the password: the account menu (我的 ▾), closed again on every navigation.
  const mine = [...menu.filter((l) => l.place === 'account').map((l) => ({ to: l.to, label: t(l.label) })), { to: '/account/password', label: t('nav.password') }];
  const accountMenu = useRef<HTMLDetailsElement>(null);
  useEffect(() => accountMenu.current?.removeAttribute('open'), [location.pathname]);

  return (
    <LiveProvider userId={user.id}>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/" className="brand">
            {t('app.name')}
          </NavLink>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <span aria-hidden="true">☰</span> {menuOpen ? t('nav.closeMenu') : t('nav.menu')}
          </button>
          <nav id="main-nav" className={`nav${menuOpen ? ' nav-open' : ''}`} aria-label={t('nav.main')}>
            <ul className="nav-links">
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end>
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
            <div className="nav-user">
              <span className="user-name" title={user.agencyName ? `${user.displayName} · ${user.agencyName}` : user.displayName}>
                {user.displayName}
                <span className="user-role">{t(`role.${user.role}`)}</span>
                {user.agencyName && <span className="user-agency">{user.agencyName}</span>}
              </span>
              <LanguageSwitch />
              {mine.length > 1 ? (
                <details className="account-menu" ref={accountMenu} data-testid="account-menu">
                  <summary className="nav-plain">{t('nav.mine')}</summary>
                  <ul>
                    {mine.map((l) => (
                      <li key={l.to}>
                        <NavLink to={l.to} end className="nav-plain">
                          {l.label}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : (
                <NavLink to="/account/password" className="nav-plain">
                  {t('nav.password')}
                </NavLink>
              )}
              <button type="button" className="btn btn-quiet" onClick={() => void logOut()}>
                {t('nav.logout')}
              </button>
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </LiveProvider>
  );
}
