import type { Cell } from './make-frame';
import { toTabular, type TableLike } from './tabular';
import { visibleText } from './visible-text';

// Cells a spreadsheet would evaluate as a formula (OWASP CSV injection; tab and CR included).
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: Cell): string {
  if (value === null) return '';
  // Bidi overrides and control characters would make a name read differently in a spreadsheet: shown escaped.
  let text = typeof value === 'string' ? visibleText(value) : String(value);
  // Only strings are neutralised: a negative number must stay a number.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV (CRLF line ends, header row, quoting for comma/quote/newline) of a DataFrame, Pivot or
 * records. String cells starting with = + - @ (or tab/CR) get a leading ' so spreadsheets show text.
 * @example writeFileSync('costs.csv', toCsv(costFrame(costTable(buckets))))
 */
export function toCsv(input: TableLike, options: { rowHeader?: string } = {}): string {
  const { columns, rows } = toTabular(input, options.rowHeader ?? '');
  const lines = [columns.map(field).join(','), ...rows.map((r) => r.map(field).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
