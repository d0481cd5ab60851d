import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type SignaturePadHandle = { isEmpty(): boolean; toDataUrl(): string; clear(): void };

/** The server takes a PNG of at most 200 KB and 4000 × 2000 px; a signature needs far less. */
const EXPORT_MAX_WIDTH = 900;
const EXPORT_MAX_CHARS = 260_000;

/**
 * A drawn signature: pointer events (finger, pen, mouse), sharp on high-density screens,
 * exported as a PNG data URL on a white background. The drawing keeps its own coordinate space
 * from the first layout, so rotating the phone stretches the strokes instead of losing them.
 */
export const SignaturePad = forwardRef<SignaturePadHandle, { label: string; onChange?: (empty: boolean) => void }>(function SignaturePad({ label, onChange }, ref) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<number | null>(null);
  const size = useRef({ width: 1, height: 1 });
  const [empty, setEmpty] = useState(true);

  function reset() {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = c.getBoundingClientRect();
    size.current = { width: Math.max(1, width), height: Math.max(1, height) };
    c.width = Math.max(1, Math.round(width * ratio));
    c.height = Math.max(1, Math.round(height * ratio));
    const ctx = c.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111111';
    setEmpty(true);
    onChange?.(true);
  }

  // Set up once, on the first layout.
  useEffect(reset, []);

  useImperativeHandle(ref, () => ({ isEmpty: () => empty, toDataUrl: () => exportPng(canvas.current!), clear: reset }));

  /** Pointer position in the drawing's own coordinates, whatever the canvas's size is now. */
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * size.current.width) / r.width, ((e.clientY - r.top) * size.current.height) / r.height] as const;
  };

  const end = () => {
    drawing.current = null;
  };

  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        aria-label={label}
        role="img"
        data-testid="signature-pad"
        onPointerDown={(e) => {
          if (drawing.current !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = e.pointerId;
          const ctx = e.currentTarget.getContext('2d')!;
          const [x, y] = point(e);
          ctx.beginPath();
          ctx.moveTo(x, y);
        }}
        onPointerMove={(e) => {
          if (drawing.current !== e.pointerId) return;
          const ctx = e.currentTarget.getContext('2d')!;
          const [x, y] = point(e);
          ctx.lineTo(x, y);
          ctx.stroke();
          if (empty) {
            setEmpty(false);
            onChange?.(false);
          }
        }}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <button type="button" className="btn btn-quiet" onClick={reset}>
        {t('consent.sign.clear')}
      </button>
    </div>
  );
});

/** PNG of the drawing, scaled down when a dense screen made it larger than a signature needs. */
function exportPng(c: HTMLCanvasElement): string {
  let width = Math.min(c.width, EXPORT_MAX_WIDTH);
  for (;;) {
    const height = Math.max(20, Math.round((c.height * width) / c.width));
    let url: string;
    if (width === c.width) url = c.toDataURL('image/png');
    else {
      const out = document.createElement('canvas');
      out.width = width;
      out.height = height;
      const ctx = out.getContext('2d')!;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(c, 0, 0, width, height);
      url = out.toDataURL('image/png');
    }
    if (url.length <= EXPORT_MAX_CHARS || width <= 240) return url;
    width = Math.round(width * 0.7);
  }
}
