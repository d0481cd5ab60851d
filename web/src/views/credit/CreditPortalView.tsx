import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../hooks/use-session';
import { CreditPanel } from './CreditPanel';

/** 我的信用等级: the business's own grade in its portal (phone layout first, 390 px wide). */
export function CreditPortalView() {
  const { t } = useTranslation();
  const user = useUser();
  useEffect(() => {
    document.title = `${t('credit.portalNav')} · ${t('app.name')}`;
  }, [t]);
  return <section className="credit-portal">{user.businessId && <CreditPanel businessId={user.businessId} heading="h1" />}</section>;
}
