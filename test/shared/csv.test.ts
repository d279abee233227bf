import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { csvField, csvText, type CsvCell, type CsvRowWriter } from '../../lib/shared/csv';

/** An RFC 4180 reader (quoted fields, doubled quotes, CRLF records): the other side of the writer. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  assert.equal(field, '', 'the text ends with a line end');
  assert.deepEqual(record, []);
  return records;
}

describe('csvField', () => {
  test('plain values as they are; empty for null', () => {
    assert.equal(csvField(null), '');
    assert.equal(csvField(''), '');
    assert.equal(csvField('gpt-4o'), 'gpt-4o');
    assert.equal(csvField(12.5), '12.5');
    assert.equal(csvField(-3), '-3', 'a negative number stays a number');
    assert.equal(csvField(true), 'true');
  });

  test('quoted when it holds a comma, a quote or a line break; quotes doubled', () => {
    assert.equal(csvField('gpt-4o, input'), '"gpt-4o, input"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  });

  test('text a spreadsheet would run as a formula gets a leading apostrophe', () => {
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('+33 1 23'), "'+33 1 23");
    assert.equal(csvField('-1'), "'-1", 'text, not the number');
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\tcmd'), "'\tcmd");
    assert.equal(csvField('=HYPERLINK("http://x", "y")'), '"\'=HYPERLINK(""http://x"", ""y"")"');
    assert.equal(csvField('a=b'), 'a=b');
  });

  test('invisible control and bidi characters are shown as \\uXXXX', () => {
    assert.equal(csvField('rtl\u202Egnp.exe'), 'rtl\\u202Egnp.exe');
    assert.equal(csvField('nul\u0000'), 'nul\\u0000');
    // A carriage return at the start is neutralised before anything else.
    assert.equal(csvField('\r=1'), '"\'\r=1"');
  });
});

describe('csvText', () => {
  test('a header row, the rows, CRLF after every line', () => {
    assert.equal(csvText(['a', 'b'], [[1, 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
    assert.equal(csvText(['only'], []), 'only\r\n');
    assert.equal(csvText(['a', 'b'], [[null, null]]), 'a,b\r\n,\r\n');
  });

  test('rows may come from any iterable (a generator is read once)', () => {
    function* rows(): Generator<CsvCell[]> {
      yield ['x', 1];
      yield ['y', 2];
    }
    assert.equal(csvText(['k', 'v'], rows()), 'k,v\r\nx,1\r\ny,2\r\n');
  });

  test('property: a reader gets every cell back, with text neutralised only where it must be', () => {
    // Text without the invisible characters csvField escapes (its escaping is visible-text's own test).
    const invisible = (c: number): boolean =>
      (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x061c ||
      c === 0x200e ||
      c === 0x200f ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069);
    const visible = fc
      .string({ unit: 'grapheme', maxLength: 12 })
      .filter((s) => ![...s].some((ch) => invisible(ch.codePointAt(0) ?? 0)));
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(
      visible,
      fc.constantFrom('a,b', '"q"', 'x\r\ny', '=1', '-2', '@a', '\tt'),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) =>
            fc.tuple(fc.constant(w), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 5 })),
          ),
        ([width, rows]) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const back = parseCsv(csvText(header, rows));
          assert.deepEqual(back[0], header);
          assert.equal(back.length, rows.length + 1);
          rows.forEach((row, r) =>
            row.forEach((v, c) => {
              const expected =
                v === null ? '' : typeof v === 'string' ? (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) : String(v);
              assert.equal(back[r + 1]?.[c], expected);
            }),
          );
        },
      ),
    );
  });
});

/** The writer as first written: every cell through csvField, row by row. */
const reference = (columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  `${[columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n')}\r\n`;

test('csvText: RFC 4180 fields, formula starts neutralised, invisible characters shown, CRLF', () => {
  assert.equal(
    csvText(
      ['a', 'b', 'c'],
      [
        ['=SUM(A1)', 'x,"y"', -1.5],
        [null, true, 'rtl\u202egnp.exe'],
      ],
    ),
    'a,b,c\r\n\'=SUM(A1),"x,""y""",-1.5\r\n,true,rtl\\u202Egnp.exe\r\n',
  );
});

test('property: csvText is every cell through csvField (repeated text escaped once, the same text)', () => {
  const text = fc.oneof(
    fc.constantFrom('=1+1', '+x', '-y', '@z', '\tt', 'a,b', 'q"q', 'l\nm', 'bidi\u202e', 'plain', ''),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
  fc.assert(
    fc.property(
      fc.array(text, { maxLength: 5 }),
      fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }),
      (columns, rows) => {
        assert.equal(csvText(columns, rows), reference(columns, rows));
      },
    ),
    { numRuns: 1000 },
  );
});

test('a generator may hand out one array, refilled for each row', () => {
  const rows = [
    ['a', 1],
    ['b,c', null],
  ] as const;
  function* refilled(): Generator<CsvCell[]> {
    const row: CsvCell[] = [];
    for (const r of rows) {
      row.splice(0, row.length, ...r);
      yield row;
    }
  }
  assert.equal(csvText(['x', 'y'], refilled()), reference(['x', 'y'], rows));
});

describe('csvText: the text of a table written before', () => {
  test('the same cells again give the same text; a changed cell, row or column name gives the new text', () => {
    const columns = ['day', 'cost'];
    const rows: CsvCell[][] = [
      ['2026-01-01', 1.5],
      ['2026-01-02', 2],
    ];
    assert.equal(csvText(columns, rows), reference(columns, rows));
    assert.equal(csvText(columns, rows), reference(columns, rows), 'written again, unchanged');
    const cell = rows.map((r) => [...r]);
    (cell[1] as CsvCell[])[1] = 2.5;
    assert.equal(csvText(columns, cell), reference(columns, cell), 'one cell changed');
    assert.equal(csvText(columns, rows.slice(0, 1)), reference(columns, rows.slice(0, 1)), 'a row fewer');
    const more = [...rows, ['2026-01-03', 0]];
    assert.equal(csvText(columns, more), reference(columns, more), 'a row more');
    assert.equal(csvText(['day', 'usd'], rows), reference(['day', 'usd'], rows), 'a column renamed');
    // The same cells, one row longer and the next shorter: not the same table.
    const shifted: CsvCell[][] = [['2026-01-01', 1.5, '2026-01-02'], [2]];
    assert.equal(csvText(columns, shifted), reference(columns, shifted), 'cells moved across rows');
    assert.equal(csvText(columns, rows), reference(columns, rows), 'back to the first table');
  });

  test('a range moved on by a day (rows dropped at the start, added at the end) and a row inserted', () => {
    const columns = ['day', 'item', 'cost'];
    const day = (d: number): CsvCell[][] =>
      Array.from({ length: 20 }, (_, i) => [
        `2026-01-${String(d).padStart(2, '0')}`,
        `item ${i % 7}, input`,
        d + i / 4,
      ]);
    const year = (from: number, to: number): CsvCell[][] =>
      Array.from({ length: to - from }, (_, k) => day(from + k)).flat();
    for (const [from, to] of [
      [1, 28],
      [2, 28],
      [3, 29],
      [1, 29],
    ] as const) {
      const rows = year(from, to);
      assert.equal(csvText(columns, rows), reference(columns, rows), `days ${from} to ${to}`);
    }
    const inserted = year(1, 29);
    inserted.splice(100, 0, ['2026-01-06', 'new, item', 1], ['2026-01-06', '=2', -1]);
    assert.equal(csvText(columns, inserted), reference(columns, inserted));
    const changed = year(1, 29).map((r, i) => (i % 3 === 0 ? [r[0] ?? null, r[1] ?? null, -0.5] : r));
    assert.equal(csvText(columns, changed), reference(columns, changed));
  });

  test('a table far longer than the last of its header, then a part of it twice (the kept cells grow, runs)', () => {
    const columns = ['n', 'label', 'half'];
    const rows = (from: number, to: number): CsvCell[][] =>
      Array.from({ length: to - from }, (_, k) => [from + k, `row ${String(from + k)}, "q"`, (from + k) / 2]);
    for (const [from, to] of [
      [0, 1],
      [0, 5000],
      [1, 5000],
      [0, 20_000],
    ] as const) {
      const table = rows(from, to);
      assert.equal(csvText(columns, table), reference(columns, table), `rows ${String(from)} to ${String(to)}`);
    }
    // Two runs of the last table's lines with a gap, and its first rows again after them.
    const gapped = [...rows(10, 3000), ...rows(3500, 9000), ...rows(0, 5)];
    assert.equal(csvText(columns, gapped), reference(columns, gapped));
  });

  test('two tables of one header written in turn (costs, costs by line item), each moved on by a day', () => {
    const columns = ['day', 'item', 'cost'];
    const table = (from: number, items: number): CsvCell[][] =>
      Array.from({ length: 30 * items }, (_, k) => [from + Math.floor(k / items), `item ${String(k % items)}`, k / 8]);
    for (let from = 1; from <= 4; from++) {
      const costs = table(from, 1);
      const byItem = table(from, 9);
      assert.equal(csvText(columns, costs), reference(columns, costs), `costs from day ${String(from)}`);
      assert.equal(csvText(columns, byItem), reference(columns, byItem), `by item from day ${String(from)}`);
    }
  });

  test('a hole is an empty cell, apart from a table whose cell is there', () => {
    const row: CsvCell[] = [];
    row[0] = 'a';
    row[2] = 'c'; // row[1] is a hole
    const holed = [row];
    assert.equal(csvText(['x', 'y', 'z'], holed), 'x,y,z\r\na,,c\r\n');
    assert.equal(csvText(['x', 'y', 'z'], [['a', 'b', 'c']]), 'x,y,z\r\na,b,c\r\n');
    assert.equal(csvText(['x', 'y', 'z'], holed), 'x,y,z\r\na,,c\r\n');
  });

  test('property: tables written one after another, each edited from the last, are each their own text', () => {
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(
      fc.constantFrom('a', 'b', 'a,b', '=1', ''),
      fc.constantFrom(0, -0, 1, 1.5, Number.NaN),
      fc.boolean(),
      fc.constant(null),
    );
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), value: cell }),
      fc.record({ kind: fc.constant('drop' as const), row: fc.nat() }),
      fc.record({ kind: fc.constant('add' as const), value: cell }),
      fc.record({ kind: fc.constant('same' as const) }),
      // The range moved on: rows dropped at the start, rows added at the end.
      fc.record({ kind: fc.constant('shift' as const), by: fc.integer({ min: 1, max: 3 }), value: cell }),
      fc.record({ kind: fc.constant('insert' as const), row: fc.nat(), value: cell }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 30 }),
        fc.array(edit, { maxLength: 12 }),
        (start, edits) => {
          const columns = ['p', 'q', 'r'];
          // One array of rows, edited in place between writes (as a caller's table may be).
          const rows = start;
          assert.equal(csvText(columns, rows), reference(columns, rows));
          for (const e of edits) {
            if (e.kind === 'cell' && rows.length > 0) {
              const row = rows[e.row % rows.length] as CsvCell[];
              row[e.col % 3] = e.value;
            } else if (e.kind === 'drop' && rows.length > 0) rows.splice(e.row % rows.length, 1);
            else if (e.kind === 'add') rows.push([e.value, e.value, e.value]);
            else if (e.kind === 'shift') {
              rows.splice(0, e.by);
              for (let k = 0; k < e.by; k++) rows.push([e.value, k, null]);
            } else if (e.kind === 'insert') rows.splice(e.row % (rows.length + 1), 0, [e.value, 'ins', e.value]);
            assert.equal(csvText(columns, rows), reference(columns, rows));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: rows written by index (a row writer) give the text the same rows as arrays give', () => {
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(
      fc.constantFrom('a', 'b', 'a,b', '=1', '', 'x\r\ny'),
      fc.constantFrom(0, 1, 2.5, Number.NaN),
      fc.boolean(),
      fc.constant(null),
    );
    // A writer over rows of two cells: what focusCsv hands the writer, one row at a time into its cells.
    const writerOf = (rows: readonly (readonly CsvCell[])[]): CsvRowWriter => ({
      count: rows.length,
      width: 2,
      write: (index, cells, at) => {
        cells[at] = rows[index]?.[0] ?? null;
        cells[at + 1] = rows[index]?.[1] ?? null;
      },
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(cell, cell), { maxLength: 25 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (tables, asWriter) => {
          tables.forEach((rows, t) => {
            const columns = ['w', 'v'];
            const text = asWriter[t] === true ? csvText(columns, writerOf(rows)) : csvText(columns, rows);
            assert.equal(text, reference(columns, rows));
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('tables dropped from the kept ones lend their cells to the next: every text is still its own', () => {
    // More tables than are kept: the oldest are dropped, and the array of one serves a later table of about its size.
    const table = (tag: string, rows: number): CsvCell[][] =>
      Array.from({ length: rows }, (_, i) => [tag, i, i % 3 === 0 ? null : `${tag}-${String(i)}`]);
    for (let round = 0; round < 3; round++) {
      for (let t = 0; t < 12; t++) {
        const columns = [`c${String(t % 10)}`, 'n', 's'];
        const rows = table(`t${String(t)}`, 200 + ((t * 37 + round * 11) % 150));
        assert.equal(csvText(columns, rows), reference(columns, rows), `round ${String(round)}, table ${String(t)}`);
        // The same rows moved on by a few (a re-run with days_ago edited).
        const moved = [...rows.slice(5), ...table(`m${String(t)}`, 3)];
        assert.equal(csvText(columns, moved), reference(columns, moved), `moved, round ${String(round)}`);
      }
    }
  });
});

describe('csvText against writing from scratch, over many tables', () => {
  // Row contents from a seed (fast-check picks the shape of each table, not 10^3 cells one by one).
  const random = (seed: number): (() => number) => {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
  };
  const POOL: readonly CsvCell[] = ['a', 'b', 'a,b', '=1', '', 'x\r\ny', 0, -0, 1, 1.5, Number.NaN, true, false, null];
  /** `count` rows of `width` cells (or widths varying by one), some with holes; mostly distinct rows. */
  const fresh = (seed: number, count: number, width: number, ragged: boolean, holes: boolean): CsvCell[][] => {
    const next = random(seed);
    return Array.from({ length: count }, (_, i) => {
      const w = ragged ? width + Math.floor(next() * 3) - 1 : width;
      const row: CsvCell[] = [];
      for (let c = 0; c < w; c++) {
        if (holes && next() < 0.05) continue;
        row[c] =
          c === 0 && next() < 0.8
            ? `r${String(seed % 7)}-${String(i)}`
            : (POOL[Math.floor(next() * POOL.length)] ?? null);
      }
      row.length = w;
      return row;
    });
  };
  const copy = (rows: readonly (readonly CsvCell[])[]): CsvCell[][] =>
    rows.map((r) => {
      const c: CsvCell[] = [];
      r.forEach((v, k) => (c[k] = v));
      c.length = r.length;
      return c;
    });
  /** The rows handed over as arrays, as one array refilled (its length set for each row), or by a row writer. */
  const handed = (
    rows: readonly (readonly CsvCell[])[],
    how: 'arrays' | 'refilled' | 'writer',
  ): Iterable<readonly CsvCell[]> | CsvRowWriter => {
    const width = rows[0]?.length ?? 3;
    if (how === 'writer' && rows.every((r) => r.length === width)) {
      return {
        count: rows.length,
        width,
        write: (index, cells, at) => {
          const row = rows[index] ?? [];
          for (let c = 0; c < width; c++) cells[at + c] = c in row ? row[c] : null;
        },
      };
    }
    if (how === 'arrays') return rows;
    return (function* refilled(): Generator<CsvCell[]> {
      const one: CsvCell[] = [];
      for (const r of rows) {
        one.length = 0;
        r.forEach((v, k) => (one[k] = v));
        one.length = r.length;
        yield one;
      }
    })();
  };
  /** More than the writer keeps. */
  const KEPT = 10;
  const HEADERS: readonly (readonly string[])[] = [['p', 'q', 'r'], ['p', 'q', 'r'], ['x'], []];
  const step = fc.oneof(
    // A new table: a few rows, ~400 rows (its cells about a dropped table's, so the spare array serves it), or one
    // first row wider than the first small array.
    fc.record({
      kind: fc.constant('new' as const),
      seed: fc.nat(),
      count: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 300, max: 700 })),
      width: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(1100)),
      ragged: fc.boolean(),
      holes: fc.boolean(),
    }),
    // An earlier table again, edited: moved on (rows dropped at the start, added at the end), a middle part, cells
    // changed, rows inserted (more than 8 in a row: the old table is no longer followed), or as it was.
    fc.record({
      kind: fc.constant('again' as const),
      back: fc.nat(),
      drop: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
      keep: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
      add: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
      changes: fc.oneof(
        fc.constant([]),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...POOL)), { maxLength: 3 }),
      ),
      inserts: fc.oneof(
        fc.constant([]),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })), { maxLength: 2 }),
      ),
      seed: fc.nat(),
    }),
  );
  test('an array lent by a dropped table serves one table only: two of them never share cells', () => {
    // Larger than any table written before in this file, so the dropped one's array is the one lent next.
    const rows = (tag: string, count: number): CsvCell[][] =>
      Array.from({ length: count }, (_, i) => [`${tag}${String(i)}`, i]);
    const check = (columns: readonly string[], table: CsvCell[][]): void =>
      assert.equal(csvText(columns, table), reference(columns, table));
    check(['dropped'], rows('d', 100_000));
    for (let t = 0; t < 8; t++) check([`filler${String(t)}`], [[t]]);
    // A table of each header of about the dropped one's size: the next of each header is sized as it, and either
    // could take the dropped table's array (as long as a's, a few cells more than b's).
    check(['h1'], rows('p', 90_000));
    check(['h2'], rows('q', 85_000));
    const a = rows('a', 90_000);
    const b = rows('b', 85_000);
    check(['h1'], a); // takes the dropped table's array
    check(['h2'], b); // must not take it too: it holds a's cells, kept for h1
    // b's rows under h1: a table whose kept cells had become b's would give a's text.
    check(['h1'], b);
    check(['h1'], a);
  });

  test('property: every text is the header and each row through csvField, whatever was written before', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step,
            header: fc.nat({ max: HEADERS.length - 1 }),
            how: fc.constantFrom('arrays', 'refilled', 'writer'),
          }),
          { minLength: 10, maxLength: 24 },
        ),
        (steps) => {
          const written: CsvCell[][][] = [];
          steps.forEach(({ step: s, header, how }, t) => {
            let rows: CsvCell[][];
            if (s.kind === 'new' || written.length === 0) {
              rows =
                s.kind === 'new'
                  ? fresh(s.seed, s.width === 1100 ? Math.min(s.count, 3) : s.count, s.width, s.ragged, s.holes)
                  : fresh(s.seed, 5, 3, false, false);
            } else {
              const before = written[written.length - 1 - (s.back % written.length)] ?? [];
              rows = copy(before.slice(s.drop, s.keep === undefined ? undefined : s.drop + s.keep));
              rows.push(...fresh(s.seed, s.add, rows[0]?.length ?? 3, false, false));
              for (const [r, c, v] of s.changes) {
                const row = rows[r % Math.max(rows.length, 1)];
                if (row !== undefined && row.length > 0) row[c % row.length] = v;
              }
              for (const [r, n] of s.inserts)
                rows.splice(r % (rows.length + 1), 0, ...fresh(s.seed + 1, n, rows[0]?.length ?? 3, false, false));
            }
            written.push(rows);
            const columns = HEADERS[header] ?? [];
            assert.equal(csvText(columns, handed(rows, how)), reference(columns, rows), `table ${String(t)}`);
          });
          // The last tables again under every header: a kept table whose cells were overwritten (an array lent to
          // two tables) would give its text for another table's rows.
          for (const rows of written.slice(-KEPT))
            for (const columns of HEADERS) assert.equal(csvText(columns, rows), reference(columns, rows), 'again');
        },
      ),
      { numRuns: 150 },
    );
  });

  test("a table written while another is (by a row's code) leaves the outer one right", () => {
    // T is the largest table of the file (its array is the one lent once it is dropped); Y, of another header and about
    // T's size, makes an inner table of Y's header ask for an array of T's size.
    const rows = (tag: string, count: number, note: string): CsvCell[][] =>
      Array.from({ length: count }, (_, i) => [`${tag}${String(i)}`, i, note]);
    const cols = ['k', 'v', 'w'];
    const T = rows('T', 70_001, 'old');
    csvText(cols, T);
    csvText(['z1', 'z2', 'z3'], rows('Y', 70_000, 'y'));
    // The outer table: T's first row, then rows of its own. An inner table holds the same rows: had it been written
    // into T's array, the outer rows would match it and take T's lines.
    const X: CsvCell[][] = [T[0] ?? [], ...rows('X', 70_000, 'new').slice(1)];
    function* outer(): Generator<CsvCell[]> {
      yield X[0] ?? [];
      // Enough tables to drop T from the kept ones, were they kept.
      for (let t = 0; t < 7; t++) csvText([`inner${String(t)}`], [[t]]);
      assert.equal(csvText(['z1', 'z2', 'z3'], X), reference(['z1', 'z2', 'z3'], X));
      for (const row of X.slice(1)) yield row;
    }
    assert.equal(csvText(cols, outer()), reference(cols, X));
  });
});
