import type { FindingDetail } from '../../api/findings';

/** The business's answer: its statement and the files it attached (the portal and the officer show the same). */
export function FindingAnswer({ finding }: { finding: Pick<FindingDetail, 'statement' | 'attachments'> }) {
  return (
    <>
      {finding.statement && <p className="portal-statement">{finding.statement}</p>}
      {finding.attachments.length > 0 && (
        <ul className="portal-files">
          {finding.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.url} target="_blank" rel="noreferrer">
                {a.filename}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
