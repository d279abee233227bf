import { visibleText } from './visible-text';

/** A CSV cell: text, a number, a boolean, or empty. */
export type CsvCell = string | number | boolean | null;

/** A cell as kept: `undefined` where a row had that element undefined (written as String writes it), not a hole. */
type Kept = CsvCell | undefined;

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
 * Rows written by index straight into the writer's cells: no array per row and no iterator between rows (a year of
 * FOCUS rows is 10^5 rows of 58 cells; a generator handing them out cost ~25 ms a table).
 */
export interface CsvRowWriter {
  readonly count: number;
  readonly width: number;
  /**
   * Writes row `index`'s cells into `cells` at `at` .. `at + width - 1`, in that order (the array grows as they are
   * written): every one of them, each time. The array may have held another table's cells, so a cell left
   * unwritten would carry that table's value into this text.
   */
  write(index: number, cells: Kept[], at: number): void;
}

function isRowWriter(rows: Iterable<readonly CsvCell[]> | CsvRowWriter): rows is CsvRowWriter {
  return 'write' in rows && typeof rows.write === 'function' && 'count' in rows;
}

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

/**
 * The cells array of the last table dropped, kept to hold the next table's cells: a year of FOCUS cells is a 48 MB
 * array, and a fresh one on every Run All cost ~20 ms and pushed the heap towards a full collection.
 */
let spare: Kept[] | undefined;

/** How many `csvText` calls are under way (more than one: a row's code writes a CSV of its own). */
let writing = 0;

function keep(table: Written): void {
  // A table written while another is: not kept, so nothing the outer one follows is dropped or lent out meanwhile.
  if (writing > 1) return;
  recent.push(table);
  let cells = recent.reduce((n, t) => n + t.cells.length, 0);
  while (recent.length > KEPT_TABLES || (cells > KEPT_CELLS && recent.length > 0)) {
    const dropped = recent.shift()?.cells ?? [];
    cells -= dropped.length;
    if (dropped.length > (spare?.length ?? 0)) spare = dropped;
  }
}

/**
 * An array for about `size` cells: the spare one when it is about that size (never a big one for a small table; one
 * a little short grows as it is written).
 */
function cellArray(size: number): Kept[] {
  const reused = spare;
  if (reused !== undefined && 2 * reused.length >= size && reused.length <= 2 * size) {
    spare = undefined;
    return reused;
  }
  return new Array<Kept>(size);
}

/** A table that holds `cells` (from `at`, `width` of them) as its row k, looked for in the latest tables first. */
function tableHolding(header: string, cells: readonly Kept[], at: number, width: number): [Written, number] | [] {
  for (let t = recent.length - 1; t >= 0; t--) {
    const old = recent[t];
    if (old === undefined || old.header !== header) continue;
    for (let k = 0; k < old.widths.length; k++) {
      if (old.widths[k] !== width) continue;
      const b = old.starts[k] ?? 0;
      let c = 0;
      while (c < width && cells[at + c] === old.cells[b + c]) c++;
      if (c === width) return [old, k];
    }
  }
  return [];
}

/**
 * The one CSV writer of the project (tables, exports, FOCUS): a header row and the rows, CRLF line ends.
 * @example csvText(['a', 'b'], [[1, 'x,y']]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function csvText(columns: readonly string[], rows: Iterable<readonly CsvCell[]> | CsvRowWriter): string {
  writing++;
  try {
    return writeTable(columns, rows);
  } finally {
    writing--;
  }
}

function writeTable(columns: readonly string[], rows: Iterable<readonly CsvCell[]> | CsvRowWriter): string {
  const header = columns.map(csvField).join(',');
  const widths: number[] = [];
  const starts: number[] = [];
  // Each row is copied before the next is asked for: a generator may hand out one array, refilled. A row equal to
  // one of a table written before takes that table's line (compared cell by cell once copied). Rows are followed in
  // order from where the first row was in it: a range moved on by a day starts further down the last table. The
  // latest table of this header holding the first row is followed (two frames may share columns: a notebook's costs
  // and its costs by line item).
  let old: Written | undefined;
  let j = -1;
  let misses = 0;
  /** Per row: the line of `old` it takes, or -1 (written anew). */
  const lineOf: number[] = [];
  // The first row goes into a small array; once it says which table is followed, the cells are sized as that table
  // (a re-run's is about as long, and two frames of one header may differ 40-fold in size): no copies as they grow.
  let cells = new Array<Kept>(1024);
  let n = 0;
  const writer = isRowWriter(rows) ? rows : undefined;
  const iterator = isRowWriter(rows) ? undefined : rows[Symbol.iterator]();
  for (let i = 0; ; i++) {
    let r: readonly CsvCell[] | undefined;
    if (iterator !== undefined) {
      const next = iterator.next();
      if (next.done === true) break;
      r = next.value;
    } else if (writer === undefined || i >= writer.count) break;
    const width = r === undefined ? (writer?.width ?? 0) : r.length;
    const at = n;
    widths.push(width);
    starts.push(at);
    // Cells are written in order from n, each one at most at the array's length: it grows as they are written.
    if (r === undefined) writer?.write(i, cells, at);
    // A hole is an empty cell, as null is; an element that is there and undefined is written as String writes it.
    else for (let c = 0; c < width; c++) cells[at + c] = r[c] === undefined && !(c in r) ? null : r[c];
    n += width;
    let equal: boolean;
    if (i === 0) {
      const [table, k] = tableHolding(header, cells, at, width);
      old = table;
      j = k ?? -1;
      equal = table !== undefined;
      const largest = recent.reduce((most, t) => (t.header === header ? Math.max(most, t.cells.length) : most), 0);
      const sized = cellArray((table?.cells.length ?? largest) + 1024);
      for (let c = 0; c < width; c++) sized[c] = cells[c];
      cells = sized;
    } else if (old !== undefined && j >= 0 && old.widths[j] === width) {
      const b = old.starts[j] ?? 0;
      let c = 0;
      while (c < width && cells[at + c] === old.cells[b + c]) c++;
      equal = c === width;
    } else equal = false;
    lineOf.push(equal ? j : -1);
    // Rows inserted or changed in a run: past a few, the old table is no longer followed.
    if (equal) misses = 0;
    else if (++misses > 8) j = -1;
    if (j >= 0) j++;
  }
  cells.length = n;
  starts.push(n);
  // Every row taken, in order, from the first line of the same number of lines: that table's text.
  const same =
    old !== undefined && old.widths.length === widths.length && lineOf.every((k, i) => k === i)
      ? old
      : recent.find((t) => t.header === header && sameWidths(t.widths, widths) && sameCells(t.cells, cells));
  if (same !== undefined) {
    // The copy is not kept: its array serves the next table.
    if (cells.length > (spare?.length ?? 0)) spare = cells;
    return reuse(same);
  }
  // Text repeats down a table (dates, IDs, names, line items): each distinct string is escaped once. Numbers and
  // booleans are never neutralised or quoted (their text has no comma, quote or line break).
  const fields = new Map<string, string>();
  const field = (value: Kept): string => {
    if (value === null) return '';
    if (typeof value !== 'string') return String(value);
    let text = fields.get(value);
    if (text === undefined) fields.set(value, (text = csvField(value)));
    return text;
  };
  const first = `${header}\r\n`;
  const pieces = [first];
  const ends = [first.length];
  let end = first.length;
  const parts: string[] = [];
  // Lines taken from the old text one after the other are one slice of it (a year's rows: one piece, not 10^5).
  let from = -1;
  let to = -1;
  const flush = (): void => {
    if (old !== undefined && from >= 0) pieces.push(old.text.slice(from, to));
    from = -1;
  };
  for (let i = 0; i < widths.length; i++) {
    const k = lineOf[i] ?? -1;
    if (old !== undefined && k >= 0) {
      const a = old.ends[k] ?? 0;
      const b = old.ends[k + 1] ?? 0;
      if (from >= 0 && a !== to) flush();
      if (from < 0) from = a;
      to = b;
      end += b - a;
    } else {
      flush();
      const width = widths[i] ?? 0;
      const at = starts[i] ?? 0;
      parts.length = width;
      for (let c = 0; c < width; c++) parts[c] = field(cells[at + c]);
      const piece = `${parts.join(',')}\r\n`;
      pieces.push(piece);
      end += piece.length;
    }
    ends.push(end);
  }
  flush();
  const text = pieces.join('');
  keep({ header, widths, cells, starts, text, ends });
  return text;
}

/** A table written again as it was: its text, and it becomes the most recent. */
function reuse(table: Written): string {
  recent.splice(recent.indexOf(table), 1);
  recent.push(table);
  return table.text;
}
