import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hold } from '../../api/holds';
import { formatDateTime } from '../../format/datetime';

/** One hold as both lists show it: record, status, reason and its basis, note, review date, who decided and why. */
export function HoldCard({ h, children }: { h: Hold; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  return (
    <li className="card hold" data-hold-id={h.id} data-status={h.status}>
      <p>
        <b>{h.record.label ?? t(`holds.kinds.${h.record.kind}`)}</b>{' '}
        <span className={`badge${h.status === 'review_due' ? ' badge-warn' : ''}`} data-testid="hold-status">
          {t(`retention.statuses.${h.status}`)}
        </span>
      </p>
      <p className="small">
        {t(`holds.kinds.${h.record.kind}`)} · {t('holds.owner')}：{h.ownerAgency.name}
      </p>
      {h.record.windowFrom && (
        <p className="small">
          {t('holds.window')}：{at(h.record.windowFrom)} – {at(h.record.windowTo)}
        </p>
      )}
      <p className="small">
        {t('holds.reason')}：{t(`holds.reasons.${h.reason}`)} <span className="muted">{t('retention.basis', { basis: h.basis })}</span>
      </p>
      <p className="small">
        {t('holds.note')}：{h.note}
      </p>
      <p className="small">
        {t('holds.requester')}：{h.requestedBy.name} · {t('holds.askedAt')}：{at(h.requestedAt)}
      </p>
      <p className="small" data-testid="hold-review-on">
        {t('holds.reviewOn')}：{h.reviewOn}
      </p>
      {h.approval && <p className="small">{t('holds.approvedBy', { by: h.approval.by ?? '—', at: at(h.approval.at), opinion: h.approval.opinion ?? '' })}</p>}
      {!h.approval && h.status === 'refused' && <p className="small">{t('holds.refusedNote')}</p>}
      {h.release && <p className="small">{t('holds.releasedBy', { by: h.release.by ?? '—', at: at(h.release.at), reason: h.release.reason ?? '' })}</p>}
      {children}
    </li>
  );
}
