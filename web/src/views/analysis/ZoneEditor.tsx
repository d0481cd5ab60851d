import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point } from '../../api/analysis';

export type ZoneDraft = { points: Point[]; closed: boolean };
type Update = (fn: (z: ZoneDraft) => ZoneDraft) => void;

const MAX_POINTS = 32;
const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/**
 * Draws a zone as a polygon over `picture` (mouse, pen or finger): press on the picture to add a
 * corner (keep pressing to place it exactly), drag a corner to move it, press the first corner
 * to close. Coordinates are relative to the picture (0–1), so the SVG's viewBox is 0..1.
 */
/** `required`: the rule means a place (a restricted area): no zone is not "the whole picture". */
export function ZoneEditor({ zone, onChange, picture, required = false }: { zone: ZoneDraft; onChange: Update; picture: ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  const surface = useRef<HTMLDivElement>(null);
  const drag = useRef<{ index: number; pointerId: number; moved: boolean } | null>(null);
  const { points, closed } = zone;

  const at = (e: PointerEvent): Point => {
    const r = surface.current!.getBoundingClientRect();
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height)];
  };
  const move = (index: number, p: Point) => onChange((z) => ({ ...z, points: z.points.map((q, i) => (i === index ? p : q)) }));

  function onSurfaceDown(e: PointerEvent<HTMLDivElement>) {
    if (drag.current || (e.pointerType === 'mouse' && e.button !== 0) || closed || points.length >= MAX_POINTS) return;
    e.preventDefault();
    const p = at(e);
    surface.current!.setPointerCapture(e.pointerId);
    drag.current = { index: points.length, pointerId: e.pointerId, moved: true };
    onChange((z) => ({ ...z, points: [...z.points, p] }));
  }
  function onHandleDown(e: PointerEvent<HTMLButtonElement>, index: number) {
    if (drag.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.focus();
    surface.current!.setPointerCapture(e.pointerId);
    drag.current = { index, pointerId: e.pointerId, moved: false };
  }
  function onMove(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    d.moved = true;
    move(d.index, at(e));
  }
  function onUp(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    // A press on the first corner without moving it closes the polygon.
    if (!d.moved && d.index === 0 && !closed && points.length >= 3) onChange((z) => ({ ...z, closed: true }));
  }
  function onHandleKey(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = e.shiftKey ? 0.05 : 0.01;
    const d: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (d[e.key]) {
      e.preventDefault();
      const [x, y] = points[index];
      move(index, [clamp(x + d[e.key][0]), clamp(y + d[e.key][1])]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onChange((z) => {
        const rest = z.points.filter((_, i) => i !== index);
        return { points: rest, closed: z.closed && rest.length >= 3 };
      });
    }
  }

  const line = points.map(([x, y]) => `${x},${y}`).join(' ');
  return (
    <div className="zone-editor">
      <div
        ref={surface}
        className={`zone-surface${closed ? '' : ' zone-adding'}`}
        data-testid="zone-editor"
        role="group"
        aria-label={t('analysis.zoneEditorLabel')}
        onPointerDown={onSurfaceDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onUp}
      >
        {picture}
        <svg className="overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          {closed ? <polygon className="zone" points={line} vectorEffect="non-scaling-stroke" /> : <polyline className="zone zone-open" points={line} vectorEffect="non-scaling-stroke" />}
        </svg>
        {points.map(([x, y], i) => (
          <button
            key={i}
            type="button"
            className={`zone-handle${i === 0 ? ' zone-handle-first' : ''}`}
            style={{ left: `${x * 100}%`, top: `${y * 100}%` }}
            aria-label={t('analysis.pointLabel', { n: i + 1 })}
            onPointerDown={(e) => onHandleDown(e, i)}
            onKeyDown={(e) => onHandleKey(e, i)}
          />
        ))}
      </div>
      <p className="small muted" aria-live="polite" data-testid="zone-status">
        {points.length === 0 ? (required ? t('rules.zoneMissing') : t('analysis.wholePicture')) : closed ? t('analysis.zoneClosed', { count: points.length }) : t('analysis.zonePoints', { count: points.length })}
      </p>
      <div className="actions actions-start">
        {closed ? (
          <button type="button" className="btn btn-small" onClick={() => onChange((z) => ({ ...z, closed: false }))} disabled={points.length >= MAX_POINTS}>
            {t('analysis.reopenZone')}
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-small" disabled={points.length < 3} onClick={() => onChange((z) => ({ ...z, closed: true }))}>
              {t('analysis.closeZone')}
            </button>
            <button type="button" className="btn btn-small" disabled={points.length === 0} onClick={() => onChange((z) => ({ ...z, points: z.points.slice(0, -1) }))}>
              {t('analysis.undoPoint')}
            </button>
          </>
        )}
        <button type="button" className="btn btn-small btn-danger-quiet" disabled={points.length === 0} onClick={() => onChange(() => ({ points: [], closed: false }))}>
          {t('analysis.clearZone')}
        </button>
      </div>
    </div>
  );
}
