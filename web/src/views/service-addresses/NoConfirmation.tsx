import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

/** No signed confirmation: nothing may be served electronically (行政处罚法 art. 61 ¶2). */
export function NoConfirmation({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  return (
    <div data-testid="no-confirmation">
      <EmptyState title={t('serviceAddress.noneTitle')} hint={staff ? t('serviceAddress.noneHintStaff') : t('serviceAddress.noneHint')} />
    </div>
  );
}
