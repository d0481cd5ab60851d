import { useTranslation } from 'react-i18next';
import type { Flag } from '../../api/analysis';
import { formatDateTime } from '../businesses/labels';

const show = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** Where the evidence comes from: the original recording segments (with their hashes) and how the clip was cut from them. */
export function FlagEvidence({ flag: f }: { flag: Flag }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" data-testid="flag-evidence">
      <h2>{t('flags.segments')}</h2>
      {f.segments.length === 0 ? (
        <p className="muted">{t('flags.noSegments')}</p>
      ) : (
        <ul className="evidence-list">
          {f.segments.map((s) => (
            <li key={s.id}>
              {formatDateTime(s.startedAt, i18n.language)} → {formatDateTime(s.endedAt, i18n.language)}
              <br />
              <span className="hash">SHA-256 {s.sha256}</span>
            </li>
          ))}
        </ul>
      )}
      {f.clip && (
        <>
          <h3>{t('flags.clipSha')}</h3>
          <p className="hash">{f.clip.sha256}</p>
          <h3>{t('flags.provenance')}</h3>
          <dl className="facts">
            {Object.entries(f.clip.provenance ?? {}).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd className="hash">{show(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
