import { visibleText } from './visible-text';

/** A CSV cell: text, a number, a boolean, or empty. */
export type CsvCell = string | number | boolean | null;

// Cells a spreadsheet would evaluate as a formula (OWASP CSV injection; tab and CR included).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break; a string starting with = + - @ (or tab/CR)
 * gets a leading ' so spreadsheets show text; invisible control and bidi characters shown as `\uXXXX`.
 */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  // Bidi overrides and control characters would make a name read differently in a spreadsheet: shown escaped.
  let text = typeof value === 'string' ? visibleText(value) : String(value);
  // Only strings are neutralised: a negative number must stay a number.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The one CSV writer of the project (tables, exports, FOCUS): a header row and the rows, CRLF line ends.
 * @example csvText(['a', 'b'], [[1, 'x,y']]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function csvText(columns: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  // Text repeats down a table (dates, IDs, names, line items): each distinct string is escaped once. Numbers and
  // booleans are never neutralised or quoted (their text has no comma, quote or line break).
  const fields = new Map<string, string>();
  const field = (value: CsvCell | undefined): string => {
    if (typeof value !== 'string') return value === null ? '' : String(value);
    let text = fields.get(value);
    if (text === undefined) fields.set(value, (text = csvField(value)));
    return text;
  };
  const lines = [columns.map(csvField).join(',')];
  // Each row is written before the next is asked for: a generator may hand out one array, refilled.
  const parts: string[] = [];
  for (const r of rows) {
    parts.length = r.length;
    for (let c = 0; c < r.length; c++) parts[c] = c in r ? field(r[c]) : '';
    lines.push(parts.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
