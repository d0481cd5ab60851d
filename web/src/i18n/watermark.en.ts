import type { watermarkZh } from './watermark.zh-CN';

/** Watermarked exports and the player's viewer watermark (issue 15), English; the keys of watermark.zh-CN.ts. */
export const watermarkEn: typeof watermarkZh = {
  export: 'Export (watermarked)',
  exportClip: 'Export clip (watermarked)',
  exportSnapshot: 'Export snapshot (watermarked)',
  exportPdf: 'Export copy (watermarked)',
  exporting: 'Making the watermarked copy…',
  exported: 'Exported {{id}} (logged: who, when and the file’s hash)',
  queued: 'Queued; starting shortly…',
  progress: 'Making the copy: {{percent}}%',
  download: 'Download the watermarked copy',
  failed: 'The copy could not be made: {{reason}}',
  exportHint: 'The file carries your name, account, the time and an export number as a watermark, so it can be traced; the original is unchanged.',
  overlayLabel: 'Viewer watermark: {{name}} ({{account}})',
  beijing: 'Beijing time',
};
