import { useTranslation } from 'react-i18next';
import { listLateUploads } from '../../api/mobile-recordings';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { UploadList } from './UploadList';
import './mobile.css';

/** The unit head's list of field records uploaded past their storage limit, with the reasons (R10). */
export function LateUploadsView() {
  const { t } = useTranslation();
  const q = useApiQuery('late', (signal) => listLateUploads(signal));
  return (
    <section className="card" data-testid="late-uploads">
      <h1>{t('mobile.lateTitle')}</h1>
      <p className="small muted">{t('mobile.lateHint')}</p>
      {q.loading && !q.data && <Loading />}
      <UploadList items={q.data?.items} error={q.error} showTarget />
    </section>
  );
}
