import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { publicPublication } from '../../api/disclosure';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/use-api-query';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import './disclosure.css';

const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** One published decision or inspection result, no login; once withdrawn: 已撤回, the date and the reason (行政处罚法第四十八条第二款), not the text. */
export function PublicPublicationView({ reference }: { reference: string }) {
  const { t } = useTranslation();
  const q = useApiQuery(`public-pub:${reference}`, (signal) => publicPublication(reference, signal));
  useEffect(() => {
    document.title = `${q.data?.title ?? t('disclosure.publicTitle')} · ${t('app.name')}`;
  }, [t, q.data]);
  return (
    <main className="main public-page" id="main">
      <div className="page-head">
        <Link to="/public">{t('disclosure.back')}</Link>
        <LanguageSwitch />
      </div>
      {q.error ? (
        <p className="notice-bad">{q.error.status === 404 || q.error.status === 400 ? t('disclosure.notFound') : q.error.message}</p>
      ) : !q.data ? (
        <Loading />
      ) : (
        <article className="card public-detail" data-testid="public-publication">
          <h1>{q.data.title}</h1>
          {q.data.withdrawn && (
            <div className="notice-bad public-withdrawn" data-testid="withdrawal">
              <strong>{t('disclosure.withdrawn')}</strong>
              <p>
                {t('disclosure.withdrawnOn')}：{day(q.data.withdrawal!.at)}
                {q.data.withdrawal!.changeKind ? `（${q.data.withdrawal!.changeKind}）` : ''}
              </p>
              <p>
                {t('disclosure.withdrawalReason')}：{q.data.withdrawal!.reason}
              </p>
              <p className="muted small">{t('disclosure.withdrawnNote')}</p>
            </div>
          )}
          <dl className="public-facts">
            <dt>{t('disclosure.party')}</dt>
            <dd>{q.data.partyName}</dd>
            {q.data.documentNumber && (
              <>
                <dt>{t('disclosure.number')}</dt>
                <dd>{q.data.documentNumber}</dd>
              </>
            )}
            <dt>{t('disclosure.agency')}</dt>
            <dd>{q.data.agency}</dd>
            <dt>{t('disclosure.publishedAt')}</dt>
            <dd>{day(q.data.publishedAt)}</dd>
          </dl>
          {q.data.body && <pre className="public-body">{q.data.body}</pre>}
        </article>
      )}
    </main>
  );
}
