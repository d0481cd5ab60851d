import type { Box, Point } from '../../api/analysis';

const pts = (zone: Point[]) => zone.map(([x, y]) => `${x},${y}`).join(' ');

/** A zone (and optionally detection boxes) drawn over a picture; coordinates are relative (0–1). */
export function ZoneOverlay({ zones, boxes = [] }: { zones: { key: string; points: Point[]; muted?: boolean }[]; boxes?: Box[] }) {
  return (
    <svg className="overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
      {zones.map((z) => (
        <polygon key={z.key} className={`zone${z.muted ? ' zone-muted' : ''}`} points={pts(z.points)} vectorEffect="non-scaling-stroke" />
      ))}
      {boxes.map((b, i) => (
        <rect key={i} className="det-box" x={b.box[0]} y={b.box[1]} width={Math.max(0, b.box[2] - b.box[0])} height={Math.max(0, b.box[3] - b.box[1])} vectorEffect="non-scaling-stroke">
          <title>{`${b.label} ${b.score.toFixed(2)}`}</title>
        </rect>
      ))}
    </svg>
  );
}
