import { useTranslation } from 'react-i18next';
import { uploadNoticePhoto, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';

/** Photos of the posted site notice; the business takes one with its phone camera. */
export function NoticePhotos({ consent, onUploaded }: { consent: Consent; onUploaded: () => void }) {
  const { t } = useTranslation();
  const upload = useSubmit();
  const can = consent.actions.includes('upload_photo');
  return (
    <section className="card">
      <h2>{t('consent.photos')}</h2>
      {consent.status === 'active' && consent.noticePhotos.length === 0 && can && <p className="notice-ok">{t('consent.sign.doneHint')}</p>}
      {consent.noticePhotos.length === 0 ? (
        <p className="muted">{t('consent.noPhotos')}</p>
      ) : (
        <div className="photo-grid">
          {consent.noticePhotos.map((p) => (
            <a key={p.id} href={`/api/consents/${consent.id}/notice-photos/${p.id}`} target="_blank" rel="noreferrer">
              <img src={`/api/consents/${consent.id}/notice-photos/${p.id}`} alt={`${t('consent.photos')} ${p.uploadedAt}`} />
            </a>
          ))}
        </div>
      )}
      {can && (
        <>
          <ErrorBanner error={upload.error} />
          <label className="btn">
            {t('consent.uploadPhoto')}
            <input
              className="sr-only"
              type="file"
              name="noticePhoto"
              accept="image/jpeg,image/png"
              capture="environment"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void upload.run(() => uploadNoticePhoto(consent.id, file)).then((r) => r.ok && onUploaded());
              }}
            />
          </label>
        </>
      )}
    </section>
  );
}
