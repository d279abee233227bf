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

/** A row's missing element (a hole), apart from an `undefined` one (written as "undefined", as String does). */
const HOLE = Symbol('hole');
type Kept = CsvCell | undefined | typeof HOLE;

/**
 * A table as last written: its header line, row widths, every cell in order, where each row's cells start (one more
 * for the end), the text and where each line of it ends (the header's first).
 */
interface Written {
  header: string;
  widths: number[];
  cells: Kept[];
  starts: number[];
  text: string;
  ends: number[];
}

/**
 * The last tables this process wrote, most recent last. A notebook's Run All hands the same cells again (a year of
 * FOCUS rows is a 67 MB text): equal cells give back the text already built, and a caller that kept the text it
 * wrote (writeExports) sees the same string; with `days_ago` edited, the rows still in the range take their lines
 * from the last text. Cells are compared one by one with `===`, never by a hash, so a changed cell is always
 * written anew.
 */
const recent: Written[] = [];
/** At most this many cells kept over all tables (a pointer each): the oldest tables are dropped first. */
const KEPT_CELLS = 12_000_000;
const KEPT_TABLES = 8;

function sameCells(a: readonly Kept[], b: readonly Kept[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameWidths(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

function keep(table: Written): void {
  recent.push(table);
  let cells = recent.reduce((n, t) => n + t.cells.length, 0);
  while (recent.length > KEPT_TABLES || (cells > KEPT_CELLS && recent.length > 0)) {
    cells -= recent.shift()?.cells.length ?? 0;
  }
}

/**
 * The one CSV writer of the project (tables, exports, FOCUS): a header row and the rows, CRLF line ends.
 * @example csvText(['a', 'b'], [[1, 'x,y']]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function csvText(columns: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const header = columns.map(csvField).join(',');
  // Each row is copied before the next is asked for: a generator may hand out one array, refilled. The copy is
  // compared as it goes with the last table of this header (a re-run's), the other kept tables after.
  const widths: number[] = [];
  const starts: number[] = [];
  const last = [...recent].reverse().find((t) => t.header === header);
  let same = last !== undefined;
  const lastCells = last?.cells ?? [];
  const lastWidths = last?.widths ?? [];
  // Sized as the last table of this header (a re-run's is about as long): no copies as it grows.
  let cells: Kept[] = new Array<Kept>(lastCells.length + 1024);
  let n = 0;
  for (const r of rows) {
    if (same && lastWidths[widths.length] !== r.length) same = false;
    widths.push(r.length);
    starts.push(n);
    if (n + r.length > cells.length) {
      const grown = new Array<Kept>(2 * cells.length + r.length);
      for (let i = 0; i < n; i++) grown[i] = cells[i];
      cells = grown;
    }
    for (let c = 0; c < r.length; c++) {
      const v = r[c];
      const kept = v === undefined && !(c in r) ? HOLE : v;
      if (same && lastCells[n] !== kept) same = false;
      cells[n++] = kept;
    }
  }
  cells.length = n;
  starts.push(cells.length);
  if (same && last !== undefined && lastWidths.length === widths.length) {
    recent.splice(recent.indexOf(last), 1);
    recent.push(last);
    return last.text;
  }
  const hit = recent.findIndex(
    (t) => t !== last && t.header === header && sameWidths(t.widths, widths) && sameCells(t.cells, cells),
  );
  const found = recent[hit];
  if (found !== undefined) {
    recent.splice(hit, 1);
    recent.push(found);
    return found.text;
  }
  // Text repeats down a table (dates, IDs, names, line items): each distinct string is escaped once. Numbers and
  // booleans are never neutralised or quoted (their text has no comma, quote or line break).
  const fields = new Map<string, string>();
  const field = (value: Kept): string => {
    if (value === HOLE || value === null) return '';
    if (typeof value !== 'string') return String(value);
    let text = fields.get(value);
    if (text === undefined) fields.set(value, (text = csvField(value)));
    return text;
  };
  // A row equal to one of the last table (compared cell by cell) takes that table's line. Rows are followed in
  // order from where the first row was in it: a range moved on by a day starts further down the last table. The
  // last table of this header holding the first row is followed (two frames may share columns: a notebook's costs
  // and its costs by line item).
  let old: Written | undefined;
  const sameRow = (i: number, j: number): boolean => {
    if (old === undefined || old.widths[j] !== widths[i]) return false;
    const a = starts[i] ?? 0;
    const b = old.starts[j] ?? 0;
    const w = widths[i] ?? 0;
    for (let c = 0; c < w; c++) if (cells[a + c] !== old.cells[b + c]) return false;
    return true;
  };
  let j = -1;
  for (let t = recent.length - 1; t >= 0 && j < 0 && widths.length > 0; t--) {
    old = recent[t];
    if (old === undefined || old.header !== header) continue;
    for (let k = 0; k < old.widths.length && j < 0; k++) if (sameRow(0, k)) j = k;
  }
  if (j < 0) old = undefined;
  let misses = 0;
  const first = `${header}\r\n`;
  const pieces = [first];
  const ends = [first.length];
  let end = first.length;
  const parts: string[] = [];
  // Lines taken from the last text in a row are one slice of it (a year's rows: one piece, not 10^5 to join).
  let from = -1;
  let to = -1;
  const flush = (): void => {
    if (old !== undefined && from >= 0) pieces.push(old.text.slice(from, to));
    from = -1;
  };
  for (let i = 0; i < widths.length; i++) {
    if (old !== undefined && j >= 0 && j < old.widths.length && sameRow(i, j)) {
      // Rows followed one after the other: their lines are next to each other in the last text.
      const a = old.ends[j] ?? 0;
      const b = old.ends[j + 1] ?? 0;
      if (from < 0) from = a;
      to = b;
      end += b - a;
      misses = 0;
    } else {
      flush();
      const width = widths[i] ?? 0;
      const at = starts[i] ?? 0;
      parts.length = width;
      for (let c = 0; c < width; c++) parts[c] = field(cells[at + c]);
      const piece = `${parts.join(',')}\r\n`;
      pieces.push(piece);
      end += piece.length;
      // Rows inserted or changed in a run: past a few, the last table is no longer followed.
      if (++misses > 8) j = -1;
    }
    if (j >= 0) j++;
    ends.push(end);
  }
  flush();
  const text = pieces.join('');
  keep({ header, widths, cells, starts, text, ends });
  return text;
}
