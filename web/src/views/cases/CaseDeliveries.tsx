import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import type { CaseWorkspace } from '../../api/cases';
import { caseDeliveries, serveDocument, SERVED_KINDS, type Delivery } from '../../api/delivery';
import { Loading } from '../../components/Loading';
import { formatDateTimeSeconds } from '../../format/datetime';
import { useApiQuery } from '../../hooks/use-api-query';
import { can, useUser } from '../../hooks/use-session';
import { RefusalBanner } from './RefusalBanner';
import { ServiceMethodForm } from './ServiceMethodForm';

/**
 * 送达 on the case workspace (issue 14 item 2): each document addressed to the party, with a button
 * to serve it through every confirmed channel at once (officers), and its deliveries — status,
 * service date and the rule that sets it, each channel's outcome and every evidence event with its
 * hash. While a delivery is under way the panel looks again every few seconds.
 */
export function CaseDeliveries({ ws, onServed }: { ws: CaseWorkspace; onServed(): void }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const q = useApiQuery(`case-deliveries:${ws.case.id}:${ws.case.version}`, (signal) => caseDeliveries(ws.case.id, signal));
  const [busy, setBusy] = useState<string | null>(null);
  const [methodFor, setMethodFor] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | undefined>(undefined);
  const items = q.data?.items ?? [];
  const serving = items.some((d) => d.status === 'serving');
  const { reload } = q;
  useEffect(() => {
    if (!serving) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [serving, reload]);
  // A delivery that completed added its 送达 stage and 送达回证 to the case: the workspace reloads.
  const wasServing = useRef(false);
  useEffect(() => {
    if (wasServing.current && !serving) onServed();
    wasServing.current = serving;
  }, [serving, onServed]);

  // The latest version of each document the party receives.
  const docs = [...new Map(ws.documents.filter((d) => SERVED_KINDS.includes(d.kind)).map((d) => [d.id, d])).values()];
  const serve = async (documentId: string) => {
    setBusy(documentId);
    setFailure(undefined);
    try {
      await serveDocument(ws.case.id, documentId);
      q.reload();
      onServed();
    } catch (e) {
      setFailure(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card case-deliveries" data-testid="case-deliveries">
      <h2>{t('delivery.title')}</h2>
      <p className="muted small">{t('delivery.intro')}</p>
      {failure && <RefusalBanner error={failure} />}
      {docs.length === 0 && <p className="muted">{t('delivery.none')}</p>}
      {q.loading && !q.data && <Loading />}
      <ul className="delivery-docs">
        {docs.map((doc) => {
          const mine = items.filter((d) => d.documentId === doc.id);
          return (
            <li key={doc.id} data-testid="delivery-document" data-kind={doc.kind}>
              <p>
                <strong>{t(`cases.document.${doc.kind}`, { defaultValue: doc.kind })}</strong> {doc.number && <span className="muted small">{doc.number}</span>}{' '}
                {can(user, 'case.act') && !mine.some((d) => d.status !== 'not_served') && (
                  <button type="button" className="btn btn-small btn-primary" data-testid="delivery-serve" disabled={busy === doc.id} onClick={() => void serve(doc.id)}>
                    {busy === doc.id ? t('delivery.serving') : t('delivery.serve')}
                  </button>
                )}{' '}
                {can(user, 'case.act') && !mine.some((d) => d.status === 'served') && methodFor !== doc.id && (
                  <button type="button" className="btn btn-small" data-testid="delivery-method" onClick={() => setMethodFor(doc.id)}>
                    {t('delivery.method.open')}
                  </button>
                )}
              </p>
              {methodFor === doc.id && (
                <ServiceMethodForm
                  caseId={ws.case.id}
                  documentId={doc.id}
                  onCancel={() => setMethodFor(null)}
                  onDone={() => {
                    setMethodFor(null);
                    q.reload();
                    onServed();
                  }}
                />
              )}
              {mine.length === 0 ? <p className="muted small">{t('delivery.noDeliveries')}</p> : mine.map((d) => <DeliveryCard key={d.id} d={d} lang={i18n.language} />)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What an event says beyond its kind: the server's reply, the reason it failed, the officer's record. */
function detailOf(e: Delivery['events'][number]): string {
  const d = e.detail;
  const first = [d.response, d.summary, d.reason].find((x) => typeof x === 'string' && x);
  return typeof first === 'string' ? first : '';
}

function DeliveryCard({ d, lang }: { d: Delivery; lang: string }) {
  const { t } = useTranslation();
  const at = (s: string) => formatDateTimeSeconds(new Date(s), lang);
  return (
    <div className="delivery" data-testid="delivery" data-status={d.status}>
      <p>
        <span className={`badge ${d.status === 'served' ? 'badge-ok' : d.status === 'not_served' ? 'badge-warn' : ''}`}>{t(`delivery.status.${d.status}`)}</span>{' '}
        {d.servedAt && <span data-testid="delivery-served-at">{t('delivery.servedAt', { at: at(d.servedAt) })}</span>}
      </p>
      {d.serviceRule && <p className="small">{t('delivery.rule', { rule: d.serviceRule, basis: d.serviceBasis })}</p>}
      {d.status === 'not_served' && <p className="small banner banner-warn">{t('delivery.notServedHint')}</p>}
      {d.certificateId && <p className="small">{t('delivery.certificate')}</p>}
      <p className="small mono" title="SHA-256">SHA-256 {d.sha256}</p>
      <h3 className="small">{t('delivery.channelsTitle')}</h3>
      <ul className="small">
        {d.channels.map((c) => (
          <li key={c.id} data-testid="delivery-channel" data-channel={c.channel} data-status={c.status}>
            {t(`delivery.channel.${c.channel}`)} · {c.channel === 'portal' ? '' : `${c.address} · `}
            {t(`delivery.channelStatus.${c.status}`, { defaultValue: c.status })}
          </li>
        ))}
      </ul>
      <h3 className="small">{t('delivery.eventsTitle')}</h3>
      <p className={`small ${d.chain.ok ? 'muted' : 'banner banner-error'}`}>{d.chain.ok ? t('delivery.chainOk') : t('delivery.chainBroken', { problems: d.chain.problems.join('；') })}</p>
      <ol className="delivery-events small">
        {d.events.map((e) => (
          <li key={e.seq} data-testid="delivery-event" data-kind={e.kind}>
            <span className="muted">{at(e.at)}</span> <strong>{t(`delivery.event.${e.kind}`, { defaultValue: e.kind })}</strong>
            {e.channel && <span className="muted"> · {t(`delivery.channel.${e.channel}`)}</span>}
            {detailOf(e) && <div className="wrap">{detailOf(e)}</div>}
            <div className="mono hash muted" title={e.hash}>
              {t('delivery.hash')} {e.hash}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
