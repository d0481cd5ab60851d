import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DashboardAgency } from '../../api/dashboard';
import type { Agency } from '../../api/types';
import { dashboardUrl, type DashboardContext } from './drill';

/**
 * Province → city → district: the agency shown and those above it, up to the caller's own (he may
 * not look above it); each one above is a link back up.
 */
export function RegionTrail({ ctx, agency, agencies, ownAgencyId }: { ctx: DashboardContext; agency: DashboardAgency; agencies: Agency[]; ownAgencyId: string | null }) {
  const { t } = useTranslation();
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const chain: { id: string; name: string }[] = [{ id: agency.id, name: agency.name }];
  let parent = agency.id === ownAgencyId ? null : agency.parentId;
  while (parent && byId.has(parent) && chain.length < 5) {
    const a = byId.get(parent)!;
    chain.unshift({ id: a.id, name: a.name });
    parent = a.id === ownAgencyId ? null : a.parentId;
  }
  return (
    <nav aria-label={t('dashboard.regionTrail')} className="region-trail" data-testid="region-trail">
      <ol>
        {chain.map((a, i) => (
          <li key={a.id}>
            {i < chain.length - 1 ? (
              <Link to={dashboardUrl({ ...ctx, agencyId: a.id })}>{a.name}</Link>
            ) : (
              <span aria-current="page">
                {a.name} <span className="muted small">({t(`admin.agencies.level.${agency.level}`)})</span>
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
