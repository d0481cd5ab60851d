import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { auditTabsFor } from '../../app/menu';
import { can, useUser } from '../../hooks/use-session';
import { AdminTabs } from '../admin/AdminTabs';

/** The audit area's tabs: 系统管理's for an admin, the ledger and the audit log for an auditor; none for one page alone. */
export function AuditTabs() {
  const { t } = useTranslation();
  const user = useUser();
  if (can(user, 'user.admin')) return <AdminTabs />;
  const tabs = auditTabsFor(user);
  if (tabs.length < 2) return null;
  return (
    <nav className="actions" aria-label={t('admin.nav.audit')} data-testid="audit-tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end className={({ isActive }) => `btn${isActive ? ' btn-primary' : ''}`}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}
