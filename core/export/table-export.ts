import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine, type CsvCell } from './csv.js';

/**
 * One writer for the platform's table exports (issue 16 item 1): sheets of typed columns, rows
 * read as they are written (an async iterable: a database cursor or pages), sent as a stream —
 *   .xlsx  a real workbook (exceljs' streaming WorkbookWriter: rows are written and let go, so
 *          100,000 rows never sit in memory): one sheet per table, a bold shaded header row that
 *          stays in view (frozen), numbers as numbers, shares as percentages, times as dates;
 *   .csv   RFC 4180 with a BOM (core/export/csv.ts: formula-like text defused); several tables
 *          follow one another, each under its title line.
 */
export type ColumnKind = 'text' | 'integer' | 'number' | 'percent' | 'datetime';
export type Column = { header: string; kind: ColumnKind; width?: number };
/** A value, or a number with its own format (a column that mixes counts and shares, as an overview). */
export type Cell = string | number | Date | null | { value: number | null; kind: ColumnKind };
export type Sheet = { name: string; columns: readonly Column[]; rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]> };

const NUM_FMT: Record<ColumnKind, string | undefined> = { text: undefined, integer: '0', number: '0.0', percent: '0.0%', datetime: 'yyyy-mm-dd hh:mm:ss' };
/** The data cells' styles, shared (never mutated: a cell's format is changed by giving it another of these). */
const CELL_STYLE = Object.fromEntries((Object.keys(NUM_FMT) as ColumnKind[]).map((k) => [k, Object.freeze(NUM_FMT[k] ? { numFmt: NUM_FMT[k] } : {})])) as Record<ColumnKind, Partial<ExcelJS.Style>>;
const WIDTH: Record<ColumnKind, number> = { text: 22, integer: 12, number: 12, percent: 12, datetime: 20 };
/** Beijing time for spreadsheets (which have no time zones): the wall-clock time shown in China. */
const OFFSET_MS = 8 * 3600_000;

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';
}

const formatted = (v: Cell): v is { value: number | null; kind: ColumnKind } => v !== null && typeof v === 'object' && !(v instanceof Date);

function xlsxCell(kind: ColumnKind, v: Cell): ExcelJS.CellValue {
  if (formatted(v)) return v.value;
  if (v === null) return null;
  if (kind === 'datetime' && v instanceof Date) return new Date(v.getTime() + OFFSET_MS);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(v)) return `'${v}`; // never a formula, even where a reader would take one
  return v;
}

/** The sheets as an .xlsx byte stream; the returned promise settles when the workbook is complete (or failed). */
export function xlsxStream(sheets: readonly Sheet[]): { body: ReadableStream<Uint8Array>; done: Promise<void> } {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const done = (async () => {
    for (const s of sheets) {
      const ws = wb.addWorksheet(sheetName(s.name), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = s.columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: c.width ?? WIDTH[c.kind], style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
      const head = ws.getRow(1);
      head.font = { bold: true };
      head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
      head.alignment = { vertical: 'middle' };
      head.commit();
      let n = 0;
      for await (const r of s.rows) {
        const row = ws.addRow(s.columns.map((c, i) => xlsxCell(c.kind, r[i] ?? null)));
        // One style object per kind, shared by every cell: exceljs then finds its style id by
        // reference instead of rendering each cell's own copy (a third of the time at 100,000 rows).
        for (let i = 0; i < s.columns.length; i++) {
          const v = r[i] ?? null;
          row.getCell(i + 1).style = CELL_STYLE[formatted(v) ? v.kind : s.columns[i].kind];
        }
        row.commit();
        // Let a slow reader slow the writer instead of the whole file piling up in memory.
        if (++n % 500 === 0 && out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      ws.commit();
    }
    await wb.commit();
  })();
  done.catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return { body: Readable.toWeb(out) as ReadableStream<Uint8Array>, done };
}

function csvCell(kind: ColumnKind, v: Cell): CsvCell {
  if (formatted(v)) return csvCell(v.kind, v.value);
  if (v === null) return null;
  if (kind === 'datetime' && v instanceof Date) return new Date(v.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
  if (kind === 'percent' && typeof v === 'number') return `${Math.round(v * 1000) / 10}%`;
  return v;
}

/** The sheets as CSV (UTF-8 with BOM); with several, each starts with its name on a line of its own and ends with an empty line. */
export function csvStream(sheets: readonly Sheet[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const titled = sheets.length > 1;
  async function* lines(): AsyncGenerator<string> {
    yield CSV_BOM;
    for (const [k, s] of sheets.entries()) {
      if (titled) yield (k ? '\r\n' : '') + csvLine([s.name]);
      yield csvLine(s.columns.map((c) => c.header));
      let chunk = '';
      let n = 0;
      for await (const r of s.rows) {
        chunk += csvLine(s.columns.map((c, i) => csvCell(c.kind, r[i] ?? null)));
        if (++n % 500 === 0) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
  }
  const it = lines();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
