import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundView() {
  const { t } = useTranslation();
  return (
    <section className="not-found">
      <h1>{t('errors.notFound')}</h1>
      <p className="muted">{t('errors.notFoundHint')}</p>
      <p>
        <Link className="btn btn-primary" to="/">
          {t('errors.goHome')}
        </Link>
      </p>
    </section>
  );
}
