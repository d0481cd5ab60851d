import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WatermarkOverlay } from './WatermarkOverlay';

/** Plays HTTP-FLV (live or a recorded segment) with mpegts.js, loaded only when needed. */
export function FlvPlayer({ url, live }: { url: string; live: boolean }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let player: { destroy(): void } | null = null;
    let cancelled = false;
    setError(null);
    void import('mpegts.js').then(({ default: mpegts }) => {
      if (cancelled || !video.current) return;
      if (!mpegts.isSupported()) {
        setError(t('media.unsupported'));
        return;
      }
      const p = mpegts.createPlayer({ type: 'flv', isLive: live, url }, { enableStashBuffer: !live, liveBufferLatencyChasing: live });
      p.on(mpegts.Events.ERROR, () => setError(t('media.playError')));
      p.attachMediaElement(video.current);
      p.load();
      void Promise.resolve(p.play()).catch(() => undefined);
      player = p;
    });
    return () => {
      cancelled = true;
      player?.destroy();
    };
  }, [url, live, t]);
  return (
    <div className="player">
      <div className="wm-frame">
        <video ref={video} controls muted playsInline data-testid="video" />
        <WatermarkOverlay />
      </div>
      {error && <p className="notice-bad">{error}</p>}
    </div>
  );
}
