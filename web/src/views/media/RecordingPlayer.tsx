import { useEffect, useRef, useState } from 'react';
import { WatermarkOverlay } from '../../components/WatermarkOverlay';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { startPlayback, type Playback } from '../../api/media';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime } from '../businesses/labels';
import { formatDateTimeSeconds } from '../../format/datetime';
import { wallClockOf } from './playback-clock';

const ms = (iso: string) => new Date(iso).getTime();
/** Windows further apart than this are separated by an interruption worth saying so. */
const GAP_MS = 1500;
/** Ask for the next window this long before the current one ends, so it is ready in time. */
const PREFETCH_S = 20;
/** The first window after a seek is short, so it starts at once; the ones that follow are the server's longest. */
const FIRST_WINDOW_MS = 3 * 60_000;

/**
 * Plays recorded time continuously: each window (segments joined into one MP4 by the server,
 * every window a logged view) plays to its end and the next one follows by itself, across
 * segment boundaries and, saying so, across interruptions. A new `request` seeks.
 */
export function RecordingPlayer({ deviceId, request, onPosition }: { deviceId: string; request: { at: number; n: number }; onPosition: (at: number) => void }) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [win, setWin] = useState<Playback | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | string | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const seekTo = useRef(0);
  const generation = useRef(0);
  const prefetch = useRef<{ from: string; answer: Promise<Playback> } | null>(null);
  const when = (iso: string | number) => formatDateTime(new Date(iso).toISOString(), i18n.language);

  const show = (p: Playback, gen: number, note: string | null) => {
    if (gen !== generation.current) return;
    seekTo.current = p.seekMs / 1000;
    prefetch.current = null;
    setWin(p);
    setNotice(note);
    setLoading(false);
  };
  const fail = (err: unknown, gen: number) => {
    if (gen !== generation.current) return;
    setLoading(false);
    if (err instanceof ApiError && err.status === 404) setNotice(t('recordings.noRecordingAfter'));
    else setError(err instanceof ApiError ? err : String(err));
  };

  useEffect(() => {
    const gen = ++generation.current;
    setError(undefined);
    setNotice(null);
    setLoading(true);
    setPosition(request.at);
    startPlayback(deviceId, new Date(request.at).toISOString(), new Date(request.at + FIRST_WINDOW_MS).toISOString()).then(
      (p) => show(p, gen, ms(p.startedAt) > request.at + GAP_MS ? t('recordings.startedAtNext', { at: when(p.startedAt) }) : null),
      (err: unknown) => fail(err, gen),
    );
    // A new request (or device) starts over; the callbacks it uses are current at that moment.
  }, [deviceId, request.n]);

  /** The window after `p`: where the recording goes on, or (a device still recording) what was stored since. */
  const next = (p: Playback, atEnd = false) => {
    const from = p.next ?? (atEnd ? p.endedAt : null);
    if (!from) return null;
    if (prefetch.current?.from !== from) prefetch.current = { from, answer: startPlayback(deviceId, from) };
    return prefetch.current.answer;
  };

  const onTime = () => {
    const v = video.current;
    if (!v || !win) return;
    const at = wallClockOf(win, v.currentTime);
    setPosition(at);
    onPosition(at);
    if (Number.isFinite(v.duration) && v.duration - v.currentTime < PREFETCH_S) void next(win)?.catch(() => undefined);
  };

  const onEnded = () => {
    if (!win) return;
    const answer = next(win, true)!;
    const gen = generation.current;
    setLoading(true);
    answer.then(
      (p) => show(p, gen, ms(p.startedAt) - ms(win.endedAt) > GAP_MS ? t('recordings.skippedGap', { from: when(win.endedAt), to: when(p.startedAt) }) : null),
      (err: unknown) => {
        if (gen !== generation.current) return;
        setLoading(false);
        if (err instanceof ApiError && err.status === 404) setNotice(t('recordings.endOfRecording'));
        else setError(err instanceof ApiError ? err : String(err));
      },
    );
  };

  const current = win && position !== null ? [...win.segments].reverse().find((s) => ms(s.startedAt) <= position) ?? win.segments[0] : null;
  return (
    <div className="player rec-player" data-testid="recording-player">
      <div className="wm-frame">
        <video
          ref={video}
          src={win?.url}
          controls
          muted
          autoPlay
          playsInline
          preload="auto"
          data-testid="video"
          data-window-start={win?.startedAt}
          onLoadedMetadata={() => {
            const v = video.current;
            if (!v) return;
            if (seekTo.current > 0) v.currentTime = seekTo.current;
            void v.play().catch(() => undefined);
          }}
          onTimeUpdate={onTime}
          onEnded={onEnded}
        />
        <WatermarkOverlay />
      </div>
      <p className="rec-position" aria-live="polite">
        {loading && <span className="muted">{t('recordings.loadingWindow')} </span>}
        {position !== null && (
          <strong data-testid="playback-position" data-at={new Date(position).toISOString()}>
            {t('recordings.playing', { at: formatDateTimeSeconds(position, i18n.language) })}
          </strong>
        )}
      </p>
      {notice && (
        <p className="rec-notice" role="status" data-testid="playback-notice">
          {notice}
        </p>
      )}
      <ErrorBanner error={error} />
      {current && (
        <p className="small">
          <a href={`/api/recordings/${current.id}/media`} download title={t('recordings.originalHint', { sha: current.sha256 })}>
            {t('recordings.original')}
          </a>
        </p>
      )}
    </div>
  );
}
