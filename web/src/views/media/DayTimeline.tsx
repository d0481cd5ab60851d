import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Timeline } from '../../api/media';
import { zoneClock } from '../../format/datetime';

const H = 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');
// Times on the timeline are the authority's (Asia/Shanghai), like every other time on the pages.
const clock = zoneClock;
const ms = (iso: string) => new Date(iso).getTime();

/**
 * A day of one device (24 h, or one hour zoomed in): hour marks, recorded runs, blind stretches,
 * time the device was not expected to record, flags, now, and the playhead. Click or tap plays
 * from that moment; the keyboard moves a cursor and Enter plays from it.
 */
export function DayTimeline(props: { dayStart: number; data: Timeline; playhead: number | null; onSeek: (at: number) => void; initialHour?: number | null }) {
  const { t } = useTranslation();
  const { dayStart, data } = props;
  const [hour, setHour] = useState<number | null>(props.initialHour ?? null);
  const [cursor, setCursor] = useState<number | null>(null);
  const track = useRef<HTMLDivElement>(null);
  const dayEnd = dayStart + 24 * H;
  const vs = hour === null ? dayStart : dayStart + hour * H;
  const ve = hour === null ? dayEnd : vs + H;
  const now = ms(data.now);
  const pct = (at: number) => Math.min(100, Math.max(0, ((at - vs) / (ve - vs)) * 100));
  const bar = (from: number, to: number) => ({ left: `${pct(from)}%`, width: `${Math.max(0, pct(to) - pct(from))}%` });
  const visible = (from: number, to: number) => to > vs && from < ve;
  const atX = (clientX: number) => {
    const r = track.current!.getBoundingClientRect();
    return Math.round(vs + ((clientX - r.left) / r.width) * (ve - vs));
  };
  const seek = (at: number) => {
    const x = Math.min(Math.max(at, dayStart), dayEnd - 1000);
    setCursor(null);
    props.onSeek(x);
  };
  const onPointer = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    seek(atX(e.clientX));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const base = cursor ?? props.playhead ?? Math.min(now, dayEnd - 1000);
    const step = (hour === null ? 60_000 : 10_000) * (e.shiftKey ? 10 : 1);
    const moves: Record<string, number> = { ArrowLeft: -step, ArrowRight: step, PageUp: -H, PageDown: H };
    if (e.key in moves) {
      e.preventDefault();
      const x = Math.min(Math.max(base + moves[e.key], dayStart), dayEnd - 1000);
      setCursor(x);
      if (hour !== null && (x < vs || x >= ve)) setHour(Math.floor((x - dayStart) / H));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      setCursor(e.key === 'Home' ? vs : ve - 1000);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      seek(base);
    }
  };

  // Marks: every hour (labels every hour, the CSS thins them on a phone); zoomed, every 5 minutes.
  const tickEvery = hour === null ? H : 5 * 60_000;
  const ticks = Array.from({ length: Math.round((ve - vs) / tickEvery) + 1 }, (_, i) => vs + i * tickEvery);
  // Labels, so that none touches the next (every mark stays): the whole day shows every second hour
  // on a wide screen, every third on a tablet, every sixth on a phone (00:00, 06:00 …); an hour
  // zoomed in shows every 5 minutes on a wide screen, every 15 on a tablet, every 30 on a phone.
  const dayTick = (i: number) => (i % 6 === 0 ? '' : i % 2 === 0 ? 'rec-tick-wide' : i % 3 === 0 ? 'rec-tick-mid' : 'rec-tick-mark');
  const hourTick = (i: number) => (i % 6 === 0 ? '' : i % 3 === 0 ? 'rec-tick-narrow' : 'rec-tick-wide');
  const tickClass = hour === null ? dayTick : hourTick;
  const label = (at: number) => (hour === null ? (at === dayEnd ? '24:00' : clock(at)) : clock(at));
  const shown = cursor ?? props.playhead;

  return (
    <div className="rec-timeline">
      <div className="rec-zoom" role="group" aria-label={t('recordings.hours')}>
        <button type="button" className={`btn btn-small${hour === null ? ' btn-primary' : ''}`} aria-pressed={hour === null} onClick={() => setHour(null)}>
          {t('recordings.wholeDay')}
        </button>
        {hour !== null && (
          <>
            <button type="button" className="btn btn-small" disabled={hour === 0} onClick={() => setHour(hour - 1)} aria-label={t('recordings.prevHour')}>
              ‹
            </button>
            <strong>
              {pad(hour)}:00–{pad(hour + 1)}:00
            </strong>
            <button type="button" className="btn btn-small" disabled={hour === 23} onClick={() => setHour(hour + 1)} aria-label={t('recordings.nextHour')}>
              ›
            </button>
          </>
        )}
      </div>
      <div
        ref={track}
        className="rec-track"
        data-testid="timeline"
        data-view-start={new Date(vs).toISOString()}
        data-view-end={new Date(ve).toISOString()}
        role="slider"
        tabIndex={0}
        aria-label={t('recordings.timelineLabel')}
        aria-valuemin={vs}
        aria-valuemax={ve}
        aria-valuenow={shown ?? vs}
        aria-valuetext={shown !== null ? t('recordings.cursor', { at: clock(shown, true) }) : undefined}
        onPointerDown={onPointer}
        onKeyDown={onKey}
      >
        {data.watched.filter((w) => visible(ms(w.startedAt), ms(w.endedAt))).map((w) => (
          <span key={`w${w.startedAt}`} className="rec-watched" style={bar(ms(w.startedAt), ms(w.endedAt))} />
        ))}
        {data.spans.filter((s) => visible(ms(s.startedAt), ms(s.endedAt))).map((s) => (
          <span key={`s${s.startedAt}`} className={`rec-span${s.partial ? ' rec-partial' : ''}`} style={{ ...bar(ms(s.startedAt), ms(s.endedAt)), minWidth: 2 }} title={`${clock(ms(s.startedAt), true)}–${clock(ms(s.endedAt), true)}`} />
        ))}
        {data.blind.filter((b) => visible(ms(b.startedAt), ms(b.endedAt))).map((b) => (
          <span key={`b${b.startedAt}`} className="rec-blind" style={{ ...bar(ms(b.startedAt), ms(b.endedAt)), minWidth: 1 }} title={`${t('recordings.legend.blind')} ${clock(ms(b.startedAt))}–${clock(ms(b.endedAt))}`} />
        ))}
        {data.flags.filter((f) => visible(ms(f.startedAt), ms(f.startedAt) + 1)).map((f) => (
          <span key={`f${f.id}`} className="rec-flag" style={{ left: `${pct(ms(f.startedAt))}%` }} title={t('recordings.flagAt', { type: t(`flags.types.${f.type}`, { defaultValue: f.type }), at: clock(ms(f.startedAt), true) })} />
        ))}
        {now >= vs && now < ve && <span className="rec-now" style={{ left: `${pct(now)}%` }} title={t('recordings.legend.now')} data-testid="timeline-now" />}
        {shown !== null && shown >= vs && shown < ve && <span className="rec-playhead" style={{ left: `${pct(shown)}%` }} />}
      </div>
      <div className="rec-ticks" data-testid="timeline-hours" aria-hidden="true">
        {ticks.map((at, i) => (
          <span key={at} className={`rec-tick ${tickClass(i)}`} style={{ left: `${pct(at)}%` }}>
            {label(at)}
          </span>
        ))}
      </div>
      {hour === null && (
        <div className="rec-hours" role="group" aria-label={t('recordings.hours')}>
          {Array.from({ length: 24 }, (_, h) => (
            <button key={h} type="button" className="rec-hour" onClick={() => setHour(h)} aria-label={t('recordings.zoomHour', { hour: pad(h) })}>
              {pad(h)}
            </button>
          ))}
        </div>
      )}
      <p className="muted small">{t('recordings.timelineHelp')}</p>
      {cursor !== null && cursor !== props.playhead && (
        <p className="small">
          {t('recordings.cursor', { at: clock(cursor, true) })}{' '}
          <button type="button" className="btn btn-small" onClick={() => seek(cursor)}>
            {t('recordings.playFromCursor')}
          </button>
        </p>
      )}
      <ul className="rec-legend small" aria-label={t('recordings.timeline')}>
        <li><span className="rec-key rec-span" /> {t('recordings.legend.recorded')}</li>
        <li><span className="rec-key rec-blind" /> {t('recordings.legend.blind')}</li>
        <li><span className="rec-key rec-off" /> {t('recordings.legend.notWatched')}</li>
        {data.flags.length > 0 && <li><span className="rec-key rec-flag-key" /> {t('recordings.legend.flag')}</li>}
        <li><span className="rec-key rec-now-key" /> {t('recordings.legend.now')}</li>
      </ul>
    </div>
  );
}
