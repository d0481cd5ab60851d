import { spawn } from 'node:child_process';
import type { Frame } from '../detectors/detector.js';

/**
 * A flag's snapshot: the frame at the peak with the detections' boxes and the rule's zone drawn
 * on it, as a JPEG. Drawing is plain TypeScript on a copy of the RGB24 pixels (the frame itself
 * is never touched); one ffmpeg process encodes the JPEG.
 */
export type SnapshotBox = { label: string; score: number; box: [number, number, number, number] };
export type SnapshotOptions = {
  /** Boxes relative to the picture (0–1): [x1, y1, x2, y2]. */
  boxes: SnapshotBox[];
  /** The rule's zone, relative (0–1), drawn as a closed outline. */
  zone?: [number, number][] | null;
  ffmpegPath?: string;
};
type Rgb = [number, number, number];

/** Saturated colours that survive JPEG; a label always gets the same one. */
const PALETTE: Rgb[] = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 96, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 128, 0],
];
export const ZONE_COLOUR: Rgb = [255, 255, 0];
const BOX_PX = 3;
const ZONE_PX = 2;
const TAB_H = 10;

export function labelColour(label: string): Rgb {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

class Canvas {
  constructor(
    readonly w: number,
    readonly h: number,
    readonly px: Uint8Array,
  ) {}

  fill(x1: number, y1: number, x2: number, y2: number, c: Rgb): void {
    const xa = Math.max(0, Math.floor(x1));
    const xb = Math.min(this.w - 1, Math.floor(x2));
    const ya = Math.max(0, Math.floor(y1));
    const yb = Math.min(this.h - 1, Math.floor(y2));
    for (let y = ya; y <= yb; y++) {
      for (let x = xa; x <= xb; x++) {
        const i = (y * this.w + x) * 3;
        this.px[i] = c[0];
        this.px[i + 1] = c[1];
        this.px[i + 2] = c[2];
      }
    }
  }

  /** An outline `t` pixels thick, drawn inward from the rectangle's edge. */
  rect(x1: number, y1: number, x2: number, y2: number, t: number, c: Rgb): void {
    this.fill(x1, y1, x2, y1 + t - 1, c);
    this.fill(x1, y2 - t + 1, x2, y2, c);
    this.fill(x1, y1, x1 + t - 1, y2, c);
    this.fill(x2 - t + 1, y1, x2, y2, c);
  }

  /** A line with a square brush `t` pixels wide (Bresenham). */
  line(x0: number, y0: number, x1: number, y1: number, t: number, c: Rgb): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    const r = Math.floor((t - 1) / 2);
    for (;;) {
      this.fill(x - r, y - r, x - r + t - 1, y - r + t - 1, c);
      if (x === xe && y === ye) return;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }
}

/** Pixel bounds of a relative box, inside the picture. */
export function boxPixels(box: [number, number, number, number], width: number, height: number): [number, number, number, number] {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v * max)));
  const [x1, y1, x2, y2] = box;
  return [clamp(Math.min(x1, x2), width - 1), clamp(Math.min(y1, y2), height - 1), clamp(Math.max(x1, x2), width - 1), clamp(Math.max(y1, y2), height - 1)];
}

/** Draws the zone and boxes on a copy of the frame's pixels; returns the copy. */
export function annotate(frame: Frame, opts: Pick<SnapshotOptions, 'boxes' | 'zone'>): Uint8Array {
  const { width: w, height: h } = frame;
  if (frame.rgb.length !== w * h * 3) throw new Error(`frame is ${frame.rgb.length} bytes, not ${w}×${h} RGB24`);
  const canvas = new Canvas(w, h, new Uint8Array(frame.rgb)) // a copy (Buffer#slice would share memory);
  const zone = opts.zone ?? [];
  for (let i = 0; zone.length >= 2 && i < zone.length; i++) {
    const [ax, ay] = zone[i];
    const [bx, by] = zone[(i + 1) % zone.length];
    canvas.line(ax * (w - 1), ay * (h - 1), bx * (w - 1), by * (h - 1), ZONE_PX, ZONE_COLOUR);
  }
  for (const b of opts.boxes) {
    const c = labelColour(b.label);
    const [x1, y1, x2, y2] = boxPixels(b.box, w, h);
    canvas.rect(x1, y1, x2, y2, BOX_PX, c);
    // A small filled tab on the top-left corner (above the box where there is room), its width
    // telling the score: a glance shows the label's colour and how sure the detector was.
    const tabW = Math.max(BOX_PX * 2, Math.round(Math.min(x2 - x1, 60) * Math.min(1, Math.max(0, b.score))));
    const top = y1 >= TAB_H ? y1 - TAB_H : y1;
    canvas.fill(x1, top, x1 + tabW - 1, top + TAB_H - 1, c);
  }
  return canvas.px;
}

/** The annotated frame as a JPEG (one ffmpeg process: raw RGB24 in, one MJPEG frame out). */
export async function renderSnapshot(frame: Frame, opts: SnapshotOptions): Promise<Buffer> {
  const pixels = annotate(frame, opts);
  // 4:4:4 so thin coloured outlines keep their colour (4:2:0 would smear chroma over 2×2 pixels).
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${frame.width}x${frame.height}`, '-i', 'pipe:0', '-frames:v', '1', '-pix_fmt', 'yuvj444p', '-q:v', '3', '-f', 'mjpeg', 'pipe:1'];
  const child = spawn(opts.ffmpegPath ?? 'ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.on('error', () => {}); // ffmpeg exiting early: reported by its exit code below
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(pixels);
  const code = await exited;
  const jpeg = Buffer.concat(out);
  if (code !== 0 || jpeg.length < 4) throw new Error(`ffmpeg could not encode the snapshot (exit ${code}): ${err.trim().slice(0, 500)}`);
  return jpeg;
}
