import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getTimeline, startPlayback, type Playback } from '../../api/media';
import type { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { WatermarkOverlay } from '../../components/WatermarkOverlay';
import type { AccessRequest } from '../../api/access-requests';

const PART_MS = 15 * 60_000;

/**
 * Plays the stretch of a device's recording an approved grant covers, through the one playback
 * route (the server checks the grant at every request and logs the view under it), part by part
 * (15 min each), from the window's first recording.
 */
export function GrantedPlayback({ grant }: { grant: AccessRequest }) {
  const { t } = useTranslation();
  const [part, setPart] = useState<Playback | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const windowFrom = Date.parse(grant.record.windowFrom ?? '');
  const windowTo = Date.parse(grant.record.windowTo ?? '');

  const play = async (fromMs: number) => {
    setError(undefined);
    try {
      setPart(await startPlayback(grant.record.id, new Date(fromMs).toISOString(), new Date(Math.min(fromMs + PART_MS, windowTo)).toISOString()));
    } catch (e) {
      setPart(null);
      setError(e as ApiError);
    }
  };
  const next = part?.next ? Date.parse(part.next) : null;
  // Starts where the window's first recording starts (the timeline of the window is readable under the grant).
  const playFirst = async () => {
    setError(undefined);
    try {
      const tl = await getTimeline(grant.record.id, new Date(windowFrom).toISOString(), new Date(windowTo).toISOString());
      const first = tl.spans.find((s) => Date.parse(s.endedAt) > windowFrom);
      await play(first ? Math.max(windowFrom, Date.parse(first.startedAt)) : windowFrom);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <div className="granted-playback">
      {!part && (
        <button type="button" className="btn btn-small btn-primary" onClick={() => void playFirst()} data-testid="grant-play">
          {t('accessRequests.play')}
        </button>
      )}
      <ErrorBanner error={error} />
      {part && (
        <>
          <p className="muted small">{t('accessRequests.playing', { id: grant.id.slice(0, 8) })}</p>
          {/* Seen under the grant: the viewer's watermark names it (issue 15 item 3), as an export would. */}
          <div className="wm-frame">
            <video key={part.viewId} src={part.url} controls autoPlay muted playsInline className="granted-video" data-testid="grant-video" />
            <WatermarkOverlay reference={t('accessRequests.watermarkReference', { id: grant.id.slice(0, 8) })} />
          </div>
          {next !== null && next < windowTo && (
            <button type="button" className="btn btn-small" onClick={() => void play(next)}>
              {t('accessRequests.nextPart')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
