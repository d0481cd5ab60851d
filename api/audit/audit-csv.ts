/** The audit log's CSV is the platform's one CSV writer (core/export/csv.ts), shared with the dashboard's exports. */
export { CSV_BOM, csvField, csvLine, type CsvCell } from '../../core/export/csv.js';
