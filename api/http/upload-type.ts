import type { Issue } from '../../core/errors.js';

export type UploadType = 'image/jpeg' | 'image/png' | 'application/pdf';

const NAME: Record<UploadType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/pdf': 'PDF' };
const NOT: Record<UploadType, string> = { 'image/jpeg': 'file.not_jpeg', 'image/png': 'file.not_png', 'application/pdf': 'file.not_pdf' };
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the bytes are, by their magic numbers, whatever the upload claimed. */
export function sniffType(b: Buffer): UploadType | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (b.length > 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/**
 * Checks an uploaded file against the types a field accepts and says, for that field, what is
 * wrong in words a user understands: a renamed text file sent as JPEG is "not a valid JPEG image",
 * a Word file is "not accepted; upload JPEG / PNG / PDF". A browser that names no type (or a
 * generic one) is judged by the bytes alone. Returns the type the bytes are, or the issue.
 */
export function checkUpload(field: string, bytes: Buffer, claimedType: string, allowed: readonly UploadType[], filename?: string): { type: UploadType } | { issue: Issue } {
  const params = filename ? { filename } : undefined;
  const issue = (code: string, extra?: Record<string, string>): { issue: Issue } => {
    const all = { ...params, ...extra };
    return { issue: Object.keys(all).length ? { path: [field], message: code, code, params: all } : { path: [field], message: code, code } };
  };
  if (bytes.length === 0) return issue('file.empty');
  const claimed = claimedType.split(';')[0]!.trim().toLowerCase();
  const actual = sniffType(bytes);
  if ((allowed as readonly string[]).includes(claimed)) return actual === claimed ? { type: actual } : issue(NOT[claimed as UploadType]);
  if ((claimed === '' || claimed === 'application/octet-stream') && actual && allowed.includes(actual)) return { type: actual };
  return issue('file.type_not_allowed', { allowed: allowed.map((t) => NAME[t]).join(' / ') });
}
