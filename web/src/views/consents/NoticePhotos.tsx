import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadNoticePhoto, type Consent } from '../../api/consents';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSubmit } from '../../hooks/use-submit';
import { formatDateTime } from '../businesses/labels';
import { uploadablePhoto } from './photo-file';

/** Photos of the posted site notice; the business takes one with its phone camera. */
export function NoticePhotos({ consent, onUploaded }: { consent: Consent; onUploaded: () => void }) {
  const { t, i18n } = useTranslation();
  const upload = useSubmit();
  const [converted, setConverted] = useState(false);
  const can = consent.actions.includes('upload_photo');

  async function onFile(file: File) {
    setConverted(false);
    const photo = await uploadablePhoto(file);
    if (!photo) {
      upload.fail(t('consent.photoUnreadable'), { photo: t('consent.photoUnreadable') });
      return;
    }
    const r = await upload.run(() => uploadNoticePhoto(consent.id, photo.blob, photo.type));
    if (r.ok) {
      setConverted(photo.converted);
      onUploaded();
    }
  }

  return (
    <section className="card" data-testid="notice-photos">
      <h2>{t('consent.photos')}</h2>
      {consent.status === 'active' && consent.noticePhotos.length === 0 && can && <p className="notice-ok">{t('consent.sign.doneHint')}</p>}
      {consent.noticePhotos.length === 0 ? (
        <p className="muted">{t('consent.noPhotos')}</p>
      ) : (
        <div className="photo-grid">
          {consent.noticePhotos.map((p) => (
            <a key={p.id} href={`/api/consents/${consent.id}/notice-photos/${p.id}`} target="_blank" rel="noreferrer">
              <img src={`/api/consents/${consent.id}/notice-photos/${p.id}`} alt={`${t('consent.photos')} ${formatDateTime(p.uploadedAt, i18n.language)}`} loading="lazy" />
            </a>
          ))}
        </div>
      )}
      {can && (
        <>
          <ErrorBanner error={upload.error} />
          {converted && (
            <p className="muted small" role="status">
              {t('consent.photoCompressed')}
            </p>
          )}
          <div className={`field${upload.fieldError('photo') ? ' field-invalid' : ''}`} data-field="photo">
          <label className={`btn${consent.noticePhotos.length === 0 ? ' btn-primary' : ''}`} aria-disabled={upload.busy}>
            {upload.busy ? t('consent.photoUploading') : t('consent.uploadPhoto')}
            <input
              className="sr-only"
              type="file"
              name="noticePhoto"
              accept="image/*"
              capture="environment"
              disabled={upload.busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void onFile(file);
              }}
            />
          </label>
          {upload.fieldError('photo') && (
            <p className="field-error" data-testid="error-photo">
              {upload.fieldError('photo')}
            </p>
          )}
          </div>
        </>
      )}
    </section>
  );
}
