import { useTranslation } from 'react-i18next';
import { can, useUser } from '../../hooks/use-session';

/**
 * The case file as a self-verifying zip (issue 14 item 6): a plain download of the session's
 * GET /api/cases/:id/export (streamed by the server, ledgered there), for those who may export.
 */
export function CaseExport({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!can(user, 'case.export')) return null;
  return (
    <section className="card" data-testid="case-export">
      <h2>{t('bundle.title')}</h2>
      <p>
        <a className="btn" href={`/api/cases/${encodeURIComponent(caseId)}/export`} download data-action="export-case">
          {t('bundle.export')}
        </a>
      </p>
      <p className="small muted">{t('bundle.hint')}</p>
      <p className="small muted">{t('bundle.logged')}</p>
    </section>
  );
}
