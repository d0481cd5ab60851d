import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../core/access/permissions';
import { EmptyState } from '../components/EmptyState';
import { can, useUser } from '../hooks/use-session';

/**
 * A page for users whose session holds the permission; anyone else sees one clear sentence
 * instead of forms the server would refuse (the server still decides on every request).
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  if (!can(useUser(), permission)) return <EmptyState title={t('common.noPermissionTitle')} hint={t('common.noPermissionHint')} />;
  return children;
}
