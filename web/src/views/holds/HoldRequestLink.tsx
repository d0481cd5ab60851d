import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useUser } from '../../hooks/use-session';
import './holds.css';

/**
 * 申请保全, beside a record's retention line: shown to those who may ask (hold.request). A recording
 * passes the window being viewed; a case passes itself.
 */
export function HoldRequestLink({ kind, id, label, window }: { kind: 'recording' | 'case'; id: string; label?: string; window?: { from: string; to: string } }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!can(user, 'hold.request')) return null;
  const q = new URLSearchParams({ kind, id });
  if (label) q.set('label', label);
  if (window) {
    q.set('from', window.from);
    q.set('to', window.to);
  }
  return (
    <Link className="btn btn-small" data-testid="request-hold" to={`/holds/new?${q.toString()}`}>
      {t('holds.apply')}
    </Link>
  );
}
