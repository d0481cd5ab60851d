import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { AccessRequest } from '../../api/access-requests';
import { formatDateTime } from '../../format/datetime';
import { timeLeft } from './time-left';

/** One request as both lists show it: record, status, reason, period, who decided and why, time left. */
export function AccessRequestCard({ r, children }: { r: AccessRequest; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  return (
    <li className="card access-request" data-request-id={r.id} data-status={r.status}>
      <p className="access-request-title">
        <b>{r.record.label ?? r.record.id}</b> <span className={`badge badge-${r.status}`} data-testid="request-status">{t(`accessRequests.status.${r.status}`)}</span>
        {r.purpose === 'publication' && <span className="badge">{t('accessRequests.purposes.publication')}</span>}
      </p>
      <p className="small">
        {t(`accessRequests.kinds.${r.record.kind}`)} · {t('accessRequests.owner')}：{r.ownerAgency.name}
      </p>
      {r.record.windowFrom && (
        <p className="small">
          {t('accessRequests.window')}：{at(r.record.windowFrom)} – {at(r.record.windowTo)}
        </p>
      )}
      <p className="small">
        {t('accessRequests.requester')}：{r.requester.name}
        {r.requester.agencyName ? `（${r.requester.agencyName}）` : ''} · {t('accessRequests.askedAt')}：{at(r.createdAt)}
      </p>
      <p className="small">
        {t('accessRequests.reason')}：{r.reason}
      </p>
      <p className="small">
        {t('accessRequests.period')}：{at(r.period.from)} – {at(r.period.until)}
      </p>
      {r.decision && <p className="small">{t('accessRequests.opinionBy', { by: r.decision.by ?? '—', opinion: r.decision.opinion ?? '' })}</p>}
      {r.status === 'approved' && r.secondsLeft !== null && (
        <p className="small" data-testid="time-left">
          {t('accessRequests.validUntil', { at: at(r.validUntil) })} · {t('accessRequests.left', { time: timeLeft(t, r.secondsLeft) })}
        </p>
      )}
      {r.revocation && <p className="small">{t('accessRequests.revokedBy', { by: r.revocation.by ?? '—', reason: r.revocation.reason ?? '' })}</p>}
      {children}
    </li>
  );
}
