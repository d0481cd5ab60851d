import { useTranslation } from 'react-i18next';

/** No signed confirmation: nothing may be served electronically (行政处罚法 art. 61 ¶2). */
export function NoConfirmation({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-warn" role="status" data-testid="no-confirmation">
      <p>
        <strong>{t('serviceAddress.noneTitle')}</strong>
      </p>
      <p className="small">{staff ? t('serviceAddress.noneHintStaff') : t('serviceAddress.noneHint')}</p>
    </div>
  );
}
