import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessDetail } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { SiteCard } from './SiteCard';
import { SiteForm } from './SiteForm';

type Props = { business: BusinessDetail; editable: boolean; onChanged(): void };

/** The business's sites, each with its devices; editors add sites here. */
export function SitesSection({ business, editable, onChanged }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <section className="card" aria-labelledby="sites-title">
      <div className="section-head">
        <h2 id="sites-title">{t('site.title')}</h2>
        {editable && !adding && (
          <button type="button" className="btn" onClick={() => setAdding(true)}>
            + {t('site.add')}
          </button>
        )}
      </div>
      {adding && (
        <SiteForm
          businessId={business.id}
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
      {business.sites.length === 0 && !adding ? (
        <EmptyState title={t('site.empty')} />
      ) : (
        <ul className="site-list">
          {business.sites.map((s) => (
            <li key={s.id}>
              <SiteCard site={s} editable={editable} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
