import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../hooks/use-session';
import './watermark.css';

/** Between the copies of a tile row: three ideographic spaces, as the burned-in tiles leave. */
const GAP = '\u3000'.repeat(3);

/** `2026-12-05 10:30:05` in Beijing time (UTC+8, no daylight saving), as the burned-in watermark writes it. */
export function beijingClock(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The viewer's watermark over a player (live and playback, issue 15 item 3): the viewer's name,
 * account and the time, ticking, tiled across the picture and captioned in a corner — the same
 * text an export burns in, with the grant (调用单) or case it is seen under when there is one. It takes no clicks (the player's controls stay usable) and is not
 * read out by screen readers twice: the caption carries one label.
 */
export function WatermarkOverlay({ reference }: { reference?: string } = {}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!user) return null;
  const text = `${user.displayName}（${user.username}）  ${beijingClock(now)} ${t('watermark.beijing')}${reference ? `  ${reference}` : ''}`;
  return (
    <div className="wm-overlay" data-testid="watermark-overlay" data-text={text}>
      <div className="wm-tiles" aria-hidden="true">
        {Array.from({ length: 6 }, (_, row) => (
          <p key={row} style={{ marginLeft: `${-20 + (row % 3) * 12}%` }}>
            {[text, text, text].join(GAP)}
          </p>
        ))}
      </div>
      <p className="wm-caption" aria-label={t('watermark.overlayLabel', { name: user.displayName, account: user.username })}>
        {user.displayName}（{user.username}）
        <br />
        <time dateTime={new Date(now).toISOString()}>
          {beijingClock(now)} {t('watermark.beijing')}
        </time>
        {reference && (
          <>
            <br />
            <span data-testid="watermark-reference">{reference}</span>
          </>
        )}
      </p>
    </div>
  );
}
