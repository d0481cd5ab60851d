import { useTranslation } from 'react-i18next';

type Props = { total: number; limit: number; offset: number; onChange(offset: number): void };

export function Pagination({ total, limit, offset, onChange }: Props) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('pager.page', { page, pages })}>
      <button type="button" className="btn" disabled={page <= 1} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('pager.prev')}
      </button>
      <span className="muted">{t('pager.page', { page, pages })}</span>
      <button type="button" className="btn" disabled={page >= pages} onClick={() => onChange(offset + limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
