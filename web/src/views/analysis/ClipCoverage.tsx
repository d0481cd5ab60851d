import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Flag, FlagClip } from '../../api/analysis';
import { formatDateTimeSeconds } from '../../format/datetime';

/** To the second: a clip's bounds are read against the recording. */
const when = (iso: string, lang: string) => formatDateTimeSeconds(new Date(iso), lang);

function duration(t: TFunction, ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? t('evidence.seconds', { n: s }) : t('evidence.minutes', { m: Math.floor(s / 60), s: s % 60 });
}

/** What the clip on show covers, and what that means for the event: still going on, over, or longer than the clip. */
export function coverageNote(t: TFunction, lang: string, f: Pick<Flag, 'state' | 'startedAt' | 'endedAt'>, c: FlagClip): string {
  const pre = Math.max(0, Math.round((Date.parse(f.startedAt) - Date.parse(c.from)) / 1000));
  if (c.coverage === 'max_length') return f.state === 'ended' && f.endedAt ? t('evidence.maxEnded', { end: when(f.endedAt, lang) }) : t('evidence.maxOngoing');
  if (f.state === 'active') return t('evidence.ongoing');
  if (!c.final) return t('evidence.endedPending');
  const post = Math.round((Date.parse(c.to) - Date.parse(f.endedAt ?? c.to)) / 1000);
  return post >= 0 ? t('evidence.ended', { pre, post }) : t('evidence.endedShort', { pre, to: when(c.to, lang) });
}

/** The clip's span and version, what it means, and every version (each kept as it was cut). */
export function ClipCoverage({ flag: f, shown, onShow }: { flag: Flag; shown: FlagClip; onShow: (c: FlagClip) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="clip-coverage" data-testid="clip-coverage">
      <p>
        <strong>{t('evidence.covers')}</strong>: {t('evidence.range', { from: when(shown.from, lang), to: when(shown.to, lang), duration: duration(t, shown.durationMs) })}
        {f.clips.length > 1 && <span className="muted"> · {t('evidence.version', { version: shown.version, count: f.clips.length })}</span>}
      </p>
      <p className="clip-note" data-testid="clip-note">
        {coverageNote(t, lang, f, shown)}
      </p>
      {f.clips.length > 1 && (
        <details>
          <summary>{t('evidence.versions')}</summary>
          <ul className="evidence-list">
            {f.clips.map((c) => (
              <li key={c.version}>
                {c.version === shown.version ? (
                  <strong>{t('evidence.versionItem', { version: c.version })}</strong>
                ) : (
                  <button type="button" className="link" onClick={() => onShow(c)} title={t('evidence.open')}>
                    {t('evidence.versionItem', { version: c.version })}
                  </button>
                )}{' '}
                · {when(c.from, lang)} – {when(c.to, lang)} · {duration(t, c.durationMs)} · {t(`evidence.coverage.${c.coverage}`)}
                <br />
                <span className="hash">SHA-256 {c.sha256}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
