import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { adminTabsFor } from '../../app/menu';
import { useUser } from '../../hooks/use-session';

/** The pages of 系统管理 (users, agencies), as tabs on top of each. */
export function AdminTabs() {
  const { t } = useTranslation();
  const tabs = adminTabsFor(useUser());
  return (
    <nav className="actions" aria-label={t('admin.section')} data-testid="admin-tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end className={({ isActive }) => `btn${isActive ? ' btn-primary' : ''}`}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}
