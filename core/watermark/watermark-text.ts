import { randomBytes } from 'node:crypto';

/**
 * The visible watermark every exported record carries (issue 15 item 3): who exported it (name and
 * account), when (Beijing time, to the second), under which grant (调用单) or case, and the export's
 * own id. The id is the key into the export log (record_exports): a leaked copy is traced by it, by
 * any other fragment of the text, or by the file's SHA-256.
 */
export type WatermarkReference = { kind: 'grant' | 'case' | 'document' | 'record'; value: string };

export type WatermarkInput = {
  viewerName: string;
  account: string;
  at: Date;
  reference: WatermarkReference | null;
  exportId: string;
};

export type Watermark = {
  /** The lines, in order: viewer (account), time, reference, export id. */
  lines: string[];
  /** The lines joined with two spaces: what the log stores and the tiles repeat. */
  text: string;
};

const REFERENCE_ZH: Record<WatermarkReference['kind'], string> = { grant: '调用单', case: '案件', document: '文书', record: '记录' };

/** Crockford base32 without I, L, O, U: easy to read back off a screen or a photo of one. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const EXPORT_ID = /^WM-[0-9A-HJKMNP-TV-Z]{10}$/;

/** A fresh export id, `WM-` and 10 characters (50 random bits). */
export function newExportId(random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(10);
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[bytes[i] & 31];
  return `WM-${out}`;
}

/** `2026-12-05 10:30:05` in Asia/Shanghai (UTC+8 all year: no daylight saving). */
export function beijingTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error('watermark time is not a valid date');
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Control characters would break a drawn line (and hide text from the log's lookup). */
function clean(field: string, value: string): string {
  const v = Array.from(value, (ch) => (ch.charCodeAt(0) < 0x20 || ch === '\u007f' ? ' ' : ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (!v) throw new Error(`watermark ${field} is empty`);
  return v.length > 60 ? `${v.slice(0, 59)}…` : v;
}

export function watermarkText(input: WatermarkInput): Watermark {
  if (!EXPORT_ID.test(input.exportId)) throw new Error(`not an export id: ${JSON.stringify(input.exportId)}`);
  const lines = [
    `${clean('viewer name', input.viewerName)}（${clean('account', input.account)}）`,
    `${beijingTime(input.at)} 北京时间`,
    ...(input.reference ? [`${REFERENCE_ZH[input.reference.kind]} ${clean('reference', input.reference.value)}`] : []),
    `导出 ${input.exportId}`,
  ];
  return { lines, text: lines.join('  ') };
}

/**
 * The tile pattern burned over a picture: rows of the text, every row shifted so the copies run
 * diagonally across the frame, with empty lines between rows. Cropping away a corner or a band
 * leaves other copies whole. `rows` text rows, each `perRow` copies wide: drawn at h/34 with two
 * empty lines between rows, ten rows fill the frame's height.
 */
export function tilePattern(text: string, rows = 10, perRow = 2): string {
  const gap = '\u3000'.repeat(4);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const shift = '\u3000'.repeat((r * 5) % 15);
    out.push(shift + Array.from({ length: perRow }, () => text).join(gap), '', '');
  }
  return out.join('\n');
}
