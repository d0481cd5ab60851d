/**
 * CSV for the platform's exports (the audit log, issue 15 item 6; the dashboard and the flag list, issue 16): RFC 4180 (fields separated by commas, records
 * by CRLF, a field quoted when it holds a comma, quote, CR or LF, quotes doubled inside), UTF-8
 * with a byte-order mark so that Excel opens the Chinese text as UTF-8.
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR, which some strip before
 * looking) as a formula: a name or user agent such as `=HYPERLINK(...)` in the read log would run
 * on the auditor's machine (OWASP "CSV injection"). Such a cell gets a leading apostrophe, which
 * the spreadsheet shows as text and does not run.
 */
export const CSV_BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvCell = string | number | null | undefined | Date;

/** One field: defused, then quoted where RFC 4180 needs it. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record, CRLF-terminated. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}
